"""``pimon inspect APP``: static inventory of an APK or a pimon app jar, as tables or JSON.

Mounted by ``monitor.cli.main`` with ``inspect_cmd.register(app)``.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from monitor.errors import PimonError
from monitor.textsafe import escape

if TYPE_CHECKING:  # imported when a command runs: every pimon command mounts this module
    from monitor.inspect import Inventory


class Format(str, Enum):
    table = "table"
    json = "json"


def _escape_tree(value: Any) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escape_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_tree(v) for v in value]
    return value


def _filters(c) -> str:
    actions = [a.rsplit(".", 1)[-1] for f in c.intent_filters for a in f.actions]
    return ", ".join(dict.fromkeys(actions))


def render(inv: Inventory, console: Console, all_components: bool = False,
           disclosed: dict[str, str | None] | None = None) -> None:
    """Print the inventory as rich tables; ``disclosed`` (SDK id -> disclosure entry or None) adds a column.
    Every string is app-controlled: escaped for rich markup first."""
    from monitor.inspect import Inventory

    inv = Inventory.model_validate(_escape_tree(inv.model_dump()))
    if disclosed is not None:
        disclosed = {k: escape(v) if v else v for k, v in disclosed.items()}
    console.print(f"[bold]{inv.package}[/bold]  version {inv.version_name or '-'} ({inv.version_code or '-'})  "
                  f"minSdk {inv.min_sdk or '-'}  targetSdk {inv.target_sdk or '-'}  \\[{inv.format}]  "
                  f"{inv.class_count} classes")
    console.print(f"sha256 {inv.sha256}")
    for warning in inv.warnings:
        console.print(f"[bold yellow]warning:[/bold yellow] {warning}")

    t = Table(title=f"Permissions ({len(inv.permissions)})", title_justify="left")
    t.add_column("permission")
    t.add_column("protection")
    for p in inv.permissions:
        style = "bold red" if p.protection == "dangerous" else None
        t.add_row(p.name + (f" (maxSdk {p.max_sdk})" if p.max_sdk else ""), p.protection, style=style)
    console.print(t)

    shown = inv.components if all_components else [c for c in inv.components if c.exported or c.self_start]
    t = Table(title=f"Components ({len(shown)} of {len(inv.components)}"
                    f"{'' if all_components else ', exported or self-starting; --all for every one'})",
              title_justify="left")
    for col in ("kind", "name", "exported", "self-start", "sdk", "intent filters"):
        t.add_column(col, overflow="fold")
    for c in shown:
        starts = ", ".join(f"{s.trigger}:{s.action.rsplit('.', 1)[-1]}" for s in c.self_start)
        t.add_row(c.kind, c.name, "yes" if c.exported else "no", starts, c.sdk or "", _filters(c),
                  style="yellow" if c.self_start else None)
    console.print(t)

    t = Table(title=f"SDKs ({len(inv.sdks)})", title_justify="left")
    for col in ("id", "name", "vendor", "category", "classes", "prefixes", "native libs",
                *(("disclosed",) if disclosed is not None else ())):
        t.add_column(col)
    for s in inv.sdks:
        extra = () if disclosed is None else (disclosed.get(s.id) or "NO",)
        t.add_row(s.id, s.name, s.vendor, s.category, str(s.class_count), ", ".join(s.prefixes),
                  ", ".join(s.native_libs), *extra,
                  style="bold red" if disclosed is not None and not disclosed.get(s.id) else None)
    console.print(t)
    if disclosed is not None:
        missing = [s.id for s in inv.sdks if not disclosed.get(s.id)]
        console.print(f"[bold red]SDKs present but not disclosed ({len(missing)}):[/bold red] " + ", ".join(missing)
                      if missing else "[green]every SDK present is disclosed[/green]")
    if inv.other_packages:
        console.print("Unattributed third-party packages: " + ", ".join(
            f"{o.package} ({o.class_count})" for o in inv.other_packages[:10]))

    t = Table(title=f"Tracker hosts in code ({len(inv.tracker_hosts)} of {len(inv.hosts)} hosts)",
              title_justify="left")
    for col in ("host", "sdk", "urls"):
        t.add_column(col)
    for h in inv.tracker_hosts:
        t.add_row(h.host, h.sdk, "\n".join(h.urls))
    console.print(t)

    if inv.native_libs:
        t = Table(title=f"Native libraries ({len(inv.native_libs)})", title_justify="left")
        for col in ("library", "abis", "sdk"):
            t.add_column(col)
        for lib in inv.native_libs:
            t.add_row(lib.name, ", ".join(lib.abis), lib.sdk or "")
        console.print(t)


def inspect_command(
    app_file: Annotated[Path, typer.Argument(metavar="APP", help="an .apk or a pimon emulator app .jar")],
    format: Annotated[Format, typer.Option("--format", "-f", help="table (default) or json")] = Format.table,
    all_components: Annotated[bool, typer.Option("--all", help="list every component, not only exported/self-starting")] = False,
    disclosure: Annotated[Path | None, typer.Option(
        "--disclosure", help="the privacy policy's disclosure file (YAML): list the SDKs present but not disclosed")] = None,
) -> None:
    """Static inventory: package, versions, permissions, components (exported, self-start), SDKs, tracker hosts, native libraries."""
    from monitor.inspect import inspect_file
    from monitor.inspect.declared import declared

    try:
        inv = inspect_file(app_file)
        if disclosure is not None:
            from monitor.traffic.disclosure import load_disclosure

            disclosed: dict[str, str | None] | None = {hit.id: name for hit, name in declared(inv, load_disclosure(disclosure))}
        else:
            disclosed = None
    except PimonError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    if format is Format.json:
        doc = inv.model_dump(mode="json")
        if disclosed is not None:
            doc["disclosure"] = {"file": str(disclosure), "disclosed": {k: v for k, v in disclosed.items() if v},
                                 "undisclosed": [k for k, v in disclosed.items() if not v]}
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        render(inv, Console(), all_components, disclosed)


def register(app: typer.Typer) -> None:
    """Mount ``inspect`` on the pimon CLI."""
    app.command("inspect")(inspect_command)
