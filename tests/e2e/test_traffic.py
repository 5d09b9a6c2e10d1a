"""Traffic end to end: the tracker-sdk fixture's requests through pimon's proxy on the emulator, each
identifier it sends found with the right encoding, location, attribution and consent phase; the
compliant app sends nothing; a killed app keeps its flows."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario
from monitor.store.flows import get_flows
from monitor.traffic.disclosure import fixture_disclosure

pytestmark = pytest.mark.e2e

PARAMS = {"observe": 2, "background": 1, "dialog_timeout": 8, "permission_timeout": 1}
UMENG = ("https", "ulogs.umeng.com", "sdk:umeng", "android_id", "plain", "body:$.header.device_id", ("gzip",))
APPSFLYER = ("https", "t.appsflyer.com", "sdk:appsflyer", "android_id", "base64", "body:$.af_v", ())
JPUSH = ("http", "stats.jiguang.cn", "sdk:jpush", "mac", "md5", "body:form.mac_md5", ())
BACKEND = ("https", "api.example.com", "app", "android_id", "plain", "body:$.device", ())


def _run(device, store, tmp_path: Path, app: str, scenario: str):
    package = device.install_fixture(app)
    result = execute_run(device=device, package=package, scenario=load_scenario(scenario, PARAMS), store=store,
                         params=PARAMS, out_dir=tmp_path / "out", disclosure=fixture_disclosure(app))
    assert result.status == "completed", result.reason
    return result


def _sent(store, run_id: int) -> list[tuple]:
    """(scheme, host, caller, kind, encoding, location, layers, phase) of every match, in time order."""
    tl = store.load_timeline(run_id)
    return [(f.scheme, f.host, f.caller, m["kind"], m["encoding"], m["location"], tuple(m["layers"]), tl.phase_at(f.ts))
            for f in get_flows(store, run_id) for m in f.matches]


def _check_values(device, store, run_id: int) -> None:
    """The matched bytes really are the device's identifiers in the stated encoding."""
    profile = device.profile_values()
    android_id, mac = profile["android_id"], profile["wifi.mac"]
    bodies = {f.host: f.request_body for f in get_flows(store, run_id)}
    assert base64.b64encode(android_id.encode()).decode() in bodies["t.appsflyer.com"].decode()
    assert hashlib.md5(mac.encode()).hexdigest() in bodies["stats.jiguang.cn"].decode()
    assert android_id.encode() not in bodies["ulogs.umeng.com"]  # compressed on the wire: found after gunzip


def test_tracker_sdk_refused(e2e_device, e2e_store, tmp_path: Path) -> None:
    result = _run(e2e_device, e2e_store, tmp_path, "tracker-sdk", "first-launch-refuse")
    assert _sent(e2e_store, result.run_id) == [
        (*UMENG, "unknown"), (*APPSFLYER, "unknown"), (*JPUSH, "unknown"), (*APPSFLYER, "refused")]
    _check_values(e2e_device, e2e_store, result.run_id)
    flows = get_flows(e2e_store, result.run_id)
    assert all(f.offline and f.status_code == 200 for f in flows)
    assert [f.tls for f in flows] == [True, True, False, True]
    net = {(f.rule, f.api, f.caller, f.phase) for f in result.findings if f.api.startswith("net:")}
    assert net == {
        ("PI-6.3-BEFORE-CONSENT", "net:ulogs.umeng.com", "sdk:umeng", "unknown"),
        ("PI-6.3-BEFORE-CONSENT", "net:t.appsflyer.com", "sdk:appsflyer", "unknown"),
        ("PI-6.3-BEFORE-CONSENT", "net:stats.jiguang.cn", "sdk:jpush", "unknown"),
        ("PI-6.3-AFTER-REFUSAL", "net:t.appsflyer.com", "sdk:appsflyer", "refused"),
        ("PI-13-CLEARTEXT", "net:stats.jiguang.cn", "sdk:jpush", "unknown"),
        ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:t.appsflyer.com", "sdk:appsflyer", "unknown"),
        ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:t.appsflyer.com", "sdk:appsflyer", "refused"),
    }
    # the evidence names the flow, kind and encoding, never the value; the report shows the request
    profile = e2e_device.profile_values()
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    sent = json.dumps([f for f in doc["findings"] if f["api"].startswith("net:")] + doc["flows"])
    secrets = [profile["android_id"], profile["wifi.mac"], base64.b64encode(profile["android_id"].encode()).decode(),
               hashlib.md5(profile["wifi.mac"].encode()).hexdigest()]
    assert not [s for s in secrets if s in sent]
    clear = next(f for f in doc["findings"] if f["rule"] == "PI-13-CLEARTEXT")
    assert clear["evidence"]["flow"] == flows[2].id and clear["evidence"]["encodings"] == ["md5"]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")  # request values masked
    assert hashlib.md5(profile["wifi.mac"].encode()).hexdigest() not in html
    assert '<mark title="mac#' in html and '<mark title="android_id#' in html


def test_tracker_sdk_agreed_first_party_is_fine(e2e_device, e2e_store, tmp_path: Path) -> None:
    result = _run(e2e_device, e2e_store, tmp_path, "tracker-sdk", "first-launch-agree")
    assert _sent(e2e_store, result.run_id) == [
        (*UMENG, "unknown"), (*APPSFLYER, "unknown"), (*JPUSH, "unknown"), (*BACKEND, "consented")]
    assert not [f for f in result.findings if f.api == "net:api.example.com"]
    assert not [f for f in result.findings if f.rule == "PI-6.3-AFTER-REFUSAL"]


