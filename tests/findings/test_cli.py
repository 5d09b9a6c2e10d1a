"""``pimon diff``, ``pimon baseline create``, ``pimon runs`` filters and trend, and the suite index's diff,
through typer's runner on a real SQLite store (runs recorded through the store API, no device)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.rules.finding import Finding
from monitor.run import RunResult
from monitor.runner import PlannedRun, write_suite_report
from monitor.store import Store, open_store
from monitor.store.suites import create_suite_run

APP = "com.example.eagersdk"


def F(rule: str, api: str, caller: str = "sdk:umeng", severity: str = "high", phase: str = "unknown") -> Finding:
    return Finding(rule=rule, article="6(3)", severity=severity, api=api, category="device-id", caller=caller,
                   phase=phase, count=1, first_ms=1, last_ms=2, message=f"{rule} {api}")


IMEI = F("PI-6.3-BEFORE-CONSENT", "android.telephony.TelephonyManager.getDeviceId")
MAC = F("PI-6.3-BEFORE-CONSENT", "android.net.wifi.WifiInfo.getMacAddress")
LOC = F("PI-6.3-AFTER-REFUSAL", "android.location.LocationManager.getLastKnownLocation", phase="refused")
HOSTILE = F("PI-6.3-BEFORE-CONSENT", "</td><script>alert(1)</script>", caller="other:com.evil.<b>")


def record(store: Store, findings: list[Finding], *, scenario: str = "first-launch-refuse", started: int = 1000,
           suite_run_id: int | None = None, status: str = "completed") -> int:
    run = store.create_run(APP, scenario=scenario, started_ms=started, suite_run_id=suite_run_id)
    store.finish_run(run, status)
    store.replace_findings(run, [Finding(**f.as_dict()) for f in findings])
    return run


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Store]:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    return url, open_store(url)


def pimon(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.output


def test_diff_of_two_runs_in_every_format(db: tuple[str, Store], tmp_path: Path) -> None:
    url, store = db
    a = record(store, [IMEI, MAC, LOC])
    b = record(store, [IMEI, F(MAC.rule, MAC.api, severity="critical"), HOSTILE], started=2000)
    code, out = pimon("diff", str(a), f"run:{b}", "--db", url, "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["summary"] == {"new": 1, "fixed": 1, "unchanged": 1, "changed_severity": 1}
    assert doc["new"][0]["api"] == HOSTILE.api and doc["fixed"][0]["api"] == LOC.api
    assert doc["changed_severity"][0]["severity_before"] == "high"
    code, out = pimon("diff", str(a), str(b), "--db", url, "--format", "html", "--out", str(tmp_path / "d.html"))
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert code == 0 and "<script>alert(1)" not in html and "&lt;/td&gt;&lt;script&gt;" in html
    code, out = pimon("diff", str(a), str(b), "--db", url)
    assert code == 0 and "1 new" in out and "1 fixed" in out and "1 changed severity" in out
    assert pimon("diff", str(a), str(a), "--db", url, "--fail-on", "info")[0] == 0
    assert pimon("diff", str(a), str(b), "--db", url, "--fail-on", "critical")[0] == 1  # MAC went to critical
    code, out = pimon("diff", str(a), "99", "--db", url)
    assert code == 2 and "no run 99" in out


def test_baseline_create_then_accepted_findings_do_not_fail(db: tuple[str, Store], tmp_path: Path) -> None:
    url, store = db
    a = record(store, [IMEI, MAC])
    b = record(store, [IMEI, MAC, LOC], started=2000)
    base = tmp_path / "baseline.yaml"
    code, out = pimon("baseline", "create", str(a), "--db", url, "--out", str(base), "--reason", "legacy SDK",
                      "--by", "qa", "--days", "30")
    assert code == 0 and "2 finding(s)" in out, out
    assert "fingerprint:" in base.read_text(encoding="utf-8")
    assert pimon("baseline", "create", str(a), "--db", url, "--out", str(base), "--reason", "x")[0] == 2  # exists
    code, out = pimon("diff", str(a), str(b), "--db", url, "--baseline", str(base), "--fail-on", "high")
    assert code == 1  # LOC is new and not accepted
    code, _ = pimon("diff", str(b), str(b), "--db", url, "--baseline", str(base), "--fail-on", "info")
    assert code == 0
    # reports of a stored run mark them; an expired baseline is an error naming the file
    code, out = pimon("report", str(b), "--db", url, "--out", str(tmp_path / "r"), "--formats", "json,sarif",
                      "--baseline", str(base))
    assert code == 0, out
    doc = json.loads((tmp_path / "r" / "findings.json").read_text(encoding="utf-8"))
    assert sorted(bool(f["accepted"]) for f in doc["findings"]) == [False, True, True]
    expired = tmp_path / "old.yaml"
    expired.write_text(base.read_text(encoding="utf-8").replace("until: 20", "until: 19"), encoding="utf-8")
    code, out = pimon("report", str(b), "--db", url, "--out", str(tmp_path / "r2"), "--baseline", str(expired))
    assert code == 2 and str(expired) in out and "expired" in out


def test_runs_filters_and_trend(db: tuple[str, Store]) -> None:
    url, store = db
    sid = create_suite_run(store, "nightly", started_ms=900)
    r1 = record(store, [IMEI], started=86_400_000, suite_run_id=sid)
    r2 = record(store, [IMEI, MAC, LOC], started=2 * 86_400_000)
    r3 = record(store, [MAC], started=3 * 86_400_000, status="failed")
    code, out = pimon("runs", "--db", url, "--app", APP, "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and set(rows) == {r1, r2, r3}
    assert "new" not in rows[r1]["trend"]
    assert (rows[r2]["trend"]["new"], rows[r2]["trend"]["fixed"]) == (2, 0)
    assert (rows[r3]["trend"]["new"], rows[r3]["trend"]["fixed"], rows[r3]["trend"]["previous"]) == (0, 2, r2)
    ids = lambda *a: [r["id"] for r in json.loads(pimon("runs", "--db", url, "--format", "json", *a)[1])]
    assert ids("--suite", "nightly") == [r1]
    assert ids("--status", "failed") == [r3]
    assert ids("--since", "1970-01-03", "--until", "1970-01-04") == [r3, r2]
    assert ids("--until", "1970-01-02") == [r1]
    assert pimon("runs", "--db", url, "--since", "yesterday")[0] == 2
    assert pimon("runs", "--db", url, "--status", "great")[0] == 2
    code, out = pimon("runs", "--db", url, "--app", APP)
    assert code == 0 and "███" in out


def test_suite_index_shows_the_diff_against_the_previous_run_of_the_suite(db: tuple[str, Store],
                                                                            tmp_path: Path) -> None:
    url, store = db

    def suite_run(findings: dict[str, list[Finding]], started: int, out: Path) -> Path:
        sid = create_suite_run(store, "nightly", started_ms=started)
        results = []
        for scenario, fs in findings.items():
            run = record(store, fs, scenario=scenario, started=started + 1, suite_run_id=sid)
            results.append((PlannedRun(APP, type("S", (), {"name": scenario})(), "emulator", {}, "nightly"),
                            RunResult(run, "completed", None, store.get_findings(run))))
        return write_suite_report(store, out, results, sid)

    first = suite_run({"first-launch-refuse": [IMEI, MAC], "first-launch-agree": []}, 1000, tmp_path / "n1")
    assert 'id="no-previous"' in first.read_text(encoding="utf-8")
    second = suite_run({"first-launch-refuse": [IMEI], "first-launch-agree": [HOSTILE]}, 2000, tmp_path / "n2")
    html = second.read_text(encoding="utf-8")
    assert 'id="diff-new">1 new' in html and 'id="diff-fixed">1 fixed' in html and "<script>alert" not in html
    summary = json.loads((tmp_path / "n2" / "summary.json").read_text(encoding="utf-8"))
    assert summary["diff"]["new"] == 1 and summary["diff"]["fixed"] == 1
    assert summary["runs"][0]["app"] == APP and summary["runs"][0]["findings"][0]["fingerprint"]
    # the two summaries diff as files just as the stored suites do
    code, out = pimon("diff", str(tmp_path / "n1"), str(tmp_path / "n2" / "summary.json"), "--format", "json")
    by_file = json.loads(out)["summary"]
    code2, out2 = pimon("diff", "suite:nightly~1", "suite:nightly", "--db", url, "--format", "json")
    assert code == code2 == 0 and by_file == json.loads(out2)["summary"] == {
        "new": 1, "fixed": 1, "unchanged": 1, "changed_severity": 0}
    assert (tmp_path / "n2" / "findings.sarif").is_file() and (tmp_path / "n2" / "diff.html").is_file()
