"""The submitting side of a queued suite: one task per cell, progress as results arrive, then the same
combined report as a local run (``monitor.runner.write_suite_report``), read back from the shared database."""

from __future__ import annotations

import hashlib
import time
import uuid
from pathlib import Path
from typing import Any

from rich.console import Console

from monitor.errors import ConfigError, PimonError
from monitor.fleet.app import TASK_NAME, make_app
from monitor.fleet.queues import queue_for
from monitor.textsafe import escape


class QueueError(PimonError):
    """The broker cannot be reached, or the suite did not finish in time."""


def task_id_for(key: str, index: int, planned: Any) -> str:
    """Stable per submission key and cell: re-submitting the same key sends the same ids."""
    raw = "\x00".join([key, str(index), planned.app, planned.scenario.name, planned.device])
    return "pimon-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def cell_spec(planned: Any, *, suite_run_id: int | None, db: str | None, extra: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    source = getattr(planned.scenario, "source", None)
    if not source or not Path(source).is_file():
        raise ConfigError(f"scenario {planned.scenario.name!r} has no file to send to the workers")
    return {**(extra or {}), "app": planned.app, "device": planned.device, "params": dict(planned.params),
            "slug": planned.slug, "label": planned.label, "suite_run_id": suite_run_id, "db": db,
            "scenario": {"name": planned.scenario.name, "file": Path(source).name,
                         "text": Path(source).read_text(encoding="utf-8")}}


def run_plan_queued(plan: list[Any], *, broker: str, db: str | None, out_dir: Path, console: Console | None = None,
                    formats: tuple[str, ...] = ("json", "html", "junit", "xlsx", "sarif"), baseline: Any = None,
                    compare: str | None = None, timeout: float = 3600.0,
                    key: str | None = None, poll: float = 0.5, rules_config: Path | None = None,
                    traffic: bool | None = None, disclosure: Path | None = None, lang: str | None = None) -> list[Any]:
    """Send every planned run to the workers and wait; returns the RunResults in plan order.

    ``rules_config`` and ``disclosure`` files are read here and travel in the tasks (validated first, as a
    local run does); ``traffic`` as ``pimon run``; ``lang`` is the reports' language.

    ``key`` identifies the submission (default: a new one): the suite run and the task ids derive from it,
    so submitting again with the same key reuses the finished runs instead of running them twice."""
    from monitor.reports import write_reports
    from monitor.reports.i18n import resolve_lang
    from monitor.rules import load_config
    from monitor.run import RunResult
    from monitor.runner import start_suite_run, write_suite_report
    from monitor.store import open_store
    from monitor.traffic.disclosure import load_disclosure

    console = console or Console()
    lang = resolve_lang(lang)
    extra: dict[str, Any] = {"traffic": traffic}
    if rules_config is not None:
        load_config(rules_config)  # a bad file is reported here, with its line, before anything is sent
        extra["rules_config"] = {"file": rules_config.name, "text": rules_config.read_text(encoding="utf-8")}
    if disclosure is not None:
        extra["disclosure"] = load_disclosure(disclosure).model_dump(mode="json")
    if not broker.startswith(("redis://", "rediss://")):
        raise ConfigError(f"--queue wants a Redis URL (redis://host:port/db), not {broker!r}")
    from kombu.exceptions import OperationalError

    app = make_app(broker)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.5)
    except (OperationalError, OSError) as exc:
        raise QueueError(f"cannot reach the broker {broker}: {exc}") from None
    store = open_store(db)
    key = key or uuid.uuid4().hex
    suite_run_id = start_suite_run(store, plan, key=key)
    tasks = []
    for i, planned in enumerate(plan):
        tid = task_id_for(key, i, planned)
        res = app.AsyncResult(tid)
        if res.state != "SUCCESS":
            app.send_task(TASK_NAME, args=[cell_spec(planned, suite_run_id=suite_run_id, db=db, extra=extra)], task_id=tid,
                          queue=queue_for(planned.device))
        tasks.append((planned, res))
    console.print(f"suite run {suite_run_id}: {len(tasks)} task(s) sent to {escape(broker)}")
    answers: dict[int, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    t0 = time.monotonic()
    with console.status("waiting for workers…") as status:
        while len(answers) < len(tasks):
            for i, (planned, res) in enumerate(tasks):
                if i in answers or not res.ready():
                    continue
                if res.successful():
                    answers[i] = res.result
                    a = res.result
                    colour = "green" if a["status"] == "completed" else "red"
                    console.print(f"[{len(answers)}/{len(tasks)}] {escape(planned.label)}: run {a['run_id']} "
                                  f"[{colour}]{escape(a['status'])}[/{colour}], {a['findings']} finding(s) on "
                                  f"{escape(str(a.get('device')))}" + (" (retried)" if a.get("attempt", 1) > 1 else ""))
                else:
                    answers[i] = {"run_id": None, "status": "failed", "reason": f"task failed: {res.result!r}",
                                  "findings": 0}
                    console.print(f"[{len(answers)}/{len(tasks)}] {escape(planned.label)}: [red]task failed[/red] "
                                  f"{escape(repr(res.result))}")
            if len(answers) < len(tasks):
                if time.monotonic() > deadline:
                    raise QueueError(f"suite run {suite_run_id}: {len(tasks) - len(answers)} task(s) unfinished after "
                                     f"{timeout:.0f} s (are workers listening on "
                                     f"{', '.join(sorted({queue_for(p.device) for p in plan}))}?)")
                status.update(f"{len(answers)}/{len(tasks)} done  [dim]{time.monotonic() - t0:.0f} s[/dim]")
                time.sleep(poll)
    results: list[tuple[Any, ...]] = []
    for i, (planned, _) in enumerate(tasks):
        a = answers[i]
        if a.get("run_id") is None:
            results.append((planned, RunResult(None, "failed", a.get("reason"), [])))  # type: ignore[arg-type]
            continue
        info = store.get_run(a["run_id"])
        target = out_dir / f"{planned.slug}--r{info.id}"  # as a local suite names its run folders
        reports = write_reports(store, info.id, target, formats=formats, baseline=baseline, lang=lang)
        results.append((planned, RunResult(info.id, info.status, info.status_reason, store.get_findings(info.id),
                                           reports), target))
    index = write_suite_report(store, out_dir, results, suite_run_id, baseline=baseline, compare=compare, lang=lang,
                               formats=formats)
    console.print(f"\n[bold]report:[/bold] {escape(str(index))}")
    return [x[1] for x in results]
