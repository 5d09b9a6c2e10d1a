"""``pimon ui``: UI helpers usable on their own (dialog detection on a hierarchy dump)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from monitor.errors import PimonError

ui_app = typer.Typer(name="ui", help="UI hierarchy tools: consent/permission dialog detection.",
                     no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@ui_app.command("detect")
def detect_cmd(
    dump: Annotated[Path, typer.Argument(help="a uiautomator hierarchy dump (XML), or - for stdin")],
    permission: Annotated[bool, typer.Option("--permission", help="also report the system permission dialog")] = False,
) -> None:
    """Print as JSON whether a consent dialog is on screen and where its agree/refuse controls are."""
    from monitor.scenarios.detect import detect

    try:
        xml = typer.get_text_stream("stdin").read() if str(dump) == "-" else dump.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {dump}: cannot read: {getattr(exc, 'strerror', None) or exc}", err=True)
        raise typer.Exit(2) from None
    try:
        result = detect(xml)
    except PimonError as exc:
        typer.echo(f"error: {dump}: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if not permission:
        result.pop("permission", None)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


@ui_app.command("check")
def check_cmd(
    files: Annotated[list[Path], typer.Argument(help="scenario (.yaml/.py) or suite (.suite.yaml) files")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, overrides a parameter")] = None,
) -> None:
    """Validate scenario and suite files; one line per file, errors as file:line."""
    from monitor.scenarios.loader import load_scenario
    from monitor.scenarios.suite import load_suite

    params: dict[str, str] = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            typer.echo(f"error: --param wants NAME=VALUE, got {item!r}", err=True)
            raise typer.Exit(2)
        params[name] = value
    failed = False
    for f in files:
        try:
            if f.name.endswith((".suite.yaml", ".suite.yml")):
                loaded = load_suite(f, params)
                typer.echo(f"{f}: ok (suite {loaded.suite.name}, {len(loaded.runs)} runs)")
            else:
                s = load_scenario(f, params, strict=False)
                typer.echo(f"{f}: ok (scenario {s.name})")
        except PimonError as exc:
            failed = True
            typer.echo(f"error: {exc}", err=True)
    if failed:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Mount ``pimon ui`` on the main app."""
    app.add_typer(ui_app, name="ui")
