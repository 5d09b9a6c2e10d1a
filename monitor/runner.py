"""Plans and runs several runs (apps × scenarios × devices) with a progress display.

``plan_runs`` turns CLI arguments (or a suite file) into :class:`PlannedRun` s, validating every
scenario before anything starts; ``run_plan`` executes them one after the other, each stored and
reported on its own, and writes a combined ``index.html`` / ``summary.json`` when there are several.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from monitor.apps import app_file_of, resolve_app
from monitor.errors import ConfigError
from monitor.textsafe import escape

if TYPE_CHECKING:
    from monitor.run import RunResult


@dataclass
class PlannedRun:
    app: str
    scenario: Any
    device: str
    params: dict[str, Any]
    suite: str | None = None  # the suite's name when the run comes from a suite file
    suite_source: str | None = None

    @property
    def label(self) -> str:
        return f"{self.app} × {self.scenario.name} × {self.device}"

    @property
    def slug(self) -> str:
        """The run's folder name in a suite: app, scenario and device (two devices never share a folder); the
        runner appends the run id (``--r<id>``), so a suite run again does not overwrite last night's reports."""
        return re.sub(r"[^A-Za-z0-9._-]+", "_", f"{Path(self.app).stem}--{self.scenario.name}--{self.device}")


def plan_runs(apps: list[str], scenarios: list[str], device: str, params: dict[str, Any]) -> list[PlannedRun]:
    from monitor.scenarios.loader import load_scenario
    from monitor.scenarios.suite import load_suite

    plan: list[PlannedRun] = []
    plain: list[Any] = []
    for ref in scenarios:
        if str(ref).endswith(".suite.yaml"):
            suite = load_suite(ref, params)
            chosen = [r for r in suite.runs if not apps or r.app in apps]
            plan += [PlannedRun(r.app, r.scenario, r.device if device == "emulator" else device, dict(r.params),
                                suite.suite.name, suite.source) for r in chosen]
        else:
            plain.append(load_scenario(ref, params, strict=False))
    if plain and not apps:
        raise ConfigError("no app given: use --app NAME (a fixture, an app file or a package)")
    plan += [PlannedRun(a, s, device, dict(params)) for a in apps for s in plain]
    if not plan:
        raise ConfigError("nothing to run: give --app and --scenario, or a suite")
    return plan


