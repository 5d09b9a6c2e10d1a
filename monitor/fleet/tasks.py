"""The task a worker runs: one suite cell (app × scenario on this worker's device), through the run service.

A task message carries a *spec* (plain JSON):

    {"app": "eager-sdk", "device": "emulator", "params": {...}, "slug": "...", "label": "...",
     "scenario": {"name": "first-launch-refuse", "file": "first-launch-refuse.yaml", "text": "<the file>"},
     "suite_run_id": 7, "db": "postgresql://…"}

Idempotent: the task id is stored on the run (``runs.task_id``). A delivery whose task already has a
finished run returns that run instead of running again; a run of the task still marked ``running`` was
left by a worker that died mid-task — it is finished as ``lost`` (kept, never counted) and this
delivery runs the cell again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.fleet.app import TASK_NAME

log = logging.getLogger(__name__)

_state: dict[str, Any] = {}
# Attempts of a redelivered task that did not finish: ``running`` (its worker died; stored as ``lost`` now),
# ``lost``, or ``interrupted`` (a pimon on the same host closed it first: monitor.recover).
SUPERSEDED = ("running", "lost", "interrupted")  # per worker process: the device and the store, opened on first use


def runs_of_task(store: Any, task_id: str) -> list[Any]:
    """Every stored attempt of ``task_id``, oldest first."""
    from monitor.store import schema as S

    with Session(store.engine) as s:
        ids = s.scalars(select(S.Run.id).where(S.Run.task_id == task_id).order_by(S.Run.id)).all()
    return [store.get_run(i) for i in ids]


def worker_device() -> Any:
    """This worker's device (``$PIMON_WORKER_DEVICE``: ``emulator:NAME`` or an adb serial), opened once per process."""
    if "device" not in _state:
        from monitor.cli.main import _device

        _state["device"] = _device(os.environ.get("PIMON_WORKER_DEVICE", "emulator"))
    return _state["device"]


def worker_store(spec_db: str | None) -> Any:
    from monitor.store import open_store

    url = os.environ.get("PIMON_WORKER_DB") or spec_db
    if _state.get("db_url") != url or "store" not in _state:
        _state["store"] = open_store(url)
        _state["db_url"] = url
    return _state["store"]


def _materialise(kind: str, carried: dict[str, Any]) -> Path:
    """A file the task carries (its name and text), written once under the state home by content."""
    from monitor.paths import state_home

    text = carried["text"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = state_home() / "fleet" / kind / digest / Path(carried["file"]).name
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def scenario_of(spec: dict[str, Any]) -> Any:
    """The spec's scenario, from the file text it carries (workers need not share the submitter's files)."""
    from monitor.scenarios.loader import load_scenario

    return load_scenario(_materialise("scenarios", spec["scenario"]), spec.get("params") or {}, strict=False)


def _answer(run: Any, attempt: int, reused: bool) -> dict[str, Any]:
    return {"run_id": run.id, "status": run.status, "reason": run.status_reason, "findings": run.findings,
            "device": run.device_serial, "worker": os.environ.get("PIMON_WORKER_NAME", socket.gethostname()),
            "attempt": attempt, "reused": reused}


def run_cell(task_id: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one cell for task ``task_id`` (see the module doc)."""
    from monitor.run import app_file_of, execute_run, resolve_app
    from monitor.traffic.disclosure import fixture_disclosure

    store = worker_store(spec.get("db"))
    earlier = runs_of_task(store, task_id)
    for run in earlier:
        if run.status not in SUPERSEDED:
            return _answer(run, len(earlier), True) | {"findings": len(store.get_findings(run.id))}
    me = os.environ.get("PIMON_WORKER_NAME", socket.gethostname())
    for run in earlier:
        if run.status == "running":
            store.add_mark(run.id, None, f"attempt lost: its worker died mid-run; task redelivered to {me}")
            store.finish_run(run.id, "lost", f"worker lost mid-run; task {task_id} retried on {me}")
    from monitor.rules import load_config
    from monitor.traffic.disclosure import disclosure_from_dict

    device = worker_device()
    scenario = scenario_of(spec)
    package = resolve_app(device, spec["app"])
    rules = load_config(_materialise("rules", spec["rules_config"])) if spec.get("rules_config") else None
    given = disclosure_from_dict(spec["disclosure"]) if spec.get("disclosure") else None
    result = execute_run(device=device, package=package, scenario=scenario, store=store,
                         params=spec.get("params") or {}, out_dir=None, rule_config=rules, traffic=spec.get("traffic"),
                         disclosure=given or fixture_disclosure(spec["app"], spec.get("device", "emulator")),
                         app_file=app_file_of(spec["app"]), suite_run_id=spec.get("suite_run_id"), task_id=task_id)
    info = store.get_run(result.run_id)
    return _answer(info, len(earlier) + 1, False) | {"findings": len(result.findings)}


def _allow_children(**_: Any) -> None:
    """Celery's prefork pool marks its child processes daemonic, and a daemonic process may not start
    multiprocessing children — but a run starts its proxy as one (``monitor.traffic.proxyproc``). The pool child
    runs one task at a time and stops what it starts in the run's ``finally``; let it have children."""
    import multiprocessing
    import multiprocessing.process

    me = multiprocessing.current_process()
    me._config["daemon"] = False  # type: ignore[attr-defined]
    # billiard's authkey type refuses the stdlib's spawn pickler: give the child a stdlib one
    me._config["authkey"] = multiprocessing.process.AuthenticationString(os.urandom(32))  # type: ignore[attr-defined]


def register(app: Any) -> Any:
    """Register ``pimon.run_cell`` on a Celery app; returns the task."""
    from celery.signals import worker_process_init

    worker_process_init.connect(_allow_children, weak=False)

    @app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)
    def _run_cell(self: Any, spec: dict[str, Any]) -> dict[str, Any]:
        return run_cell(self.request.id, spec)

    return _run_cell
