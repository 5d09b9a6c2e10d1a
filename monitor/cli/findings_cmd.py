"""``pimon diff A B`` and ``pimon baseline create RUN|SUITE`` (monitor/findings)."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import typer

from monitor.cli.main import SEVERITIES, DbOpt, err, guard, out
from monitor.textsafe import escape

baseline_app = typer.Typer(help="Baselines: reviewed files of accepted findings.", no_args_is_help=True)


def _store_if_needed(specs: list[str], db: str | None):
    from monitor.findings.sources import is_stored_spec
    from monitor.store import open_store

    if any(is_stored_spec(s) and not Path(s).exists() for s in specs):
        return guard(lambda: open_store(db))
    return None


def diff_cmd(
    a: str = typer.Argument(..., help="Before: run id, run:ID, suite:ID, suite:NAME[~N], findings.json, summary.json "
                                      "or a report directory."),
    b: str = typer.Argument(..., help="After: the same kinds."),
    db: str | None = DbOpt,
    fmt: str = typer.Option("table", "--format", help="table, json or html."),
    out_file: Path | None = typer.Option(None, "--out", "-o", help="Write the JSON/HTML here instead of stdout."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Baseline file: accepted findings are not 'new'."),
    fail_on: str | None = typer.Option(None, "--fail-on", help="Exit 1 when a new or worsened finding (not in the "
                                                               "baseline) is at or above this severity."),
    unchanged: bool = typer.Option(False, "--unchanged", help="Table: list the unchanged findings too."),
) -> None:
    """What changed between two runs, suites or findings files: new, fixed, unchanged, changed severity."""
    from monitor.findings.baseline import open_baseline
    from monitor.findings.diff import diff
    from monitor.findings.model import severity_rank
    from monitor.findings.render import diff_html, diff_json, print_diff
    from monitor.findings.sources import load_set

    if fmt not in ("table", "json", "html"):
        err.print(f"[red]error:[/red] --format must be table, json or html, not {escape(fmt)!r}")
        raise typer.Exit(2)
    if fail_on is not None and fail_on not in SEVERITIES:
        err.print(f"[red]error:[/red] --fail-on must be one of {', '.join(SEVERITIES)}")
        raise typer.Exit(2)
    store = _store_if_needed([a, b], db)
    accepted = guard(lambda: open_baseline(baseline))
    d = diff(guard(lambda: load_set(a, store)), guard(lambda: load_set(b, store)))
    if fmt == "table":
        print_diff(d, out, show_unchanged=unchanged)
    else:
        text = diff_json(d) if fmt == "json" else diff_html(d)
        if out_file is not None:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            out_file.write_text(text, encoding="utf-8")
            out.print(f"{fmt}: {escape(str(out_file))}")
        else:
            typer.echo(text, nl=False)
    if fail_on is not None:
        floor = SEVERITIES.index(fail_on)
        worse = [*d.new, *(new for old, new in d.changed if severity_rank(new.severity) > severity_rank(old.severity))]
        ok = accepted.by_fingerprint() if accepted else {}
        if any(severity_rank(r.severity) >= floor and r.fingerprint not in ok for r in worse):
            raise typer.Exit(1)


@baseline_app.command("create")
def baseline_create(
    spec: str = typer.Argument(..., help="Run id, suite:ID, suite:NAME, findings.json or summary.json."),
    out_file: Path = typer.Option(Path("pimon-baseline.yaml"), "--out", "-o"),
    db: str | None = DbOpt,
    reason: str = typer.Option(..., "--reason", help="Why these findings are accepted (reviewed)."),
    by: str | None = typer.Option(None, "--by", help="Who accepts them (default: the current user)."),
    until: str | None = typer.Option(None, "--until", help="Expiry date YYYY-MM-DD (default: in --days days)."),
    days: int = typer.Option(90, "--days", help="Validity when --until is not given (0: never expires)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a baseline accepting every current finding of a run or suite (review it before committing)."""
    from monitor.findings.baseline import dump_baseline, make_baseline
    from monitor.findings.sources import load_set

    if until is not None:
        try:
            expiry: dt.date | None = dt.date.fromisoformat(until)
        except ValueError:
            err.print(f"[red]error:[/red] --until wants YYYY-MM-DD, not {escape(until)!r}")
            raise typer.Exit(2) from None
    else:
        expiry = dt.date.today() + dt.timedelta(days=days) if days > 0 else None
    if out_file.exists() and not force:
        err.print(f"[red]error:[/red] {escape(str(out_file))} exists (use --force to overwrite)")
        raise typer.Exit(2)
    store = _store_if_needed([spec], db)
    found = guard(lambda: load_set(spec, store))
    doc = make_baseline(found.records, reason=reason, by=by or getpass.getuser(), until=expiry)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(dump_baseline(doc), encoding="utf-8")
    out.print(f"{len(doc['accepted'])} finding(s) of {escape(found.label)} accepted in {escape(str(out_file))}")


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_cmd)
    app.add_typer(baseline_app, name="baseline")
