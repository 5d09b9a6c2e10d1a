"""SARIF 2.1.0 output (``--formats sarif`` -> ``findings.sarif``; a suite's index writes a combined one).

One SARIF ``run`` for the pimon tool; each pimon finding is a ``result`` with:

* ``ruleId`` the rule code, described under ``tool.driver.rules`` with its article and docstring;
* ``partialFingerprints["pimonFinding/v1"]`` the finding's fingerprint (``monitor.findings.fingerprint``),
  so code-scanning dashboards and aggregators (DefectDojo …) track it across runs;
* the caller's stack frame as its logical location (``Class.method``, kind ``function``) and, when the
  frame names a source file, a physical location ``com/vendor/pkg/File.java`` (line when known);
* ``suppressions`` (kind ``external``, status ``accepted``) when a baseline accepts it.

Levels: critical/high -> ``error``, medium -> ``warning``, low/info -> ``note``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "pimonFinding/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


@dataclass
class RunItem:
    """One pimon run's contribution to a SARIF log."""

    run_id: int | None
    app: str
    scenario: str
    status: str
    findings: Sequence[Any]


def run_item(run: Any, findings: Sequence[Any]) -> RunItem:
    """From a ``RunInfo`` and its findings."""
    return RunItem(run.id, run.app_package, run.scenario or "", run.status, findings)


def _text(value: Any, limit: int = 4000) -> str:
    s = str(value)[:limit]
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _rules() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from monitor.rules.registry import all_rules

    out, index = [], {}
    for i, r in enumerate(all_rules()):
        sev = str(getattr(r.severity, "value", r.severity))
        doc = " ".join((r.doc or r.name).split())
        out.append({
            "id": r.code, "name": r.name,
            "shortDescription": {"text": f"{r.name} (article {r.article})"},
            "fullDescription": {"text": _text(doc)},
            "help": {"text": _text(f"Article {r.article} of the CAC Interim Provisions on the Protection and "
                                   f"Management of Personal Information in Mobile Internet Applications. {doc}")},
            "defaultConfiguration": {"level": LEVELS.get(sev, "warning")},
            "properties": {"article": r.article, "severity": sev, "tags": ["privacy", f"article-{r.article}"]},
        })
        index[r.code] = i
    return out, index


def _location(f: Any) -> dict[str, Any]:
    frame = f.caller_frame or {}
    cls, method = frame.get("class"), frame.get("method")
    name = f"{cls}.{method}" if cls and method else f.caller
    loc: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": _text(name, 1000),
                                                 "kind": "function" if cls and method else "module"}]}
    file = frame.get("file")
    if cls and isinstance(file, str) and file and "/" not in file and not file.startswith("."):
        pkg = cls.rpartition(".")[0].replace(".", "/")
        phys: dict[str, Any] = {"artifactLocation": {"uri": _text(f"{pkg}/{file}" if pkg else file, 1000)}}
        line = frame.get("line")
        if isinstance(line, int) and line > 0:
            phys["region"] = {"startLine": line}
        loc["physicalLocation"] = phys
    return loc


def _result(item: RunItem, f: Any, rule_index: dict[str, int], baseline: Any) -> dict[str, Any]:
    from monitor.findings.fingerprint import fingerprint_of

    fp = getattr(f, "fingerprint", "") or fingerprint_of(f, item.app, item.scenario)
    res: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVELS.get(str(getattr(f.severity, "value", f.severity)), "warning"),
        "message": {"text": _text(f.message or f.rule)},
        "locations": [_location(f)],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
        "properties": {
            "app": _text(item.app, 255), "scenario": _text(item.scenario, 255), "runId": item.run_id,
            "api": _text(f.api, 512), "category": _text(f.category, 64), "caller": _text(f.caller, 255),
            "phase": f.phase, "article": f.article, "count": f.count, "firstMs": f.first_ms, "lastMs": f.last_ms,
        },
    }
    if f.rule in rule_index:
        res["ruleIndex"] = rule_index[f.rule]
    entry = baseline.accepted(fp) if baseline is not None else None
    if entry is not None:
        just = f"{entry.reason} (accepted by {entry.by}" + (f" until {entry.until})" if entry.until else ")")
        res["suppressions"] = [{"kind": "external", "status": "accepted", "justification": _text(just, 1000)}]
    return res


def sarif_log(items: Sequence[RunItem], baseline: Any = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log of the findings of ``items`` (one pimon run, or every run of a suite)."""
    rules, rule_index = _rules()
    results = [_result(item, f, rule_index, baseline) for item in items for f in item.findings]
    failed = [i for i in items if i.status != "completed"]
    invocation: dict[str, Any] = {"executionSuccessful": not failed}
    if failed:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": _text(f"run {i.run_id} ({i.app} × {i.scenario}) ended {i.status}: "
                                                         "its findings cover only what was recorded")}}
            for i in failed]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pimon", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "invocations": [invocation],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }


def write_sarif(log: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(log, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
