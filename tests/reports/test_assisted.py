"""Assisted findings (a reviewer confirms them) keep their kind through the store, findings.json (schema
valid, counted under summary.needs_review), junit.xml and report.html ("needs review")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from monitor.reports import write_reports
from monitor.rules import analyse_run
from monitor.rules.facts import fact_note
from monitor.store import open_store

SCHEMA = Path(__file__).resolve().parents[2] / "monitor" / "reports" / "findings.schema.json"


def test_assisted_kind_end_to_end(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    run = store.create_run("com.example.app", started_ms=1_000_000,
                           config={"policy": {"status": "unreachable", "error": "HTTP 404",
                                              "source": "https://m.example.com/privacy"}})
    store.add_dialog(run, 1_001_000, "consent", False, None)
    ui = store.add_ui_action(run, 1_002_000, "consent-agree", {"text": "同意"}, None)
    store.add_consent_transition(run, 1_002_000, "pre-consent", "consented", ui)
    store.add_events(run, [{"seq": 1, "api": "android.content.ContentResolver.delete", "category": "user-data-write",
                            "pi": "call-log-delete", "ts": 1_005_000, "args": ["content://call_log/calls"],
                            "stack": [{"class": "com.example.app.Cleaner", "method": "purge"}]}])
    store.add_mark(run, 1_006_000, fact_note("personalisation", {"found": False, "screens": 4}))
    store.finish_run(run, "completed", None, ended_ms=1_010_000)
    found = {f.rule: f.kind for f in analyse_run(store, run)}
    assert found == {"PI-6.5-POLICY-UNREADABLE": "assisted", "PI-8.2-NO-NONPERSONALISED-OPTION": "assisted",
                     "PI-7.2-LOCAL-OPERATION": "auto"}
    assert {f.rule: f.kind for f in store.get_findings(run)} == found
    paths = write_reports(store, run, tmp_path / "out", formats=("json", "junit", "html"), lang="en")
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")), cls=jsonschema.Draft202012Validator)
    assert {f["rule"]: f["kind"] for f in doc["findings"]} == found
    assert doc["summary"]["needs_review"] == 2
    assert paths["junit"].read_text(encoding="utf-8").count("[needs review]") == 2
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count('data-kind="assisted"') == 2  # each assisted finding is marked "needs review"
    assert re.search(r'data-article="6\(5\)">\s*<td>.*?<span class="v needs-review">needs review</span>', html, re.DOTALL)
