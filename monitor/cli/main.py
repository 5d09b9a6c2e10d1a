"""The ``pimon`` command line. Sub-command groups live in sibling modules and are mounted here.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage/config error, 3 run failed.
"""

from __future__ import annotations

import sys as _sys

if __name__ in ("__main__", "__mp_main__"):
    # python -m monitor.cli.main (and multiprocessing's spawned children, which re-import it as __mp_main__):
    # import the real module first, so the sub-command modules that import it never see a half-made copy
    import monitor.cli.main as _real  # noqa: PLW0406 - on purpose (see above)

    if __name__ == "__main__":
        _sys.exit(_real.main())

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from monitor.errors import ConfigError, PimonError
from monitor.textsafe import escape

T = TypeVar("T")
SEVERITIES = ("info", "low", "medium", "high", "critical")
DEFAULT_FAIL_ON = "high"  # as bandit does: findings at or above it fail CI unless --fail-on none
FAIL_ON_HELP = (f"Exit 1 when a finding at or above this severity exists ({', '.join(SEVERITIES)}; default "
                f"{DEFAULT_FAIL_ON}); 'none': findings never change the exit code.")
LANG_HELP = "Language of the reports and the terminal summary: zh-CN or en (default: from the locale, LANG)."

app = typer.Typer(
    name="pimon",
    help="Dynamic privacy-compliance monitor for Android apps: hooks, consent scenarios, traffic evidence, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
emulator_app = typer.Typer(help="pimon's embedded JVM emulator: installed apps, fixtures, state.", no_args_is_help=True)
suite_app = typer.Typer(help="Run suites of apps × scenarios × devices.", no_args_is_help=True)
app.add_typer(emulator_app, name="emulator")
app.add_typer(suite_app, name="suite")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

RULES_CONFIG_HELP = "YAML file of rule thresholds (format: docs/reports.md, 'Rules config')."
FORMATS_HELP = "Report formats, comma-separated: json, html, junit, xlsx, pdf (pdf needs Chromium)."
DbOpt = typer.Option(None, "--db", help="SQLAlchemy URL or SQLite file (default: $PIMON_HOME/pimon.db).")
FormatOpt = typer.Option("table", "--format", help="table or json.")
RedactOpt = typer.Option(False, "--redact", help="Keep the device's identifiers (IMEI, IMSI, phone number, MACs, "
                         "android_id, GAID, …) out of the database and reports: a keyed hash stands in for each.")
RevealOpt = typer.Option(False, "--reveal", help="Show the device's identifiers (IMEI, android_id, MACs, …) raw in the "
                         "reports, for auditors; by default they are masked (8654*******1234).")
JobsOpt = typer.Option(1, "--jobs", "-j", min=1, max=64,
                       help="Runs at once: on the emulator each run has its own device state; Android devices run "
                            "one run each at a time.")


def _show_version(value: bool) -> None:
    if value:
        from monitor import __version__

        out.print(f"pimon {__version__}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                       help="Print pimon's version and exit.")) -> None:
    """Dynamic privacy-compliance monitor for Android apps: hooks, consent scenarios, traffic evidence, reports."""


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; a PimonError becomes one line on stderr and its exit code (no traceback)."""
    try:
        return fn()
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:  # a full disk, a read-only directory: one line, "the run failed"
        err.print(f"[red]error:[/red] {escape(exc.filename or '')}{': ' if exc.filename else ''}"
                  f"{escape(exc.strerror or str(exc))}")
        raise typer.Exit(3) from None
    except Exception as exc:
        if not _database_error(exc):
            raise
        # the database failed mid-way (full disk, lost connection)
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        err.print(f"[red]error:[/red] database: {escape(first)}")
        raise typer.Exit(3) from None
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: the run in progress was closed as interrupted
        from monitor.errors import Terminated

        what = "SIGTERM" if isinstance(exc, Terminated) else "interrupt"
        err.print(f"[red]error:[/red] stopped by {what}; the run in progress was closed as interrupted and reported")
        raise typer.Exit(3) from None


def _database_error(exc: Exception) -> bool:
    """An SQLAlchemy error — checked without importing SQLAlchemy (~0.2 s): a process that never imported it
    raised none. `pimon run` imports the store while the first app starts (``monitor.launch``)."""
    exc_module = sys.modules.get("sqlalchemy.exc")
    return exc_module is not None and isinstance(exc, exc_module.SQLAlchemyError)


def _open_store(db: str | None) -> Any:
    from monitor.recover import recover_stale_runs
    from monitor.store import open_store

    store = guard(lambda: open_store(db))
    for run_id in recover_stale_runs(store):  # runs left `running` by a pimon that died: closed now
        err.print(f"[yellow]note:[/yellow] run {run_id} was left running by a pimon that died: closed as interrupted")
    return store


def _parse_params(items: list[str]) -> dict[str, Any]:
    from monitor.scenarios.loader import scalar

    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            err.print(f"[red]error:[/red] --param wants NAME=VALUE, got {escape(item)!r}")
            raise typer.Exit(2)
        params[key.strip()] = scalar(value)
    return params


def _device(spec: str) -> Any:
    if spec == "emulator" or spec.startswith("emulator:"):
        from monitor.devices.emulator import EmulatorDevice

        name = spec.partition(":")[2] or "emulator"
        return guard(lambda: EmulatorDevice(name=name))
    from monitor.devices.android.device import AndroidDevice

    if spec == "gadget" or spec.startswith("gadget:"):  # an unrooted phone, the app patched with Frida's gadget
        serial = spec.partition(":")[2] or None
        return guard(lambda: AndroidDevice(serial, gadget=True))
    return guard(lambda: AndroidDevice(None if spec == "android" else spec))


def _check_fail_on(fail_on: str | None) -> str | None:
    """The --fail-on floor (None: 'none'); exit 2 on an unknown value."""
    if fail_on is None or fail_on.lower() == "none":
        return None
    if fail_on not in SEVERITIES:
        err.print(f"[red]error:[/red] --fail-on must be one of {', '.join(SEVERITIES)} or none, not {escape(fail_on)!r}")
        raise typer.Exit(2)
    return fail_on


def _check_lang(lang: str | None) -> str:
    from monitor.reports.i18n import resolve_lang

    return guard(lambda: resolve_lang(lang))


def _formats(text: str) -> tuple[str, ...]:
    from monitor.reports import WRITERS

    got = tuple(f.strip() for f in text.split(",") if f.strip())
    bad = [f for f in got if f not in WRITERS]
    if bad:
        err.print(f"[red]error:[/red] unknown report format(s) {escape(', '.join(bad))} (one of {', '.join(WRITERS)})")
        raise typer.Exit(2)
    return got


BaselineOpt = typer.Option(None, "--baseline", help="Baseline file of accepted findings: marked in the reports, "
                                                     "ignored by --fail-on; an expired entry is an error.")


def _baseline(path: Path | None) -> Any:
    from monitor.findings.baseline import open_baseline

    return guard(lambda: open_baseline(path))


def _exit_code(results: list[Any], fail_on: str | None, baseline: Any = None) -> int:
    if any(r.status not in ("completed",) for r in results):
        return 3
    if fail_on is None:
        return 0
    floor = SEVERITIES.index(fail_on)
    accepted = baseline.by_fingerprint() if baseline is not None else {}
    for r in results:
        for f in r.findings:  # assisted findings wait for a reviewer: they do not fail CI
            if getattr(f, "fingerprint", "") in accepted:
                continue
            sev = str(getattr(f.severity, "value", f.severity))
            if sev in SEVERITIES and SEVERITIES.index(sev) >= floor and getattr(f, "kind", "auto") != "assisted":
                return 1
    return 0


def _print_findings(findings: list[Any]) -> None:
    if not findings:
        out.print("  [green]no findings[/green]")
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("rule", "severity", "api", "caller", "phase", "count"):
        table.add_column(col)
    for f in findings:
        table.add_row(escape(f.rule), escape(str(getattr(f.severity, "value", f.severity))), escape(f.api),
                      escape(f.caller), escape(f.phase), str(f.count))
    out.print(table)


@app.command()
def run(
    app_: list[str] = typer.Option([], "--app", "-a", help="Fixture name, app file (.jar/.apk) or package. Repeatable."),
    apk: list[Path] = typer.Option([], "--apk", help="App file to install and run (its package from its inventory): "
                                                     "an .apk on Android, a pimon app .jar on the emulator. Repeatable."),
    scenario: list[str] = typer.Option([], "--scenario", "-s",
                                       help="Scenario name or file (repeatable), or a suite file (*.suite.yaml)."),
    device: str = typer.Option("emulator", "--device", "-d", help="`emulator` (default), an adb serial, or `gadget:SERIAL` (app patched with Frida's gadget)."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o", help="Directory for the reports."),
    db: str | None = DbOpt,
    fail_on: str = typer.Option(DEFAULT_FAIL_ON, "--fail-on", help=FAIL_ON_HELP),
    param: list[str] = typer.Option([], "--param", "-p", help="Scenario parameter NAME=VALUE (repeatable)."),
    rules_config: Path | None = typer.Option(None, "--rules-config", help=RULES_CONFIG_HELP),
    formats: str = typer.Option("json,html,junit,xlsx,sarif", "--formats", help=FORMATS_HELP),
    traffic: bool | None = typer.Option(None, "--traffic/--no-traffic",
                                           help="Capture traffic: pimon's proxy and in-app TLS capture (default: on)."),
    disclosure: Path | None = typer.Option(None, "--disclosure",
                                              help="YAML file of the third parties the app's privacy policy names."),
    baseline: Path | None = BaselineOpt,
    jobs: int = JobsOpt,
    redact: bool = RedactOpt,
    reveal: bool = RevealOpt,
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    offline: bool | None = typer.Option(None, "--offline/--online",
                                        help="Answer every request in pimon's proxy instead of forwarding it upstream "
                                             "(default: offline on the emulator, forwarded on a real device)."),
    unpin: bool = typer.Option(False, "--unpin", help="Remove the app's certificate pinning so the proxy can read its "
                                                      "HTTPS (reported in the run as an intervention)."),
    block_quic: bool | None = typer.Option(None, "--block-quic/--allow-quic",
                                           help="Refuse UDP to port 443 so apps fall back to TCP+TLS (default: on "
                                                "with traffic capture)."),
) -> None:
    """Run scenarios on apps, record everything, evaluate the rules and write reports.

    Exit codes: 0 clean, 1 a finding at or above --fail-on (default high), 2 usage or configuration error,
    3 a run failed."""
    from monitor.runner import plan_runs, run_plan

    floor = _check_fail_on(fail_on)
    accepted = _baseline(baseline)
    lang = _check_lang(lang)
    fmts = _formats(formats)
    params = _parse_params(param)
    app_ = [*app_, *(_check_app_file(p, device) for p in apk)]
    if not scenario:
        scenario = ["first-launch-refuse", "first-launch-agree"]
    plan = guard(lambda: plan_runs(app_, scenario, device, params))
    results = guard(lambda: run_plan(plan, db=db, out_dir=out_dir, rules_config=rules_config, formats=fmts,
                                     device_factory=_device, console=out, traffic=traffic, disclosure=disclosure,
                                     baseline=accepted, jobs=jobs, lang=lang, redact=redact, reveal=reveal,
                                     traffic_options={"offline": offline, "unpin": unpin, "block_quic": block_quic}))
    raise typer.Exit(_exit_code(results, floor, accepted))


def _check_app_file(path: Path, device: str) -> str:
    """Validate a ``--apk`` file before anything starts: it must be an app of the kind the device installs
    (exit 2 with one line otherwise). Returns the path as an app reference for the plan."""
    from monitor.run import app_inventory

    emulator = device == "emulator" or device.startswith("emulator:")
    if path.suffix not in (".apk", ".jar"):
        err.print(f"[red]error:[/red] {escape(str(path))}: --apk wants an .apk (Android) or a pimon app .jar "
                  "(emulator) file")
        raise typer.Exit(2)
    inv = guard(lambda: app_inventory(path))
    if inv.format != ("pimon-jar" if emulator else "apk"):
        what = "the emulator runs pimon app jars (emulator/README.md), not APKs" if emulator else \
            "an Android device installs APKs, not pimon emulator jars"
        err.print(f"[red]error:[/red] {escape(str(path))}: {what}")
        raise typer.Exit(2)
    return str(path)


@suite_app.command("run")
def suite_run(
    suite: Path = typer.Argument(..., help="Suite file (apps × scenarios × devices)."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o"),
    db: str | None = DbOpt,
    fail_on: str = typer.Option(DEFAULT_FAIL_ON, "--fail-on", help=FAIL_ON_HELP),
    param: list[str] = typer.Option([], "--param", "-p", help="Override a suite parameter NAME=VALUE."),
    baseline: Path | None = BaselineOpt,
    compare: str | None = typer.Option(None, "--compare", help="Diff the index against this (suite:ID, suite:NAME~N, "
                                                               "summary.json; default: the previous run of the suite)."),
    rules_config: Path | None = typer.Option(None, "--rules-config", help=RULES_CONFIG_HELP),
    formats: str = typer.Option("json,html,junit,xlsx,sarif", "--formats", help=FORMATS_HELP),
    traffic: bool | None = typer.Option(None, "--traffic/--no-traffic",
                                           help="Capture HTTP(S) through pimon's proxy (default: on for the emulator)."),
    disclosure: Path | None = typer.Option(None, "--disclosure",
                                              help="YAML file of the third parties the app's privacy policy names."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    jobs: int = JobsOpt,
    queue: str | None = typer.Option(None, "--queue", help="Fan the suite out to `pimon worker`s through this Redis "
                                                           "broker (redis://host:port/db) instead of running it here."),
    key: str | None = typer.Option(None, "--key", help="With --queue: submission key; submitting the same key "
                                                       "again reuses its finished runs (default: a new key)."),
    timeout: float = typer.Option(6 * 3600.0, "--timeout", help="With --queue: give up after this many seconds."),
    notify: list[str] = typer.Option([], "--notify", help="After the suite, send new/fixed findings to dingtalk:URL, "
                                                          "wecom:URL, feishu:URL or smtp://… (repeatable)."),
    report_url: str | None = typer.Option(None, "--report-url", help="Link to the published index.html in notifications."),
    redact: bool = RedactOpt,
    reveal: bool = RevealOpt,
) -> None:
    """Run every app × scenario × device of a suite, with one combined report (index.html, junit.xml, findings.xlsx).

    Exit codes as `pimon run`: 1 when a finding at or above --fail-on (default high) exists."""
    from monitor.runner import plan_runs, run_plan

    floor = _check_fail_on(fail_on)
    accepted = _baseline(baseline)
    lang = _check_lang(lang)
    fmts = _formats(formats)
    plan = guard(lambda: plan_runs([], [str(suite)], "emulator", _parse_params(param)))
    if queue:
        from monitor.fleet.submit import run_plan_queued

        results = guard(lambda: run_plan_queued(plan, broker=queue, db=db, out_dir=out_dir, console=out, formats=fmts,
                                                baseline=accepted, compare=compare, timeout=timeout, key=key,
                                                rules_config=rules_config, traffic=traffic, disclosure=disclosure,
                                                lang=lang))
    else:
        results = guard(lambda: run_plan(plan, db=db, out_dir=out_dir, device_factory=_device, console=out,
                                         rules_config=rules_config, formats=fmts, traffic=traffic,
                                         disclosure=disclosure, baseline=accepted, compare=compare, jobs=jobs,
                                         lang=lang, redact=redact, reveal=reveal))
    if notify:
        from monitor.notify import notify_suite

        try:
            notify_suite(notify, out_dir, report_url=report_url, console=out)
        except PimonError as exc:  # the suite ran: a failed notification is reported, the exit code is the suite's
            err.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(_exit_code(results, floor, accepted))


@app.command()
def demo(
    out_dir: Path = typer.Option(Path("out/demo"), "--out", "-o"),
    db: str | None = DbOpt,
) -> None:
    """Run the demo suite (every fixture app × both first-launch scenarios) on the embedded emulator,
    and check each run's findings against the fixture's expected.yaml."""
    from monitor.expected import expected_status, verdict
    from monitor.paths import EMULATOR_DIR, SCENARIOS_DIR
    from monitor.rules import all_rules
    from monitor.runner import plan_runs, run_plan

    plan = guard(lambda: plan_runs([], [str(SCENARIOS_DIR / "demo.suite.yaml")], "emulator", {}))
    results = guard(lambda: run_plan(plan, db=db, out_dir=out_dir, device_factory=_device, console=out))
    known = [r.code for r in all_rules()]
    table = Table(title="findings vs the fixtures' expected.yaml", show_edge=False)
    for col in ("app", "scenario", "status", "findings", "as expected"):
        table.add_column(col)
    bad = 0
    for planned, result in zip(plan, results):
        v = verdict(EMULATOR_DIR / "apps" / planned.app, planned.scenario.name, result.findings, known)
        mark = "[green]yes[/green]" if v.ok else ("[yellow]no expectations[/yellow]" if not v.expected_known
                                                  else f"[red]no[/red] missing {len(v.missing)}, extra {len(v.extra)}")
        want_status = expected_status(EMULATOR_DIR / "apps" / planned.app, planned.scenario.name)
        if result.status != want_status:
            mark, v = f"[red]no[/red] status {escape(result.status)}, expected {escape(want_status)}", None
        bad += v is None or not v.ok
        table.add_row(escape(planned.app), escape(planned.scenario.name), escape(result.status),
                      str(len(result.findings)), mark)
    out.print(table)
    out.print(f"\n[bold]demo report:[/bold] {escape(str(out_dir / 'index.html'))}")
    raise typer.Exit(0 if bad == 0 else 1)


@app.command()
def report(
    run_id: int = typer.Argument(..., help="Run id (see `pimon runs`)."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o"),
    db: str | None = DbOpt,
    formats: str = typer.Option("json,html,junit,xlsx", "--formats", help=FORMATS_HELP),
    reevaluate: bool = typer.Option(False, "--reevaluate", help="Evaluate the rules again before writing."),
    baseline: Path | None = BaselineOpt,
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    reveal: bool = RevealOpt,
) -> None:
    """Write the reports of a stored run (also of a crashed or interrupted one)."""
    from monitor.reports import write_reports
    from monitor.rules import analyse_run

    store = _open_store(db)
    try:
        store.get_run(run_id)
    except KeyError:
        err.print(f"[red]error:[/red] no run {run_id} in the database (see `pimon runs`)")
        raise typer.Exit(2) from None
    if reevaluate:
        from monitor.store.chain import seal_run, verify_run

        intact = verify_run(store, run_id)
        analyse_run(store, run_id)
        if intact.ok:  # new findings on intact records: sealed again (a broken seal stays broken)
            seal_run(store, run_id)
    accepted = _baseline(baseline)
    lang = _check_lang(lang)
    fmts = _formats(formats)
    paths = guard(lambda: write_reports(store, run_id, out_dir, formats=fmts, baseline=accepted, lang=lang,
                                        reveal=reveal))
    for kind, path in paths.items():
        out.print(f"{kind}: {escape(str(path))}")


@app.command()
def verify(
    target: str = typer.Argument(..., help="A run id, or a findings.json file."),
    db: str | None = DbOpt,
    lab_key: Path | None = typer.Option(None, "--lab-key", help="The lab's Ed25519 public key (PEM): the seal "
                                                                  "must be signed by it."),
) -> None:
    """Check a run's (or a findings.json's) seal: exit 0 when intact, 1 when anything was changed,
    removed or reordered since the run ended."""
    from monitor.store.chain import load_public_key, verify_document, verify_run

    pinned = guard(lambda: load_public_key(lab_key)) if lab_key else None
    if target.isdigit():
        store = _open_store(db)
        try:
            verdict = verify_run(store, int(target), public_key=pinned)
        except KeyError:
            err.print(f"[red]error:[/red] no run {target} in the database (see `pimon runs`)")
            raise typer.Exit(2) from None
        what = f"run {target}"
    else:
        path = Path(target)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/red] {escape(str(path))}: not a readable findings.json: {escape(str(exc))}")
            raise typer.Exit(2) from None
        store = _open_store(db) if db else None
        verdict = verify_document(doc if isinstance(doc, dict) else {}, public_key=pinned, store=store)
        what = str(path)
    if verdict.ok:
        seal = verdict.seal or {}
        signed = f", signed by lab key {seal['key_id']}" if seal.get("key_id") else ", unsigned"
        count = f"{verdict.records} records, " if verdict.records else ""
        out.print(f"{escape(what)}: [green]intact[/green] ({count}seal {str(seal.get('head') or seal.get('document'))[:16]}"
                  f"{signed})")
        return
    for problem in verdict.problems:
        err.print(f"{escape(what)}: [red]TAMPERED[/red] {escape(problem)}")
    raise typer.Exit(1)


@app.command()
def runs(
    db: str | None = DbOpt,
    app_: str | None = typer.Option(None, "--app", help="Only runs of this package; adds the findings trend "
                                                        "(new/fixed vs the previous run of the same scenario)."),
    suite: str | None = typer.Option(None, "--suite", help="Only runs of this suite (name)."),
    status: str | None = typer.Option(None, "--status", help="Only runs with this status (completed, failed, lost, …)."),
    since: str | None = typer.Option(None, "--since", help="Only runs started on or after YYYY-MM-DD (UTC)."),
    until: str | None = typer.Option(None, "--until", help="Only runs started on or before YYYY-MM-DD (UTC)."),
    limit: int = typer.Option(50, "--limit"),
    fmt: str = FormatOpt,
) -> None:
    """List stored runs, newest first."""
    from monitor.store.schema import RUN_STATUSES

    if status is not None and status not in RUN_STATUSES:
        err.print(f"[red]error:[/red] --status must be one of {', '.join(RUN_STATUSES)}, not {escape(status)!r}")
        raise typer.Exit(2)
    store = _open_store(db)
    rows = store.list_runs(app_package=app_, limit=limit, status=status, suite=suite,
                           since_ms=_day_ms(since, "--since"), until_ms=_day_ms(until, "--until", end=True))
    trend = _trend(store, rows) if app_ else {}
    if fmt == "json":
        out.print_json(json.dumps([{**_run_dict(r), **({"trend": trend[r.id]} if r.id in trend else {})}
                                   for r in rows]))
        return
    table = Table(show_edge=False)
    cols = ["id", "app", "scenario", "device", "status", "events", "findings", "started"]
    if app_:
        cols += ["new", "fixed", "trend"]
    for col in cols:
        table.add_column(col)
    for r in rows:
        d = _run_dict(r)
        cells = [str(d["id"]), escape(str(d["app_package"])), escape(str(d.get("scenario") or "")),
                 escape(str(d.get("device_kind") or "")), escape(str(d["status"])), str(d.get("events", "")),
                 str(d.get("findings", "")), _fmt_ms(d.get("started_ms"))]
        if app_:
            t = trend.get(r.id, {})
            cells += [str(t.get("new", "")), str(t.get("fixed", "")), t.get("bar", "")]
        table.add_row(*cells)
    out.print(table)


def _day_ms(day: str | None, opt: str, end: bool = False) -> int | None:
    import datetime as dt

    if day is None:
        return None
    try:
        d = dt.date.fromisoformat(day)
    except ValueError:
        err.print(f"[red]error:[/red] {opt} wants YYYY-MM-DD, not {escape(day)!r}")
        raise typer.Exit(2) from None
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() * 1000) + (86_400_000 if end else 0)


def _trend(store: Any, rows: list[Any]) -> dict[int, dict[str, Any]]:
    """Per run: new and fixed findings (by fingerprint) against the previous listed run of the same scenario,
    and a bar of its finding count."""
    from monitor.findings.diff import diff
    from monitor.findings.sources import run_set

    out_: dict[int, dict[str, Any]] = {}
    prev: dict[str | None, Any] = {}
    top = max((r.findings for r in rows), default=0) or 1
    for r in sorted(rows, key=lambda r: (r.started_ms, r.id)):
        cur = run_set(store, r.id)
        before = prev.get(r.scenario)
        t: dict[str, Any] = {"findings": r.findings, "bar": "█" * max(1 if r.findings else 0, round(8 * r.findings / top))}
        if before is not None:
            d = diff(before, cur)
            t.update(new=len(d.new), fixed=len(d.fixed), changed=len(d.changed), previous=before.runs[0].run_id)
        out_[r.id] = t
        if r.status != "lost":
            prev[r.scenario] = cur
    return out_


def _run_dict(r: Any) -> dict[str, Any]:
    if hasattr(r, "model_dump"):
        return r.model_dump()
    import dataclasses

    return dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(vars(r))


def _fmt_ms(ms: Any) -> str:
    import datetime as dt

    if not isinstance(ms, int):
        return ""
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


@app.command()
def rules(fmt: str = FormatOpt, lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
          brief: bool = typer.Option(False, "--brief", help="One line per rule (code, article, severity, summary).")) -> None:
    """List the rules: code, article, severity, and in words what each checks."""
    from monitor.reports import words as W
    from monitor.reports.i18n import translations
    from monitor.reports.view import prose
    from monitor.rules import all_rules

    items = all_rules()
    if fmt == "json":
        out.print_json(json.dumps([{"code": r.code, "name": r.name, "article": r.article,
                                    "severity": str(getattr(r.severity, "value", r.severity)),
                                    "message": r.message, "doc": r.doc, "kind": r.kind, "summary": r.summary,
                                    "help": prose(r.doc)} for r in items], ensure_ascii=False))
        return
    _ = translations(_check_lang(lang)).gettext
    if brief:
        table = Table(show_edge=False)
        for col in ("code", "article", "severity", "kind", "what"):
            table.add_column(col)
        for r in items:
            table.add_row(r.code, r.article, W.severity(r.severity, _),
                          "assisted" if r.kind == "assisted" else "auto", escape(_(r.summary)))
        out.print(table)
        return
    for r in items:
        review = f"  [magenta]{escape(_('needs review'))}[/magenta]" if r.kind == "assisted" else ""
        out.print(f"[bold]{escape(r.code)}[/bold]  {escape(_('Article %(a)s') % {'a': r.article})}  "
                  f"{escape(W.severity(r.severity, _))}{review}  [dim]{escape(r.name)}[/dim]")
        out.print(f"  {escape(_(r.summary))}")
        for para in prose(r.doc)[1:]:
            out.print(f"  [dim]{escape(_(para))}[/dim]")
        out.print()


@app.command()
def catalog(fmt: str = FormatOpt, category: str | None = typer.Option(None, "--category")) -> None:
    """List every hooked API with its PI category, sensitivity and permission."""
    from monitor.catalog import load_catalog

    cat = guard(load_catalog)
    entries = [e for e in cat.entries if category is None or e.category == category]
    if fmt == "json":
        out.print_json(json.dumps([e.model_dump(by_alias=True, exclude_none=True) for e in entries], ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for col in ("api", "category", "pi", "sensitive", "permission"):
        table.add_column(col)
    for e in entries:
        table.add_row(escape(e.api), e.category, str(e.pi or ""), "yes" if e.sensitive else "",
                      str(e.permission or ""))
    out.print(table)
    out.print(f"{len(entries)} entries")


scenario_app = typer.Typer(help="Scenario files: validate them.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


@app.command("scenarios")
def scenarios_cmd(fmt: str = FormatOpt) -> None:
    """List the built-in scenarios and suites with the articles they check."""
    from monitor.paths import SCENARIOS_DIR
    from monitor.scenarios.loader import builtin_names, load_scenario
    from monitor.scenarios.suite import load_suite

    rows = []
    for name in builtin_names():
        s = guard(lambda name=name: load_scenario(name, {}, strict=False))
        rows.append({"kind": "scenario", "name": s.name, "articles": list(getattr(s, "articles", []) or []),
                     "description": getattr(s, "description", "") or ""})
    for path in sorted(SCENARIOS_DIR.glob("*.suite.yaml")):
        loaded = guard(lambda path=path: load_suite(path, {}))
        arts: list[str] = []
        for r in loaded.runs:
            arts += [a for a in getattr(r.scenario, "articles", []) or [] if a not in arts]
        rows.append({"kind": "suite", "name": loaded.suite.name, "articles": arts,
                     "description": f"{loaded.suite.description} ({len(loaded.runs)} runs; {path.name})".strip()})
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for col in ("kind", "name", "articles", "description"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["kind"], escape(r["name"]), escape(", ".join(r["articles"])), escape(r["description"]))
    out.print(table)


@scenario_app.command("check")
def scenario_check(
    files: list[Path] = typer.Argument(..., help="scenario (.yaml/.py) or suite (.suite.yaml) files"),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, overrides a parameter"),
) -> None:
    """Validate scenario and suite files; one line per file, errors as file:line (same as `pimon ui check`)."""
    from monitor.cli.ui_cmd import check_cmd

    check_cmd(files, param)


@emulator_app.command("apps")
def emulator_apps() -> None:
    """List the fixture apps and the apps installed on the emulator."""
    dev = _device("emulator")
    out.print("fixtures: " + ", ".join(dev.fixtures()))
    out.print("installed: " + (", ".join(dev.installed()) or "-"))


@emulator_app.command("install")
def emulator_install(jar: Path = typer.Argument(..., help="App jar with AndroidManifest.xml at its root.")) -> None:
    """Install an emulator app of your own (see emulator/README.md)."""
    if not jar.is_file():
        err.print(f"[red]error:[/red] {escape(str(jar))}: no such file")
        raise typer.Exit(2)
    dev = _device("emulator")
    out.print(f"installed {escape(guard(lambda: dev.install(jar)))}")


@emulator_app.command("clear")
def emulator_clear(package: str = typer.Argument(...)) -> None:
    """Clear an app's data (shared preferences, granted permissions)."""
    dev = _device("emulator")
    guard(lambda: dev.clear_data(package))
    out.print(f"cleared {escape(package)}")


def _mount() -> None:
    from monitor.cli import (
        android_cmd,
        attach_cmd,
        findings_cmd,
        fleet_cmd,
        inspect_cmd,
        policy_cmd,
        sdk_cmd,
        ui_cmd,
    )

    for module in (ui_cmd, inspect_cmd, android_cmd, attach_cmd, policy_cmd, findings_cmd, fleet_cmd, sdk_cmd):
        module.register(app)
    from monitor.cli import serve_cmd  # pimon serve, pimon user (monitor.web)

    serve_cmd.register(app)


if __name__ != "__main__":  # `python -m monitor.cli.main`: mounted by the import below, under the module's name
    _mount()


def _handle_sigterm() -> None:
    """SIGTERM as Ctrl-C: the run in progress is closed as interrupted, evaluated, sealed and reported.
    (``Terminated`` comes from monitor.errors: monitor.run imports the store, ~0.5 s before `pimon run`'s app starts.)"""
    import signal

    from monitor.errors import Terminated

    def _raise(_sig: int, _frame: Any) -> None:
        raise Terminated()

    signal.signal(signal.SIGTERM, _raise)


def main() -> None:
    from monitor.textsafe import install_log_formatter

    os.umask(0o077)  # every file pimon makes (database, reports, device state, keys) is its user's alone
    install_log_formatter()  # log lines carry app strings too: no control characters reach the terminal
    _handle_sigterm()
    try:
        app()
    except ConfigError as exc:  # raised outside a guard (e.g. while parsing)
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    finally:
        _before_exit()


def _before_exit() -> None:
    """Collect the garbage once, then freeze what is left (the imported modules, live objects): the interpreter's
    shutdown then skips its full collections over all of it — seconds at the end of a run's process."""
    import gc

    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    # sub-command modules import `monitor.cli.main`: run that module, not this copy named __main__
    from monitor.cli.main import main as _main

    _main()
