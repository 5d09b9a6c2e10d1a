"""The in-process traffic source end to end on the emulator (real JVM, real agent, real proxy, real store).

The ``pinned-sdk`` fixture: the Baidu location SDK ignores the device proxy and pins its server's key,
posting android_id to ``api.map.baidu.com`` — a Baidu *Maps* host — at a real TLS server this test runs
on 127.0.0.1 (the device's hosts file maps the name there); GrowingIO posts android_id through the proxy
to ``alog.umeng.com`` (an Umeng host) with a pin the proxy's certificate cannot satisfy. pimon must find
the first by value in-process and blame the SDK whose code sent it (stack, not host); show GrowingIO's
unreadable attempt as a destination; and with ``--unpin`` record GrowingIO's request through the proxy,
attributed to GrowingIO (not to Umeng, the host's owner), reporting the unpinning as an intervention.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monitor.devices.emulator import EmulatorDevice, props
from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario
from monitor.store import open_store
from monitor.store.flows import get_destinations, get_flows
from tests.devices.emulator.conftest import build_emulator

from .tlsserver import CERT, TlsServer

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not shutil.which("java"), reason="needs a JDK")]

PARAMS = {"observe": 1, "background": 0.5, "dialog_timeout": 8, "permission_timeout": 1}
BAIDU = "api.map.baidu.com"


@pytest.fixture
def device(tmp_path: Path):
    dev = EmulatorDevice(tmp_path / "device", build_dir=build_emulator())
    try:
        yield dev
    finally:
        dev.close()


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "pimon.db")
    try:
        yield s
    finally:
        s.close()


def _point_sdk_at(device: EmulatorDevice, server: TlsServer) -> None:
    """The lab's environment: the SDK's host resolves to the local server; the SDK's server setting."""
    (device.home / "etc").mkdir(parents=True, exist_ok=True)
    (device.home / "etc" / "hosts").write_text(f"127.0.0.1 {BAIDU} localhost\n")
    settings = device.home / "settings" / "global.properties"
    values = props.read(settings)
    values["baidu_location_server"] = f"https://{BAIDU}:{server.port}"
    props.write(settings, values)


def _run(device, store, tmp_path, **kw):
    package = device.install_fixture("pinned-sdk")
    result = execute_run(device=device, package=package, scenario=load_scenario("first-launch-refuse", PARAMS),
                         store=store, params=PARAMS, out_dir=tmp_path / "out", **kw)
    assert result.status == "completed", result.reason
    return result


def _android_id(device) -> str:
    return device.profile_values()["android_id"]


def test_direct_pinned_request_is_found_in_process_and_blamed_on_its_sender(device, store, tmp_path):
    with TlsServer() as server:
        _point_sdk_at(device, server)
        result = _run(device, store, tmp_path)
        got = server.wait(1)
    android_id = _android_id(device)
    assert got[0][0] == "POST" and android_id.encode() in got[0][3]  # the app really sent it, to the server
    flows = get_flows(store, result.run_id)
    baidu = [f for f in flows if f.host == BAIDU]
    assert len(baidu) == 1, [(f.host, f.source) for f in flows]
    f = baidu[0]
    assert (f.source, f.caller, f.attributed_by, f.method, f.port) == \
        ("in-process", "sdk:baidu-location", "stack", "POST", server.port)
    assert f.path.startswith("/location/v1/report") and f.tap == "jdk"
    assert any(fr["class"] == "com.baidu.location.LocationClient" and fr["method"] == "start" for fr in f.stack)
    assert [(m["kind"], m["encoding"], m["location"]) for m in f.matches] == [("android_id", "plain", "body:$.cuid")]
    found = {(x.rule, x.api, x.caller, x.phase): x for x in result.findings}
    key = ("PI-6.3-BEFORE-CONSENT", f"net:{BAIDU}", "sdk:baidu-location", "unknown")
    assert key in found, sorted(found)
    assert found[key].evidence["source"] == "in-process" and found[key].evidence["attributed_by"] == "stack"
    # the host's owner (Baidu Maps) is not blamed
    assert not any(c == "sdk:baidu-map" for (_r, _a, c, _p) in found)

    # GrowingIO's pinned upload could not go through pimon's proxy: no flow, but its destination is there,
    # sent by GrowingIO (stack), with nothing readable over it
    assert not [f for f in flows if f.host == "alog.umeng.com"]
    dests = get_destinations(store, result.run_id)
    gio = [d for d in dests if d.kind == "connect" and d.caller == "sdk:growingio"]
    assert gio and all(d.flows == 0 and d.attributed_by == "stack" and d.ip == "127.0.0.1" for d in gio), \
        [(d.kind, d.host, d.ip, d.port, d.caller) for d in dests]
    loc = [d for d in dests if d.kind == "connect" and d.port == server.port]
    assert len(loc) == 1 and loc[0].caller == "sdk:baidu-location" and loc[0].flows == 1
    dns = [d for d in dests if d.kind == "dns" and d.host == BAIDU]
    assert dns and dns[0].addresses == ["127.0.0.1"] and dns[0].caller == "sdk:baidu-location"

    config = store.get_run(result.run_id).config
    kinds = [i["kind"] for i in config["interventions"]]
    assert kinds == ["offline", "block-quic"]
    assert any(t.startswith("sun.security.ssl.SSLSocketImpl$AppOutputStream") for st in config["inprocess"].values()
               for t in st["tls"])
    report = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert {(f["host"], f["source"], f["attributed_by"]) for f in report["flows"]} == {(BAIDU, "in-process", "stack")}
    assert any(d["caller"] == "sdk:growingio" and d["flows"] == 0 for d in report["destinations"])
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="destinations"' in html and "sdk:growingio" in html


def test_unpin_lets_the_proxy_read_a_pinned_sdk_and_is_reported(device, store, tmp_path):
    device.install_ca(CERT)  # the location server's certificate is publicly trusted on this "device"
    with TlsServer() as server:
        _point_sdk_at(device, server)
        result = _run(device, store, tmp_path, unpin=True)
        server.wait(1)  # the location SDK still reaches its server: its trust is now the device's
    flows = {f.host: f for f in get_flows(store, result.run_id)}
    gio = flows["alog.umeng.com"]
    assert (gio.source, gio.caller, gio.attributed_by, gio.offline) == ("proxy", "sdk:growingio", "stack", True)
    assert [m["location"] for m in gio.matches] == ["body:$[0].u"]
    assert flows[BAIDU].caller == "sdk:baidu-location"
    found = {(x.rule, x.api, x.caller) for x in result.findings}
    assert ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:alog.umeng.com", "sdk:growingio") in found
    assert not any(c == "sdk:umeng" for (_r, _a, c) in found)  # the host's owner is not the sender
    unpin = next(i for i in store.get_run(result.run_id).config["interventions"] if i["kind"] == "unpin")
    assert "javax.net.ssl.SSLContext.init" in unpin["hooks"]
    removed = {(p["caller"], tuple(p["replaced"])) for p in unpin["pins_removed"]}
    assert ("sdk:growingio", ("com.growingio.android.sdk.pin.PinnedTrustManager",)) in removed
    assert ("sdk:baidu-location", ("com.baidu.location.b.a",)) in removed
    notes = [m.note for m in store.load_timeline(result.run_id).marks]
    assert any(n.startswith("unpin: javax.net.ssl.SSLContext.init (sdk:growingio") for n in notes), notes
