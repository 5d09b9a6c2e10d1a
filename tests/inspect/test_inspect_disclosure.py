"""Static vs declared: `pimon inspect APP --disclosure FILE` lists the SDKs present but not disclosed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.inspect import inspect_file
from monitor.inspect.declared import declared, undisclosed
from monitor.paths import EMULATOR_BUILD, EMULATOR_DIR
from monitor.traffic.disclosure import Disclosure, ThirdParty, load_disclosure

TRACKER_DISCLOSURE = EMULATOR_DIR / "apps" / "tracker-sdk" / "disclosure.yaml"


@pytest.fixture(scope="module")
def tracker_jar() -> Path:
    jar = EMULATOR_BUILD / "apps" / "tracker-sdk.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} not built (make emulator)")
    return jar


@pytest.fixture(scope="module")
def tracker(tracker_jar: Path):
    return inspect_file(tracker_jar)


def test_fixture_disclosure_misses_appsflyer(tracker) -> None:
    """tracker-sdk embeds Umeng, JPush and AppsFlyer; its policy names Umeng and JPush (by package)."""
    rows = {hit.id: name for hit, name in declared(tracker, load_disclosure(TRACKER_DISCLOSURE))}
    assert rows == {"umeng": "友盟+ (Umeng)", "jpush": "极光推送 (JPush)", "appsflyer": None}
    assert [h.id for h in undisclosed(tracker, load_disclosure(TRACKER_DISCLOSURE))] == ["appsflyer"]


@pytest.mark.parametrize("party, disclosed", [
    (ThirdParty(name="AppsFlyer"), "appsflyer"),                         # by SDK name / vendor
    (ThirdParty(name="appsflyer"), "appsflyer"),                         # by id, any case
    (ThirdParty(name="x", packages=("com.appsflyer",)), "appsflyer"),    # by package prefix (dot added)
    (ThirdParty(name="x", domains=("appsflyer.com",)), "appsflyer"),     # by a domain of the SDK
    (ThirdParty(name="x", domains=("ulogs.umeng.com",)), "umeng"),       # by a tracker host found in its code
    (ThirdParty(name="Alibaba"), None),                                  # a parent company is not Umeng's vendor name
])
def test_how_an_entry_names_an_sdk(tracker, party: ThirdParty, disclosed: str | None) -> None:
    rows = {hit.id: name for hit, name in declared(tracker, Disclosure(third_parties=(party,)))}
    assert {k for k, v in rows.items() if v} == ({disclosed} if disclosed else set())


def test_no_disclosure_discloses_nothing(tracker) -> None:
    assert {h.id for h in undisclosed(tracker, None)} == {"umeng", "jpush", "appsflyer"}


def test_cli_table_and_json(tracker_jar: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    r = runner.invoke(app, ["inspect", str(tracker_jar), "--disclosure", str(TRACKER_DISCLOSURE)])
    assert r.exit_code == 0, r.output
    assert "SDKs present but not disclosed (1): appsflyer" in r.output and "disclosed" in r.output
    r = runner.invoke(app, ["inspect", str(tracker_jar), "--disclosure", str(TRACKER_DISCLOSURE), "-f", "json"])
    doc = json.loads(r.stdout)
    assert doc["disclosure"] == {"file": str(TRACKER_DISCLOSURE), "undisclosed": ["appsflyer"],
                                 "disclosed": {"umeng": "友盟+ (Umeng)", "jpush": "极光推送 (JPush)"}}
    plain = json.loads(runner.invoke(app, ["inspect", str(tracker_jar), "-f", "json"]).stdout)
    assert "disclosure" not in plain  # unchanged without the option


def test_cli_bad_disclosure_file_is_one_line_exit_2(tracker_jar: Path, tmp_path: Path) -> None:
    bad = tmp_path / "d.yaml"
    bad.write_text("third_parties:\n  - name: Umeng\n    packagez: [com.umeng.]\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["inspect", str(tracker_jar), "--disclosure", str(bad)])
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"{bad}:3" in lines[0] and "packagez" in lines[0], r.stderr