def test_compliant_sends_no_pi(e2e_device, e2e_store, tmp_path: Path) -> None:
    result = _run(e2e_device, e2e_store, tmp_path, "compliant", "first-launch-agree")
    assert result.findings == []
    assert all(not f.matches for f in get_flows(e2e_store, result.run_id))
    assert e2e_device.proxy() is None  # the device's proxy setting is cleared after the run


def test_no_traffic_records_no_flows(e2e_device, e2e_store, tmp_path: Path) -> None:
    package = e2e_device.install_fixture("tracker-sdk")
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario("first-launch-agree", PARAMS),
                         store=e2e_store, params=PARAMS, traffic=False)
    assert result.status == "completed", result.reason
    assert get_flows(e2e_store, result.run_id) == []
    assert not [f for f in result.findings if f.api.startswith("net:")]
    assert any(f.api == "android.provider.Settings$Secure.getString" for f in result.findings)


SCENARIO = """\
name: agree-and-stay
steps:
  - launch: {cold: true, clear_data: true}
  - consent: {action: agree, timeout: 8}
  - observe: 60
"""


def test_killed_app_keeps_its_flows(e2e_device, e2e_store, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SCENARIO)
    package = e2e_device.install_fixture("tracker-sdk")
    box: dict = {}
    observing = threading.Event()  # the scenario is past the consent step (and the app has made its requests)

    def progress(msg: str) -> None:
        if msg.startswith("observing"):
            observing.set()

    runner = threading.Thread(target=lambda: box.setdefault("result", execute_run(
        device=e2e_device, package=package, scenario=load_scenario(tmp_path / "s.yaml"), store=e2e_store,
        progress=progress)))
    runner.start()
    assert observing.wait(60), "the run never got past consent"
    run_id = e2e_store.list_runs(limit=1)[0].id
    proc = e2e_device.process(package)
    assert proc is not None
    os.kill(proc.pid, signal.SIGKILL)
    runner.join(timeout=60)
    assert not runner.is_alive()
    assert box["result"].status == "app-crashed"
    hosts = [f.host for f in get_flows(e2e_store, run_id) if f.matches]
    assert hosts[:3] == ["ulogs.umeng.com", "t.appsflyer.com", "stats.jiguang.cn"]
    assert {f.api for f in box["result"].findings} >= {"net:ulogs.umeng.com", "net:stats.jiguang.cn"}


@pytest.mark.parametrize(("text", "where"), [
    ("third_parties:\n  - name: Umeng\n    domain: [umeng.com]\n", ":3:"),
    ("third_parties:\n  - packages: [com.umeng.]\n", ":2:"),
    ("third_parties: [\n", ":2:"),
])
def test_bad_disclosure_is_one_line_with_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "disclosure.yaml"
    path.write_text(text)
    out = CliRunner().invoke(cli, ["run", "--app", "tracker-sdk", "--scenario", "first-launch-refuse",
                                   "--disclosure", str(path), "--db", str(tmp_path / "p.db")])
    assert out.exit_code == 2, out.output
    line = out.output.strip()
    assert "\n" not in line and str(path) + where in line and "Traceback" not in out.output


def test_cli_run_captures_traffic_with_the_fixture_disclosure(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))  # a device of its own for this CLI run
    out = CliRunner().invoke(cli, ["run", "--app", "tracker-sdk", "--scenario", "first-launch-agree",
                                   "-p", "observe=1", "-p", "background=1", "--out", str(tmp_path / "out"),
                                   "--db", str(tmp_path / "p.db"), "--formats", "json", "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert doc["run"]["config"]["traffic"] is True
    assert doc["run"]["config"]["disclosure"]["source"].endswith("emulator/apps/tracker-sdk/disclosure.yaml")
    undisclosed = {f["api"] for f in doc["findings"] if f["rule"] == "PI-6.5-UNDISCLOSED-THIRD-PARTY"}
    assert undisclosed == {"net:t.appsflyer.com"}  # Umeng and JPush are named in the fixture's file
    assert doc["summary"]["flows_with_pi"] == 4


@pytest.mark.parametrize("at_release", [True, False], ids=["read-at-release", "read-at-spawn"])
def test_the_proxy_is_in_place_before_the_app_runs_whichever_way_the_device_reads_it(
        e2e_device, e2e_store, tmp_path: Path, at_release: bool) -> None:
    """The emulator reads its proxy when the app is released: the run's proxy starts while the app is attached and
    hooked (the overlap saves the proxy's start-up). A device that reads it at spawn gets it before the launch.
    Either way the app's first request, sent as it starts (before consent), goes through the proxy."""
    e2e_device.proxy_read_at_release = at_release
    said: list[str] = []
    package = e2e_device.install_fixture("tracker-sdk")
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario("first-launch-refuse", PARAMS),
                         store=e2e_store, params=PARAMS, progress=said.append)
    assert result.status == "completed", result.reason

    def first(prefix: str) -> int:
        return next(i for i, msg in enumerate(said) if msg.startswith(prefix))

    if at_release:
        assert first("attaching to pid") < first("traffic through") < first("app running"), said
    else:
        assert first("traffic through") < first("attaching to pid"), said
    assert _sent(e2e_store, result.run_id)[0] == (*UMENG, "unknown")
