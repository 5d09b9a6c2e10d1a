"""Fingerprints and baselines in every report, and SARIF 2.1.0 validated against the OASIS schema
(``sarif-schema-2.1.0.json``: the 2.1.0 rtm.5 schema from npm ``@microsoft/jest-sarif`` 1.0.0-beta.0, MIT)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from monitor.findings.baseline import dump_baseline, load_baseline, make_baseline
from monitor.findings.fingerprint import fingerprint
from monitor.findings.model import FindingRecord
from monitor.findings.sarif import FINGERPRINT_KEY, run_item, sarif_log
from monitor.reports import SCHEMA_PATH, write_reports
from monitor.store import Store, open_store
from tests.reports.conftest import build_hostile_run

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif_validator() -> jsonschema.Draft4Validator:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    return jsonschema.Draft4Validator(SARIF_SCHEMA)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int]:
    store = open_store(tmp_path_factory.mktemp("db") / "h.db")
    return store, build_hostile_run(store)


def _baseline_for(store: Store, run_id: int, tmp: Path, keep: int) -> Path:
    run = store.get_run(run_id)
    recs = [FindingRecord.of(f, run.app_package, run.scenario) for f in store.get_findings(run_id)][:keep]
    p = tmp / "baseline.yaml"
    p.write_text(dump_baseline(make_baseline(recs, reason="reviewed <b>ok</b>", by="qa",
                                             until=dt.date.today() + dt.timedelta(days=5))), encoding="utf-8")
    return p


def test_stored_findings_carry_their_fingerprint(hostile: tuple[Store, int]) -> None:
    store, run_id = hostile
    run = store.get_run(run_id)
    found = store.get_findings(run_id)
    assert found
    for f in found:
        assert f.fingerprint == fingerprint(run.app_package, run.scenario, f.rule, f.api, f.category, f.caller, f.phase)
    assert len({f.fingerprint for f in found}) == len(found)


def test_reports_mark_baseline_findings_accepted_and_sarif_validates(hostile: tuple[Store, int],
                                                                    tmp_path: Path) -> None:
    store, run_id = hostile
    found = store.get_findings(run_id)
    base = load_baseline(_baseline_for(store, run_id, tmp_path, keep=2))
    paths = write_reports(store, run_id, tmp_path / "r", formats=("json", "html", "junit", "sarif"), baseline=base)

    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    accepted = [f for f in doc["findings"] if f["accepted"]]
    assert len(accepted) == 2 == doc["summary"]["accepted"]
    assert {f["fingerprint"] for f in accepted} == {e.fingerprint for e in base.entries}
    assert accepted[0]["accepted"]["by"] == "qa"

    html = paths["html"].read_text(encoding="utf-8")
    assert html.count('class="accepted"') == 2 and "reviewed &lt;b&gt;ok&lt;/b&gt;" in html
    assert all(f.fingerprint in html for f in found)

    suite = ET.parse(paths["junit"]).getroot().find("testsuite")
    assert suite is not None and suite.get("skipped") == "2"
    assert int(suite.get("failures") or 0) == len(found) - 2

    sarif = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    errors = sorted(sarif_validator().iter_errors(sarif), key=str)
    assert not errors, errors[0]
    results = sarif["runs"][0]["results"]
    assert len(results) == len(found)
    assert {r["partialFingerprints"][FINGERPRINT_KEY] for r in results} == {f.fingerprint for f in found}
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 2 and suppressed[0]["suppressions"][0]["status"] == "accepted"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert rules[r["ruleIndex"]]["properties"]["article"]
        assert r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False  # the hostile run crashed


def test_sarif_frame_locations_and_levels() -> None:
    from monitor.rules.finding import Finding

    class Run:
        id, app_package, scenario, status = 7, "com.example.app", "first-launch-refuse", "completed"

    f = Finding(rule="PI-6.3-BEFORE-CONSENT", article="6(3)", severity="high", api="a.B.c", category="device-id",
                caller="sdk:umeng", phase="unknown", count=3, first_ms=1, last_ms=2, message="m",
                caller_frame={"class": "com.umeng.commonsdk.UMConfigure", "method": "init",
                              "file": "UMConfigure.java", "line": 42})
    g = Finding(rule="PI-6.3-NO-CONSENT-DIALOG", article="6(3)", severity="low", api="-", category="-",
                caller="app", phase="unknown", count=1, first_ms=1, last_ms=1, message="n")
    log = sarif_log([run_item(Run, [f, g])])
    assert not list(sarif_validator().iter_errors(log))
    r0, r1 = log["runs"][0]["results"]
    assert r0["level"] == "error" and r1["level"] == "note"
    loc = r0["locations"][0]
    assert loc["logicalLocations"][0] == {"fullyQualifiedName": "com.umeng.commonsdk.UMConfigure.init",
                                          "kind": "function"}
    assert loc["physicalLocation"] == {"artifactLocation": {"uri": "com/umeng/commonsdk/UMConfigure.java"},
                                       "region": {"startLine": 42}}
    assert "physicalLocation" not in r1["locations"][0]
    assert r0["partialFingerprints"][FINGERPRINT_KEY] == fingerprint(
        "com.example.app", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "a.B.c", "device-id", "sdk:umeng",
        "unknown")


def test_the_schema_check_is_not_vacuous() -> None:
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "pimon"}},
                                         "results": [{"message": {"text": "x"}, "level": "fatal"}]}]}
    assert list(sarif_validator().iter_errors(bad))
