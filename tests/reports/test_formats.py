"""findings.json against its shipped schema; junit.xml and findings.xlsx readable and faithful."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from monitor.errors import ConfigError
from monitor.reports import SCHEMA_PATH, write_reports
from monitor.rules import Finding
from monitor.store import Store, open_store

from .conftest import HOSTILE


@pytest.fixture(scope="module")
def outputs(hostile_store: tuple[Store, int], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    store, run = hostile_store
    return write_reports(store, run, tmp_path_factory.mktemp("all"), formats=("json", "html", "junit", "xlsx"), lang="en")


def schema() -> dict:
    s = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def test_findings_json_validates_and_is_faithful(outputs: dict[str, Path], hostile_store: tuple[Store, int]) -> None:
    store, run = hostile_store
    doc = json.loads(outputs["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema(), cls=jsonschema.Draft202012Validator)
    assert doc["run"]["status"] == "app-crashed" and doc["run"]["id"] == run
    assert doc["run"]["app"] == {"package": "com.example.app", "label": HOSTILE[0]}
    keys = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in doc["findings"]}
    assert keys == {f.key for f in store.get_findings(run)}
    after = [k for k in keys if k[0] == "PI-6.3-AFTER-REFUSAL"]
    assert [(k[1], k[3]) for k in after] == [("android.location.LocationManager.getLastKnownLocation", "refused")]
    assert after[0][2].startswith("other:com.evil.")  # hostile package names stay data
    wrapped = next(f for f in doc["findings"] if f["rule"] == "PI-6.3-BEFORE-CONSENT" and f["caller"] == "app")
    assert wrapped["chain"][0] == "app" and wrapped["chain"][-1] == "sdk:umeng"
    assert doc["summary"]["findings"] == len(doc["findings"]) and doc["summary"]["consent_dialog_seen"]
    assert [p["state"] for p in doc["summary"]["phases"]] == ["unknown", "pre-consent", "refused"]


def test_schema_rejects_what_it_should() -> None:
    s = schema()
    good = {"format": "pimon-findings", "version": 1, "pimon_version": "0", "generated_ms": 1,
            "run": {"id": 1, "app": {"package": "a", "label": None}, "device": {"kind": "emulator", "serial": None},
                    "scenario": None, "pimon_version": "0", "started_ms": 0, "ended_ms": None, "status": "completed",
                    "status_reason": None, "config": None},
            "summary": {"findings": 0, "by_severity": {}, "by_rule": {}, "calls": 0, "consent_dialog_seen": False,
                        "phases": []},
            "findings": []}
    jsonschema.validate(good, s)
    for bad in ({**good, "run": {**good["run"], "status": "exploded"}},
                {**good, "findings": [{"rule": "PI-6.3-X"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, s)


def test_junit_has_one_failure_per_finding(outputs: dict[str, Path], hostile_store: tuple[Store, int]) -> None:
    store, run = hostile_store
    suite = ET.parse(outputs["junit"]).getroot().find("testsuite")
    assert suite is not None
    failures = suite.findall("testcase/failure")
    assert len(failures) == int(suite.get("failures")) == len(store.get_findings(run))
    assert suite.find("testcase/error").get("type") == "app-crashed"


def test_xlsx_sheets_and_no_formula_injection(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    run = store.create_run("com.example.app", app_label="=HYPERLINK(\"http://evil\",\"x\")", started_ms=0)
    store.add_events(run, [{"seq": 1, "api": "a.B.c", "ts": 5, "category": "device-id", "args": ["=1+1", "\x01bad"],
                            "ret": "=cmd|' /C calc'!A0", "stack": [{"class": "com.example.app.A", "method": "m"}]}])
    store.finish_run(run, "completed", ended_ms=10)
    path = write_reports(store, run, tmp_path, formats=("xlsx",), lang="en",
                         findings=[Finding(rule="PI-6.3-BEFORE-CONSENT", article="6(3)", severity="high", api="a.B.c",
                                           category="device-id", caller="app", phase="unknown", count=1, first_ms=5,
                                           last_ms=5, message="=2+2", evidence={"args": ["=1+1"]})])["xlsx"]
    wb = load_workbook(path)
    assert wb.sheetnames == ["行为记录", "Consent transitions", "UI steps", "Summary", "Findings", "SDKs", "Calls"]
    assert wb["Summary"]["B2"].value.startswith("=HYPERLINK") and wb["Summary"]["B2"].data_type == "s"
    calls = list(wb["Calls"].iter_rows(min_row=2, values_only=True))
    assert calls[0][2] == "a.B.c" and calls[0][10].startswith("=cmd") and calls[0][6] == "unknown"
    row = [c for c in wb["Findings"][2]]
    assert row[1].value == "PI-6.3-BEFORE-CONSENT" and all(c.data_type != "f" for c in row)
    camille = list(wb["行为记录"].iter_rows(values_only=True))
    assert camille[0] == ("隐私政策状态", "时间点", "行为主体", "操作行为", "行为描述", "传入参数", "调用堆栈")
    assert camille[1][0] == "隐私弹窗出现前" and camille[1][3] == "a.B.c" and camille[1][5].startswith("=1+1")
    assert all(c.data_type != "f" for c in wb["行为记录"][2])


def test_unknown_format_and_unwritable_dir(hostile_store: tuple[Store, int], tmp_path: Path) -> None:
    store, run = hostile_store
    with pytest.raises(ConfigError, match="unknown report format"):
        write_reports(store, run, tmp_path, formats=("docx",))
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match="cannot create report directory"):
        write_reports(store, run, tmp_path / "file" / "sub")
