"""``pimon policy extract FILE.html|URL``: what a privacy policy promises (SDK list, PI types, permissions).

Mounted by ``monitor.cli.main`` with ``policy_cmd.register(app)``.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from monitor.textsafe import escape


class Format(str, Enum):
    table = "table"
    json = "json"


policy_app = typer.Typer(help="Privacy policies: extract the SDK list, PI types and permissions they name.",
                         no_args_is_help=True)


@policy_app.command("extract")
def extract(source: Annotated[str, typer.Argument(help="A policy page: HTML/text file or http(s) URL.")],
            fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
            proxy: Annotated[str | None, typer.Option("--proxy", help="HOST:PORT of an HTTP proxy for URLs.")] = None,
            ) -> None:
    """Print the policy's third-party SDK list (matched to the SDK database), PI types and permissions.

    A page that cannot be fetched or read is an error (exit 3), never an empty list."""
    from monitor.policy.source import load_policy

    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    policy = load_policy(source, proxy=proxy)
    if not policy.ok:
        err.print(f"[red]error:[/red] policy {escape(source)} {policy.status}: {escape(policy.error or '')}")
        raise typer.Exit(3)
    if fmt == Format.json:
        typer.echo(json.dumps(policy.as_json(), ensure_ascii=False, indent=2))
        return
    table = Table(title=escape(policy.title or source), show_edge=False)
    for col in ("name", "sdk", "vendor", "purpose", "pi"):
        table.add_column(col)
    for s in policy.sdks:
        table.add_row(escape(s.name), s.sdk or "-", escape(s.vendor or ""), escape(s.purpose or ""), ", ".join(s.pi))
    out.print(table)
    out.print(f"PI types: {', '.join(policy.pi) or '-'}")
    out.print(f"permissions: {', '.join(p.rsplit('.', 1)[-1] for p in policy.permissions) or '-'}")


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
