"""``pimon sdk reach SDK.jar|.aar [LIB...]``: what an SDK's bytecode references, before running it.

Mounted by ``monitor.cli.main`` with ``sdk_cmd.register(app)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from monitor.errors import PimonError

sdk_app = typer.Typer(help="Third-party SDKs: static reachability of their bytecode.", no_args_is_help=True)


@sdk_app.command("reach")
def reach_command(
    files: list[Path] = typer.Argument(..., help="The SDK (.jar or .aar) and the vendor libraries it needs."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    top: int = typer.Option(15, "--top", help="Rows per table (json: all)."),
) -> None:
    """Which catalog APIs the SDK references (with the calling class and method), which it names by
    reflection, and which platform classes and members it needs that the emulator framework lacks
    (with the SDK classes that cannot load because of them)."""
    from monitor.audit.report import framework_classes, static_audit
    from monitor.catalog import load_catalog

    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    if fmt not in ("table", "json"):
        err.print(f"[red]error:[/red] --format {escape(fmt)}: table or json")
        raise typer.Exit(2)
    try:
        doc = static_audit(files, load_catalog(), framework_classes())
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    if fmt == "json":
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    personal = [a for a in doc["catalog_apis"] if a["personal"]]
    t = Table(title=f"personal-information APIs referenced ({len(personal)} of {len(doc['catalog_apis'])} "
                    "catalog APIs)", show_edge=False)
    for col in ("api", "pi", "callers", "first caller"):
        t.add_column(col)
    for a in personal[:top]:
        what = ", ".join(a["pi"] or a["categories"]) + (" (if the argument matches)" if a["conditional"] else "")
        t.add_row(escape(a["api"]), escape(what), str(len(a["callers"])), escape(a["callers"][0]))
    out.print(t)
    for r in doc["reflective"][:top]:
        out.print(f"by reflection: {escape(r['class'])} (in {escape(r['callers'][0])})")
    p = doc["platform"]
    out.print(f"\n{doc['classes']} classes; platform: {p['classes_missing']} of {p['classes_referenced']} classes "
              f"missing from the emulator framework ({p['ui_classes_missing']} UI), {p['members_missing']} of "
              f"{p['members_referenced']} members missing; {len(doc['unloadable'])} SDK classes cannot load")
    t = Table(title="missing platform classes", show_edge=False)
    for col in ("class", "used by", "e.g."):
        t.add_column(col)
    for c in doc["missing_classes"][:top]:
        t.add_row(escape(c["class"]) + (" (UI)" if c["ui"] else ""), str(c["used_by"]), escape(c["example"]))
    out.print(t)
    t = Table(title="missing platform members", show_edge=False)
    for col in ("member", "used by", "e.g."):
        t.add_column(col)
    for m in doc["missing_members"][:top]:
        t.add_row(escape(m["member"]) + escape(m["descriptor"]), str(m["used_by"]), escape(m["example"]))
    out.print(t)
    if doc["unreadable_classes"]:
        out.print(f"[yellow]{len(doc['unreadable_classes'])} class files could not be read[/yellow]")


def register(app: typer.Typer) -> None:
    """Mount ``sdk`` on the pimon CLI."""
    app.add_typer(sdk_app, name="sdk")