def run_plan(plan: list[PlannedRun], *, db: str | None, out_dir: Path,
             device_factory: Callable[[str], Any], console: Console | None = None,
             rules_config: Path | None = None, formats: tuple[str, ...] = ("json", "html", "junit", "xlsx"),
             traffic: bool | None = None, disclosure: Path | None = None,
             baseline: Any = None, compare: str | None = None, jobs: int = 1, lang: str | None = None,
             redact: bool = False, reveal: bool = False,
             traffic_options: dict[str, Any] | None = None) -> list[RunResult]:
    """``traffic``: capture HTTP(S) (None: on for the emulator); ``disclosure``: the disclosure file for
    every run (None: a fixture app's own ``emulator/apps/<name>/disclosure.yaml`` when it has one).
    ``baseline`` (``monitor.findings.baseline.Baseline``) marks accepted findings in every report.
    A plan from one suite is stored as a suite run; its index shows the diff against ``compare``
    (a spec of ``monitor.findings.sources``; default: the previous run of the same suite).
    ``jobs``: runs at once (threads; each run on the emulator has its own device state and proxy process;
    an Android device still runs one at a time, so N devices run N at once). ``lang``: the reports' and the
    terminal summary's language (None: the locale's). ``traffic_options``: ``offline``, ``unpin``,
    ``block_quic`` for every run (``execute_run``; ``monitor.traffic.capture.traffic_plan``).

    One run writes its reports into ``out_dir``; several (a suite) each into ``out_dir/<app>--<scenario>--<device>
    --r<run id>/``, with ``index.html`` (and ``index-<timestamp>.html``, kept), ``summary.json``, a combined
    ``junit.xml`` and ``findings.xlsx`` in ``out_dir``."""
    from monitor.reports.i18n import resolve_lang
    from monitor.traffic.disclosure import fixture_disclosure, load_disclosure

    console = console or Console()
    check_outputs(out_dir, formats)  # before any app starts: a bad --out or --formats is found now, not after
    lang = resolve_lang(lang)
    given = load_disclosure(disclosure) if disclosure else None
    devices: dict[str, Any] = {}
    device_locks: dict[str, threading.Lock] = {}
    opening = threading.Lock()
    slots: list[tuple[PlannedRun, RunResult, Path] | None] = [None] * len(plan)
    many = len(plan) > 1
    parallel = jobs > 1 and many

    def device_of(spec: str) -> tuple[Any, threading.Lock]:
        with opening:
            if spec not in devices:
                devices[spec] = device_factory(spec)
                device_locks[spec] = threading.Lock()
            return devices[spec], device_locks[spec]

    def one(i: int, planned: PlannedRun) -> None:
        device, lock = device_of(planned.device)
        # the emulator isolates every run (its own device state); an Android device runs one run at a time
        exclusive = lock if getattr(device, "kind", "") != "emulator" else contextlib.nullcontext()
        t0 = time.monotonic()
        with exclusive, (contextlib.nullcontext() if parallel else console.status("starting…")) as status:
            def progress(msg: str, _s: Any = status, _t0: float = t0) -> None:
                if _s is not None:
                    _s.update(f"{escape(msg)}  [dim]{time.monotonic() - _t0:.0f} s[/dim]")

            started = early if i == 1 else None  # the app started while the store opened (monitor.launch)
            if started is not None:
                package = started.package
            else:
                with lock if exclusive is not lock else contextlib.nullcontext():  # installs one at a time
                    package = resolve_app(device, planned.app)
            if parallel:
                console.print(f"[dim]started[/dim] {i}/{len(plan)} {escape(planned.label)}")
            result = execute_run(device=device, package=package, scenario=planned.scenario, store=store,
                                 params=planned.params, rule_config=config, progress=progress,
                                 out_dir=None, formats=formats, traffic=traffic, **(traffic_options or {}),
                                 disclosure=given or fixture_disclosure(planned.app, planned.device),
                                 app_file=app_file_of(planned.app), suite_run_id=suite_run_id,
                                 baseline=baseline, redact=redact, reveal=reveal,
                                 reports_to=lambda rid, _p=planned: out_dir / f"{_p.slug}--r{rid}" if many else out_dir,
                                 early=started)
            target = out_dir / f"{planned.slug}--r{result.run_id}" if many else out_dir
            if status is not None:
                status.update("writing reports…")
            result.reports = write_reports(store, result.run_id, target, formats=formats, baseline=baseline,
                                           lang=lang, reveal=reveal)
        with opening:
            if parallel:
                console.rule(f"[bold]{i}/{len(plan)}[/bold] {escape(planned.label)}")
            _summarise(console, result, time.monotonic() - t0, lang)
        slots[i - 1] = (planned, result, target)

    early = None
    try:
        if not parallel:  # its app starts (gated, hooked) while the store, the rules and the reports are imported
            early = _early_launch(plan[0], device_of(plan[0].device)[0], traffic, traffic_options)
        from monitor.recover import recover_stale_runs
        from monitor.reports import write_reports
        from monitor.run import execute_run
        from monitor.store import open_store

        store = open_store(db)
        recover_stale_runs(store)  # runs a dead pimon left running: closed as interrupted, with rules and reports
        config = None
        if rules_config:
            from monitor.rules import load_config

            config = load_config(rules_config)
        suite_run_id = start_suite_run(store, plan)
        if parallel:
            from monitor.run import INTERRUPT

            with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="pimon-job") as pool:
                futures = [pool.submit(one, i, p) for i, p in enumerate(plan, 1)]
                try:
                    for future in futures:
                        future.result()
                except KeyboardInterrupt:  # every run in progress stops at its next step, closed as interrupted
                    INTERRUPT.set()
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        else:
            for i, planned in enumerate(plan, 1):
                console.rule(f"[bold]{i}/{len(plan)}[/bold] {escape(planned.label)}")
                one(i, planned)
    finally:
        if early is not None:
            early.cancel()  # not taken by its run (a failed start, an interrupt): stopped before the devices close
        for device in devices.values():
            close = getattr(device, "close", None)
            if close:
                close()
    results = [r for r in slots if r is not None]
    from monitor.cli.report_out import print_summary

    print_summary(console, [(p, r) for p, r, _ in results], lang)
    if many:
        index = write_suite_report(store, out_dir, [(p, r, t) for p, r, t in results], suite_run_id,
                                   baseline=baseline, compare=compare, lang=lang, formats=formats)
        console.print(f"\n[bold]report:[/bold] {escape(str(index))}")
    else:
        html = results[0][1].reports.get("html") if results else None
        if html:
            console.print(f"\n[bold]report:[/bold] {escape(str(html))}")
    return [r for _, r, _ in results]


