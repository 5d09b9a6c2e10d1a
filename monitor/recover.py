"""Runs left ``running`` by a pimon that died (SIGKILL, power loss, OOM) are closed at the next pimon start.

Each run records its owner in ``config.owner`` (host, pid and the pid's start time, report directory and
formats, the emulator device home). :func:`recover_stale_runs` — called whenever pimon opens its store — finds
runs still ``running`` whose owner process on this host is gone, claims each (one pimon wins), and closes it
as ``interrupted``: rules evaluated on what was stored, sealed, its reports written where they were meant to
go, and the dead run's device state (its emulator ``runs/<pid>-<run>`` directory) removed.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Any

from sqlalchemy import text

log = logging.getLogger(__name__)


def process_start(pid: int) -> int | None:
    """The start time of process ``pid`` (clock ticks since boot, /proc/PID/stat field 22); None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


def owner_alive(owner: dict[str, Any]) -> bool:
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return True  # nothing to go by: leave it alone
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    start = owner.get("pid_start")
    return start is None or process_start(pid) in (None, start)  # the pid reused by another process: dead


def _claim(store: Any, run_id: int, reason: str) -> bool:
    """Atomically move the run from running to interrupted; False when another pimon got there first."""
    from monitor.store.store import now_ms

    with store.engine.begin() as conn:
        done = conn.execute(text("UPDATE runs SET status = 'interrupted', status_reason = :reason, ended_ms = :ended "
                                 "WHERE id = :id AND status = 'running'"),
                            {"reason": reason, "ended": now_ms(), "id": run_id})
    return done.rowcount == 1


def recover_stale_runs(store: Any) -> list[int]:
    """Close the runs whose pimon died; returns their ids. Never raises (a failure is logged)."""
    try:
        candidates = store.list_runs(status="running", limit=None)
    except Exception as exc:  # noqa: BLE001 - recovery must never stop the command the user asked for
        log.debug("recovery skipped: %s", exc)
        return []
    host = socket.gethostname()
    closed = []
    for run in candidates:
        owner = (run.config or {}).get("owner") or {}
        if owner.get("host") != host or owner_alive(owner):
            continue
        reason = f"pimon (pid {owner.get('pid')}) ended before the run finished; closed by a later pimon"
        try:
            if not _claim(store, run.id, reason):
                continue
            close_interrupted(store, run.id, owner)
            closed.append(run.id)
        except Exception as exc:  # noqa: BLE001
            log.warning("could not close run %s left by a dead pimon: %s", run.id, exc)
    return closed


def close_interrupted(store: Any, run_id: int, owner: dict[str, Any]) -> None:
    from monitor.devices.emulator.device import remove_stale_run_dirs
    from monitor.rules import analyse_run
    from monitor.store.chain import seal_run

    home = owner.get("device_home")
    if home:
        remove_stale_run_dirs(Path(home) / "runs")
    store.add_mark(run_id, None, "closed as interrupted: its pimon died before the run ended")
    analyse_run(store, run_id)
    seal_run(store, run_id)
    out = owner.get("out_dir")
    if out:
        from monitor.reports import write_reports

        try:
            write_reports(store, run_id, out, formats=tuple(owner.get("formats") or ("json", "html")))
        except Exception as exc:  # noqa: BLE001 - the run is closed; its reports can be written with `pimon report`
            log.warning("run %s: reports not written to %s: %s", run_id, out, exc)
