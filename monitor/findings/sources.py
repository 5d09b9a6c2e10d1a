"""Where finding sets come from: a stored run, a stored suite run, or files (findings.json, summary.json).

Spec syntax (``pimon diff A B``, ``pimon baseline create``):

* ``123`` or ``run:123`` — a stored run;
* ``suite:42`` — a stored suite run by id; ``suite:NAME`` — the latest run of suite NAME;
  ``suite:NAME~1`` — the one before it (``~2`` before that, …);
* a path — ``findings.json`` (one run), ``summary.json`` (a suite's combined report), or a directory
  holding one of them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.findings.model import FindingRecord, FindingSet, RunRef

_SUITE = re.compile(r"^suite:(?P<name>[^~]+?)(?:~(?P<back>\d+))?$")


def is_stored_spec(spec: str) -> bool:
    return spec.isdigit() or spec.startswith(("run:", "suite:"))


def load_set(spec: str, store: Any = None) -> FindingSet:
    """The finding set named by ``spec`` (see the module doc). ConfigError when it cannot be found or read."""
    spec = str(spec)
    if is_stored_spec(spec) and not Path(spec).exists():
        if store is None:
            raise ConfigError(f"{spec}: a stored run or suite needs the database (--db)")
        if spec.startswith("suite:"):
            return suite_set(store, _suite_id(store, spec))
        return run_set(store, _int(spec.removeprefix("run:"), spec))
    return file_set(Path(spec))


def _int(text: str, spec: str) -> int:
    if not text.isdigit():
        raise ConfigError(f"{spec}: not a run id (want run:ID or ID)")
    return int(text)


def _suite_id(store: Any, spec: str) -> int:
    from monitor.store.suites import list_suite_runs

    m = _SUITE.match(spec)
    if not m:
        raise ConfigError(f"{spec}: want suite:ID, suite:NAME or suite:NAME~N")
    name, back = m["name"], int(m["back"] or 0)
    if name.isdigit() and not back:
        return int(name)
    runs = list_suite_runs(store, name=name, limit=back + 1)
    if len(runs) <= back:
        have = len(runs)
        raise ConfigError(f"{spec}: suite {name!r} has {have} stored run(s)" + (" (see `pimon runs --suite`)" if have else ""))
    return runs[back].id


def run_set(store: Any, run_id: int) -> FindingSet:
    try:
        run = store.get_run(run_id)
    except KeyError:
        raise ConfigError(f"no run {run_id} in the database (see `pimon runs`)") from None
    records = [FindingRecord.of(f, run.app_package, run.scenario, run.id) for f in store.get_findings(run_id)]
    return FindingSet(f"run {run_id}", records, [RunRef(run.app_package, run.scenario or "", run.status, run.id)])


def suite_set(store: Any, suite_run_id: int) -> FindingSet:
    from monitor.store.suites import get_suite_run

    try:
        suite = get_suite_run(store, suite_run_id)
    except KeyError:
        raise ConfigError(f"no suite run {suite_run_id} in the database (see `pimon runs --suite NAME`)") from None
    out = FindingSet(f"suite {suite.name} #{suite.id}")
    runs = store.list_runs(suite_run_id=suite.id, limit=None)
    latest: dict[str, int] = {}
    for run in runs:  # a queued task's attempts: only the last one counts (earlier ones were lost or superseded)
        if run.task_id:
            latest[run.task_id] = max(latest.get(run.task_id, 0), run.id)
    for run in runs:
        if run.status == "lost" or (run.task_id and latest[run.task_id] != run.id):
            continue
        out.runs.append(RunRef(run.app_package, run.scenario or "", run.status, run.id))
        out.records += [FindingRecord.of(f, run.app_package, run.scenario, run.id) for f in store.get_findings(run.id)]
    return out


def file_set(path: Path) -> FindingSet:
    if path.is_dir():
        for name in ("summary.json", "findings.json"):
            if (path / name).is_file():
                return file_set(path / name)
        raise ConfigError("no summary.json or findings.json in this directory", path=str(path))
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("no such file (want a run id, suite:NAME, findings.json or summary.json)",
                          path=str(path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read: {e}", path=str(path)) from None
    except json.JSONDecodeError as e:
        raise ConfigError(f"not JSON: {e.msg}", path=str(path), line=e.lineno) from None
    try:
        if isinstance(doc, dict) and doc.get("format") == "pimon-findings":
            return _findings_doc(doc, str(path))
        if isinstance(doc, dict) and isinstance(doc.get("runs"), list):
            return _summary_doc(doc, str(path))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"malformed pimon document: {type(e).__name__}: {e}", path=str(path)) from None
    raise ConfigError("not a pimon findings.json or summary.json", path=str(path))


def _findings_doc(doc: dict[str, Any], label: str) -> FindingSet:
    run = doc["run"]
    app, scenario = run["app"]["package"], run.get("scenario") or ""
    records = [FindingRecord.of(f, app, scenario, run.get("id")) for f in doc.get("findings") or []]
    return FindingSet(label, records, [RunRef(app, scenario, run.get("status", "completed"), run.get("id"))])


def _summary_doc(doc: dict[str, Any], label: str) -> FindingSet:
    out = FindingSet(label)
    for row in doc["runs"]:
        if "app" not in row:
            raise ValueError("summary.json rows without app/scenario (written by an older pimon): diff the runs instead")
        app, scenario, status = row["app"], row.get("scenario") or "", row.get("status", "completed")
        out.runs.append(RunRef(app, scenario, status, row.get("run_id")))
        if status == "lost":
            continue
        out.records += [FindingRecord.of(f, app, scenario, row.get("run_id")) for f in row.get("findings") or []]
    return out