def _early_launch(planned: PlannedRun, device: Any, traffic: bool | None,
                  traffic_options: dict[str, Any] | None) -> Any:
    """A :class:`monitor.launch.EarlyLaunch` of the planned run's app when its scenario starts with a cold launch
    on a device that reads its proxy at release and gives each run its own state (the emulator); else None."""
    from monitor.launch import EarlyLaunch, first_launch

    args = first_launch(planned.scenario)
    if args is None or not getattr(device, "proxy_read_at_release", False) or not hasattr(device, "for_run"):
        return None
    package = resolve_app(device, planned.app)
    return EarlyLaunch(device, package, clear_data=args.clear_data,
                       traffic={"traffic": traffic, **(traffic_options or {})})


def check_outputs(out_dir: Path, formats: tuple[str, ...]) -> None:
    """ConfigError when the reports could not be written: an unknown format, or ``out_dir`` is not a directory."""
    from monitor.reports import WRITERS

    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)} (one of {', '.join(WRITERS)})")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError("--out names a file, not a directory", path=str(out))
    probe = next((p for p in (out, *out.parents) if p.exists()), None)
    if probe is not None and not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError("the report directory cannot be written", path=str(probe))


def start_suite_run(store: Any, plan: list[PlannedRun], key: str | None = None) -> int | None:
    """A suite run in the store when every planned run comes from one suite (else None)."""
    from monitor.store.suites import create_suite_run

    names = {p.suite for p in plan}
    if len(names) != 1 or None in names:
        return None
    return create_suite_run(store, plan[0].suite or "", source=plan[0].suite_source, key=key,
                            config={"runs": len(plan)})


def write_suite_report(store: Any, out_dir: Path, results: list[tuple[Any, ...]],
                       suite_run_id: int | None, *, baseline: Any = None, compare: str | None = None,
                       lang: str | None = None, formats: tuple[str, ...] = ("json", "html", "junit", "xlsx")) -> Path:
    """The combined report (index.html, summary.json, findings.sarif, combined junit.xml and findings.xlsx, diff
    against ``compare`` or the previous run of the same suite); finishes the suite run in the store. Used by local
    and queued suites. ``results``: (PlannedRun, RunResult[, report folder]); the folder defaults to
    ``out_dir/<slug>--r<run id>``."""
    from monitor.findings.sources import load_set, suite_set
    from monitor.reports.i18n import resolve_lang
    from monitor.reports.suite_index import write_index
    from monitor.store.suites import finish_suite_run, get_suite_run, previous_suite_run

    suite = None
    against = load_set(compare, store) if compare else None
    if suite_run_id is not None:
        suite = get_suite_run(store, suite_run_id).name
        finish_suite_run(store, suite_run_id, "completed" if all(x[1].status == "completed" for x in results)
                         else "failed")
        if against is None:
            prev = previous_suite_run(store, suite_run_id)
            against = suite_set(store, prev.id) if prev is not None else None
    runs = [(x[0], x[1], x[2] if len(x) > 2 else out_dir / f"{x[0].slug}--r{x[1].run_id}") for x in results]
    return write_index(out_dir, runs, store, suite=suite, suite_run_id=suite_run_id, baseline=baseline,
                       compare=against, lang=resolve_lang(lang), formats=formats)


def _summarise(console: Console, result: RunResult, seconds: float, lang: str = "en") -> None:
    from monitor.cli.report_out import print_run

    print_run(console, result, seconds, lang)


__all__ = ["PlannedRun", "plan_runs", "run_plan", "start_suite_run", "write_suite_report"]
