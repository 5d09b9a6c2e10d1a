"""The app's static inventory and the per-SDK table in report.html and findings.json: shown when the run
stored an inventory, escaped (its strings come from the app), schema-valid, robust to a bad stored one."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from monitor.inspect.model import (
    Component,
    IntentFilter,
    Inventory,
    OtherPackage,
    Permission,
    SdkHit,
    SelfStart,
    TrackerHost,
)
from monitor.reports import SCHEMA_PATH, write_reports
from monitor.rules import analyse_run
from monitor.store import Store, open_store

from .conftest import HOSTILE, MARK
from .test_html import parse

APP = "com.example.inv"
SCRIPT = HOSTILE[0]  # </script><script>…
IMG = HOSTILE[1]  # "><img onerror=…>


def hostile_inventory() -> Inventory:
    return Inventory(
        file=f"/apps/{IMG}.apk", format="apk", sha256="ab" * 32, package=APP, version_name=SCRIPT, version_code=7,
        min_sdk=21, target_sdk=34, application=HOSTILE[2],
        permissions=[Permission(name="android.permission.READ_PHONE_STATE", protection="dangerous"),
                     Permission(name=HOSTILE[3], protection="normal")],
        components=[
            Component(kind="receiver", name=f"com.umeng.Boot{HOSTILE[4]}", exported=True, exported_explicit=False,
                      intent_filters=[IntentFilter(actions=["android.intent.action.BOOT_COMPLETED", SCRIPT])],
                      self_start=[SelfStart(trigger="boot", action="android.intent.action.BOOT_COMPLETED")],
                      sdk="umeng"),
            Component(kind="activity", name="com.example.inv.Hidden", exported=False, exported_explicit=True)],
        sdks=[SdkHit(id="umeng", name="Umeng+", vendor="Umeng (Alibaba)", category="analytics",
                     prefixes=["com.umeng."], class_count=42),
              SdkHit(id=HOSTILE[5][:40], name=SCRIPT, vendor=IMG, category="x", prefixes=[SCRIPT], class_count=1)],
        other_packages=[OtherPackage(package=HOSTILE[9], class_count=3)],
        tracker_hosts=[TrackerHost(host="ulogs.umeng.com", sdk="umeng",
                                   urls=[f"https://ulogs.umeng.com/{SCRIPT}", HOSTILE[-1]])],
        hosts=["ulogs.umeng.com", IMG], class_count=1234, warnings=[f"packed with {SCRIPT}"])


def make_run(store: Store, inventory: object | None, disclosure: dict | None = None) -> int:
    config: dict = {"params": {}}
    if disclosure is not None:
        config["disclosure"] = disclosure
    run = store.create_run(APP, started_ms=1_000_000, config=config)
    store.add_lifecycle(run, 1_000_000, "process-start")
    store.add_events(run, [{"seq": i, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
                            "ts": 1_000_100 + i, "stack": [{"class": "com.umeng.commonsdk.UMConfigure", "method": "init"}]}
                           for i in range(3)])
    if inventory is not None:
        store.update_run_config(run, {"inventory": inventory})
    store.finish_run(run, "completed", ended_ms=1_002_000)
    analyse_run(store, run)
    return run


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    s = open_store(tmp_path_factory.mktemp("db") / "inv.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def hostile(store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    run = make_run(store, hostile_inventory().model_dump(mode="json"),
                   {"third_parties": [{"name": "JPush", "packages": ["cn.jpush."]}]})
    return write_reports(store, run, tmp_path_factory.mktemp("out"), formats=("json", "html"))


def test_inventory_section_is_collapsible_and_escaped(hostile: dict[str, Path]) -> None:
    html = hostile["html"].read_text(encoding="utf-8")
    assert re.search(r'<details class="inventory" id="inventory">\s*<summary>', html)  # collapsed by default
    p = parse(html)
    assert not [t for t, _ in p.tags if t in ("script", "img")]
    assert not [(t, a) for t, attrs in p.tags for a, _ in attrs if a.lower().startswith("on")]
    text = "".join(p.text)
    assert SCRIPT in text and IMG in text and HOSTILE[3] in text  # app strings shown as text
    assert "\u202e" not in html and "\u27e6U+202E\u27e7" in text
    assert "1234" in text and "android.permission.READ_PHONE_STATE" in text and "boot: " in text
    inv_html = html[html.index('id="inventory"'):]
    assert 'class="selfstart"' in inv_html and "com.example.inv.Hidden" not in inv_html  # only exported / self-start


def test_sdk_table_in_report(hostile: dict[str, Path]) -> None:
    html = hostile["html"].read_text(encoding="utf-8")
    table = html[html.index('id="sdk-table"'):html.index("</table>", html.index('id="sdk-table"'))]
    umeng = re.search(r'<tr class="gap" data-sdk="umeng">(.*?)</tr>', table, re.DOTALL)
    assert umeng, table
    cells = dict(re.findall(r'<td class="(present|collecting|sending|disclosed|gaps)">(.*?)</td>', umeng.group(1), re.DOTALL))
    assert "yes" in cells["present"] and "42 classes" in cells["present"]
    assert "3 calls" in cells["collecting"] and "device-id" in cells["collecting"]
    assert cells["sending"] == "—" and ">no<" in cells["disclosed"]
    assert "present but not disclosed" in cells["gaps"] and "collects PI" in cells["gaps"]
    assert re.search(r'data-sdk="jpush">.*?<td class="disclosed"><span class="yes">yes</span>: <bdi>JPush', table, re.DOTALL)
    assert HOSTILE[5] not in table and HOSTILE[5] in html  # an SDK id the database does not know is no row


def test_browser_runs_nothing_from_the_inventory(hostile: dict[str, Path], dump_dom: Callable[[Path], str]) -> None:
    dom = dump_dom(hostile["html"])
    assert f"<title>{MARK}" not in dom and not re.search(r"<html[^>]*data-pwned", dom)
    assert "<script" not in dom.lower() and "<img" not in dom.lower()


def test_findings_json_carries_inventory_and_sdks(hostile: dict[str, Path]) -> None:
    doc = json.loads(hostile["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft202012Validator)
    assert doc["inventory"]["package"] == APP and doc["inventory"]["version_name"] == SCRIPT
    assert "inventory" not in doc["run"]["config"]  # not twice
    rows = {r["sdk"]: r for r in doc["sdks"]}
    assert rows["umeng"]["present"] is True and rows["umeng"]["collecting"] == ["device-id"]
    assert rows["umeng"]["disclosed"] is None and rows["jpush"]["disclosed"] == "JPush"
    assert set(rows) == {"umeng", "jpush"}


def test_schema_rejects_a_bad_sdk_row(hostile: dict[str, Path]) -> None:
    doc = json.loads(hostile["json"].read_text(encoding="utf-8"))
    doc["sdks"][0]["present"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize("stored", [None, {"package": 5}, "not a dict", {"file": "x"}])
def test_without_a_usable_inventory_the_report_still_renders(store: Store, tmp_path: Path, stored: object) -> None:
    run = make_run(store, stored)
    paths = write_reports(store, run, tmp_path, formats=("json", "html"))
    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="inventory"' not in html and 'id="sdk-table"' in html
    assert "(no inventory)" in html and "no disclosure file was given" in html
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert "inventory" not in doc and doc["sdks"][0]["present"] is None


def test_xlsx_has_the_sdk_sheet(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run = make_run(store, hostile_inventory().model_dump(mode="json"))
    wb = load_workbook(write_reports(store, run, tmp_path, formats=("xlsx",))["xlsx"])
    rows = list(wb["SDKs"].iter_rows(values_only=True))
    assert rows[0][:5] == ("sdk", "name", "vendor", "category", "in the app")
    umeng = next(r for r in rows if r[0] == "umeng")
    assert umeng[4] is True and umeng[5] == 42 and umeng[7] == "device-id" and umeng[12] == "(no disclosure file)"
    assert "present but not disclosed" in umeng[13]
