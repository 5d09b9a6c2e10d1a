"""Reports mask the device's identifiers by default (issue 12 point 6): ``8654*******1234``; ``reveal`` shows them
(real SQLite store, real report writers; the web UI's roles: tests/web)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.reports import write_reports
from monitor.reports.mask import Masker, mask_value
from monitor.rules import analyse_run
from monitor.store import open_store

IMEI, ANDROID_ID, MAC = "865412345671234", "9774d56d682e549c", "02:00:5E:10:00:01"


@pytest.mark.parametrize("value,masked", [
    ("865412345671234", "8654*******1234"),
    ("9774d56d682e549c", "9774********549c"),
    ("460001234", "46*****34"),
    ("123456", "******"),
])
def test_mask_value_keeps_at_most_the_ends(value: str, masked: str) -> None:
    assert mask_value(value) == masked
    assert masked.count("*") >= len(value) - 8 and masked.count("*") >= len(value) // 2 - 1


def test_masker_replaces_every_occurrence_case_insensitively_in_trees() -> None:
    m = Masker([ANDROID_ID, MAC])
    tree = {"args": ["id=" + ANDROID_ID.upper(), "x"], "ret": f"{MAC.lower()};{ANDROID_ID}", "n": 3}
    got = m.tree(tree)
    assert ANDROID_ID not in str(got).lower() and MAC.lower() not in str(got).lower()
    assert got["args"][0] == "id=9774********549C" and got["n"] == 3


def _run(tmp_path: Path) -> tuple[object, int]:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.app", started_ms=1_000, config={"note": f"device {IMEI}"})
    stack = [{"class": "com.umeng.commonsdk.UMConfigure", "method": "init", "file": "U.java", "line": 9}]
    store.add_events(run, [
        {"seq": 1, "api": "android.telephony.TelephonyManager.getImei", "category": "device-id", "pi": "imei",
         "ts": 1_100, "args": ["0"], "ret": IMEI, "stack": stack},
        {"seq": 2, "api": "android.provider.Settings$Secure.getString", "category": "device-id", "pi": "android_id",
         "ts": 1_200, "args": ["android_id"], "ret": ANDROID_ID, "stack": stack},
        {"seq": 3, "api": "android.net.wifi.WifiInfo.getMacAddress", "category": "device-id", "pi": "mac",
         "ts": 1_300, "args": [], "ret": MAC, "stack": stack},
        {"seq": 4, "api": "java.lang.String.concat", "category": "device-id", "ts": 1_400,  # the value copied along
         "args": [f"imei={IMEI}&id={ANDROID_ID}"], "ret": None, "stack": stack},
    ])
    store.finish_run(run, "failed", f"app printed {IMEI}", ended_ms=2_000)
    analyse_run(store, run)
    return store, run


def test_reports_mask_identifiers_unless_revealed(tmp_path: Path) -> None:
    store, run = _run(tmp_path)
    masked = write_reports(store, run, tmp_path / "masked", formats=("json", "html", "junit", "sarif"))
    for path in masked.values():
        text = path.read_text(encoding="utf-8")
        for raw in (IMEI, ANDROID_ID, MAC):
            assert raw.lower() not in text.lower(), (path.name, raw)
    doc = (tmp_path / "masked" / "findings.json").read_text(encoding="utf-8")
    assert "8654*******1234" in doc and "9774********549c" in doc
    revealed = write_reports(store, run, tmp_path / "revealed", formats=("json", "html"), reveal=True)
    assert all(IMEI in p.read_text(encoding="utf-8") for p in revealed.values())
    assert store.load_timeline(run).calls[0].ret == IMEI  # the database keeps them (--redact is the other switch)
    store.close()
