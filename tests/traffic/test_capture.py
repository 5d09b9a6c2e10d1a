"""TrafficCapture on a real emulator device directory: the device is routed through the proxy and
trusts its CA while the capture runs, its flows are matched against the device profile and stored,
and the device is left without a proxy afterwards."""

from __future__ import annotations

import json
import shutil
import socket
import urllib.request
from pathlib import Path

import pytest

from monitor.devices.emulator import EmulatorDevice
from monitor.store import open_store
from monitor.store.flows import get_flows
from monitor.traffic.capture import TrafficCapture
from monitor.traffic.proxy import ProxyConfig
from tests.devices.emulator.conftest import build_emulator

pytestmark = pytest.mark.skipif(not (shutil.which("java") and shutil.which("keytool")), reason="needs a JDK")


def _post(proxy: tuple[str, int], url: str, body: bytes) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": f"http://{proxy[0]}:{proxy[1]}"}))
    with opener.open(urllib.request.Request(url, data=body, method="POST"), timeout=20) as resp:
        return resp.status


def test_capture_routes_the_device_and_stores_matched_flows(tmp_path: Path) -> None:
    device = EmulatorDevice(tmp_path / "device", build_dir=build_emulator())
    store = open_store(tmp_path / "p.db")
    capture = TrafficCapture(ProxyConfig(confdir=tmp_path / "conf"))
    try:
        host, port = capture.start(device)
        assert host == "127.0.0.1" and device.proxy() == f"{host}:{port}"
        assert device.truststore.is_file()
        profile = device.profile_values()
        run = store.create_run("com.example.app", started_ms=1)
        assert _post((host, port), "http://stats.jiguang.cn/v1/report",
                     json.dumps({"aid": profile["android_id"], "pkg": "com.example.app"}).encode()) == 200
        assert _post((host, port), "http://cdn.example.net/x", b"nothing") == 200
    finally:
        capture.stop(device)
    assert device.proxy() is None
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()
    assert capture.analyse(store, run, device, "com.example.app") == 2
    flows = get_flows(store, run)
    assert [(f.host, f.caller) for f in flows] == [("stats.jiguang.cn", "sdk:jpush"), ("cdn.example.net", None)]
    assert [(m["kind"], m["encoding"], m["location"]) for m in flows[0].matches] == [("android_id", "plain", "body:$.aid")]
    assert flows[1].matches == []  # the app's own package name is not PI
    assert capture.analyse(store, run, device, "com.example.app") == 0  # records are taken once
    capture.stop(device)  # idempotent
    store.close()
    device.close()
