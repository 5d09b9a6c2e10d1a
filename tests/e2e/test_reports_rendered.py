"""The reports people read, for real: eager-sdk, tracker-sdk and compliant run once (emulator JVM, Frida agent,
proxy, store, rules), compliant on two emulator devices from a suite file. Their zh-CN and en report.html are
opened in headless Chromium (Debian's chromium + chromium-driver through Selenium; nothing downloads a browser):
verdict table, SDK rows, timeline with consent lines, a finding card with relative times, a screenshot thumbnail.
report.pdf's pages are rendered to PNG (poppler) and checked for the verdict table; the xlsx files are read back
with openpyxl; the two-device suite keeps both runs' reports and its index links each.

``PIMON_UPDATE_DOCS=1`` also writes the first screen of the zh-CN eager-sdk report to docs/img/ (the README's
picture).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from rich.console import Console

from monitor import paths
from monitor.devices.emulator import EmulatorDevice
from monitor.reports import write_reports
from monitor.runner import plan_runs, run_plan
from monitor.store import open_store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]  # four runs in the first test's setup

PARAMS = {"observe": 1, "background": 1}
DOCS_IMG = paths.PACKAGE_DIR.parent / "docs" / "img" / "report-first-screen.png"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def runs(e2e_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One run_plan: a suite file with compliant on two emulator devices, then eager-sdk and tracker-sdk."""
    tmp = tmp_path_factory.mktemp("rendered")
    suite = tmp / "two-devices.suite.yaml"
    suite.write_text("name: two-devices\napps: [compliant]\nscenarios: [first-launch-refuse]\n"
                     "devices: [emulator, 'emulator:second']\nparams: {observe: 1, background: 1}\n", encoding="utf-8")
    plan = plan_runs([], [str(suite)], "emulator", {}) + plan_runs(["eager-sdk", "tracker-sdk"],
                                                                    ["first-launch-refuse"], "emulator", PARAMS)
    devices: list[EmulatorDevice] = []

    def factory(spec: str) -> EmulatorDevice:
        name = spec.partition(":")[2] or "emulator"
        dev = EmulatorDevice(tmp / "devices" / name, name=name, build_dir=e2e_build)
        devices.append(dev)
        return dev

    console = Console(record=True, width=200, force_terminal=False)
    out = tmp / "out"
    results = run_plan(plan, db=str(tmp / "pimon.db"), out_dir=out, device_factory=factory, console=console,
                       formats=("json", "html", "junit", "xlsx"), lang="zh-CN")
    store = open_store(tmp / "pimon.db")
    by_app = {}
    for planned, result in zip(plan, results):
        by_app.setdefault(planned.app, []).append((planned, result))
    try:
        yield {"out": out, "store": store, "plan": plan, "results": results, "by_app": by_app, "tmp": tmp,
               "terminal": console.export_text()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions", "--proxy-server=127.0.0.1:9",
                 "--window-size=1280,1000", "--hide-scrollbars",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def _report(runs: dict[str, Any], app: str, lang: str) -> tuple[Path, int]:
    _planned, result = runs["by_app"][app][0]
    if lang == "zh-CN":
        return result.reports["html"], result.run_id
    out = runs["tmp"] / f"en-{app}"
    return write_reports(runs["store"], result.run_id, out, formats=("html",), lang="en")["html"], result.run_id


EXPECT = {  # app -> (an SDK row it must show, a verdict that must be "fail")
    "eager-sdk": ("umeng", "6(3)"),
    "tracker-sdk": ("appsflyer", "6(3)"),
    "compliant": (None, None),
}
WORDS = {
    "zh-CN": {"fail": "不通过", "verdict": "逐条结论", "before": re.compile(r"隐私弹窗出现前 [\d.]+ (秒|毫秒)"),
              "after": re.compile(r"点击「不同意」后 [\d.]+ (秒|毫秒)")},
    "en": {"fail": "fail", "verdict": "Verdict per article",
           "before": re.compile(r"[\d.]+ (s|ms) before the privacy dialog appeared"),
           "after": re.compile(r"[\d.]+ (s|ms) after tapping “不同意”")},
}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("app", ["eager-sdk", "tracker-sdk", "compliant"])
def test_report_in_chromium(runs: dict[str, Any], browser: Any, app: str, lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    path, _run_id = _report(runs, app, lang)
    browser.get(path.resolve().as_uri())
    w = WORDS[lang]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert w["verdict"] in browser.find_element(By.ID, "verdict").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#verdict-table tr[data-article]")
    verdicts = {r.get_attribute("data-article"): r.find_element(By.CSS_SELECTOR, "span.v").text for r in rows}
    assert {"6(2)", "6(3)", "7(1)", "13"} <= set(verdicts)
    sdk, failing = EXPECT[app]
    if failing:
        assert verdicts[failing] == w["fail"]
    else:  # the compliant app fails no article
        assert w["fail"] not in verdicts.values() and set(verdicts.values()) - {""}

    sdk_rows = {r.get_attribute("data-sdk") for r in browser.find_elements(By.CSS_SELECTOR, "#sdk-summary-table tr[data-sdk]")}
    if sdk:
        assert sdk in sdk_rows
    if app == "eager-sdk" and lang == "zh-CN":  # the Chinese name of the SDK, from the SDK database
        row = browser.find_element(By.CSS_SELECTOR, '#sdk-summary-table tr[data-sdk="umeng"]')
        assert "友盟" in row.text and "隐私弹窗出现前" in row.text

    lines = browser.find_elements(By.CSS_SELECTOR, "svg line.consent-line")
    assert len(lines) >= 2  # the privacy dialog and the refusal, across every row
    assert all(float(ln.get_attribute("y2")) > 100 for ln in lines)

    cards = browser.find_elements(By.CSS_SELECTOR, "section.card")
    if app == "compliant":
        assert not cards and browser.find_elements(By.ID, "no-findings")
    else:
        texts = [c.find_element(By.CSS_SELECTOR, ".when").text for c in cards]
        assert any(w["before"].search(t) for t in texts), texts
        thumbs = browser.find_elements(By.CSS_SELECTOR, "section.card img.thumb")
        assert thumbs and all(int(t.get_attribute("naturalWidth")) == 540 for t in thumbs)  # decoded PNGs
    if app == "tracker-sdk":  # it sends after the refusal: a card told relative to the tap on 不同意
        assert any(w["after"].search(c.text) for c in cards), [c.text for c in cards]
    shots = browser.find_elements(By.CSS_SELECTOR, "div.shots figure img")
    assert len(shots) >= 3 and all(int(s.get_attribute("naturalWidth")) > 0 for s in shots)
    steps = browser.find_element(By.ID, "step-log").text
    assert "不同意" in steps  # the tapped control's text

    png = browser.get_screenshot_as_png()
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size[0] >= 1200 and len(set(img.resize((64, 64)).get_flattened_data())) > 20  # a rendered page, not blank
    if app == "eager-sdk" and lang == "zh-CN" and os.environ.get("PIMON_UPDATE_DOCS") == "1":
        DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
        DOCS_IMG.write_bytes(png)


def test_pdf_pages_show_the_verdict_table(runs: dict[str, Any], tmp_path: Path) -> None:
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext") and Path(CHROMIUM).exists()):
        pytest.skip("needs chromium and poppler-utils (.ci/run installs them)")
    _planned, result = runs["by_app"]["eager-sdk"][0]
    pdf = write_reports(runs["store"], result.run_id, tmp_path, formats=("pdf",), lang="zh-CN")["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    page1 = Image.open(tmp_path / "page-01.png").convert("RGB")
    colours = set(page1.get_flattened_data())
    assert (0xC6, 0x28, 0x28) in colours or any(abs(r - 0xC6) < 8 and g < 0x40 and b < 0x40 for r, g, b in colours)
    assert any(abs(r - 0x2E) < 8 and abs(g - 0x7D) < 8 and abs(b - 0x32) < 8 for r, g, b in colours)  # "pass" green
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    assert "逐条结论" in text and "不通过" in text and "第 6(3) 条" in text  # the verdict table on page one
    assert "com.example.eagersdk" in text and re.search(r"第 1 / \d+", text)  # page header and page number
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                           timeout=60).stdout
    assert "UMUtils" in whole  # a stack frame of a finding: every collapsed section is printed expanded


def test_xlsx_read_back_in_the_testers_columns(runs: dict[str, Any]) -> None:
    _planned, result = runs["by_app"]["tracker-sdk"][0]
    wb = load_workbook(result.reports["xlsx"])
    assert wb.sheetnames[:3] == ["行为记录", "同意状态变化", "界面步骤"] and "SDKs" in wb.sheetnames
    rows = list(wb["行为记录"].iter_rows(values_only=True))
    assert rows[0] == ("隐私政策状态", "时间点", "行为主体", "操作行为", "行为描述", "传入参数", "调用堆栈")
    assert "隐私弹窗出现前" in {r[0] for r in rows[1:]}  # the phase in words, as camille's 隐私政策状态
    sdk_rows = [r for r in rows[1:] if "sdk:" in (r[2] or "")]
    assert sdk_rows, rows[:5]
    stack = sdk_rows[0][6]
    assert stack.count("\n") >= 2 and stack.startswith("at ")  # the full stack, one frame a line
    assert all(r[1] is not None and r[1].year >= 2025 for r in rows[1:])  # real datetimes, not device strings
    consent = list(wb["同意状态变化"].iter_rows(values_only=True))
    assert any("不同意" in str(r[5]) for r in consent[1:])
    steps = list(wb["界面步骤"].iter_rows(values_only=True))
    assert any(r[4] == "不同意" for r in steps[1:])


def test_two_device_suite_keeps_both_reports_and_the_index_links_each(runs: dict[str, Any]) -> None:
    out = runs["out"]
    compliant = runs["by_app"]["compliant"]
    assert [p.device for p, _ in compliant] == ["emulator", "emulator:second"]
    dirs = {r.reports["html"].parent for _, r in compliant}
    assert len(dirs) == 2 and all(f"--r{r.run_id}" in r.reports["html"].parent.name for _, r in compliant)
    for _, r in compliant:
        doc = json.loads((r.reports["html"].parent / "findings.json").read_text(encoding="utf-8"))
        assert doc["run"]["id"] == r.run_id and doc["run"]["device"]["serial"].endswith(
            "second" if "second" in r.reports["html"].parent.name else "emulator")
    index = (out / "index.html").read_text(encoding="utf-8")
    cell = re.findall(r'<div class="run" data-run="(\d+)" data-device="([^"]+)">(.*?)</div>', index, re.DOTALL)
    devices = {d: (int(run), body) for run, d, body in cell if int(run) in {r.run_id for _, r in compliant}}
    assert set(devices) == {"emulator", "emulator:second"}
    for _, r in compliant:
        rel = r.reports["html"].relative_to(out).as_posix()
        assert f'href="{rel}"' in index and (out / rel).is_file()
    assert list(out.glob("index-*.html"))  # this night's index is kept beside the latest
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert junit.count("<testsuite ") == 4
    wb = load_workbook(out / "findings.xlsx")
    assert len(list(wb[wb.sheetnames[0]].iter_rows(min_row=2))) == 4 and "行为记录" in wb.sheetnames


def test_terminal_lines_and_summary(runs: dict[str, Any]) -> None:
    text = runs["terminal"]
    assert re.search(r"高\s+6\(3\)\s+PI-6\.3-BEFORE-CONSENT\s+友盟\+: 用户同意前读取个人信息", text), text[-3000:]
    assert "汇总" in text and "不通过的条款" in text
