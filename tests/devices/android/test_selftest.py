"""`pimon selftest` against the fake phone (adb, su namespaces, frida-server identity, uiautomator2
agent) and real Frida on a local stand-in app (spawn gating stood in for: gated_frida.py)."""

from __future__ import annotations

import json
import threading

import frida
import pytest
import typer
from typer.testing import CliRunner

from monitor.cli import android_cmd
from monitor.devices.android import provision, selftest
from monitor.devices.android.device import AndroidDevice

from .gated_frida import GatedFrida


@pytest.fixture
def ready_phone(phone, client, frida_xz, u2_agent):
    """The fake phone after `pimon setup` (pimon's CA made by setup itself)."""
    provision.setup(client.device(phone.serial), provision.SetupOptions(frida_server=frida_xz))
    return phone


@pytest.fixture(scope="module")
def tls_app(tmp_path_factory):
    """The long-running stand-in app, linked to OpenSSL's libssl as an app loads BoringSSL/libssl."""
    import shutil
    import subprocess

    from .conftest import APP_C

    if not shutil.which("cc"):
        pytest.skip("no C compiler")
    d = tmp_path_factory.mktemp("tlsapp")
    (d / "app.c").write_text(APP_C)
    exe = d / "com.example.tlsapp"
    r = subprocess.run(["cc", "-O0", "-o", str(exe), str(d / "app.c"), "-Wl,--no-as-needed", "-lssl"],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot link libssl: {r.stderr[:200]}")
    return exe


def test_selftest_probes_each_capability_and_writes_json(ready_phone, client, tls_app, tmp_path):
    exe = str(tls_app)
    ready_phone.packages[exe] = "/data/app/longrun/base.apk"
    gated = GatedFrida(frida.get_local_device())
    dev = AndroidDevice(ready_phone.serial, client=client, frida_device=gated)
    forked: list[int] = []

    def fork_sub_when_gated() -> None:  # the app starts its :sub process a moment after launch
        for _ in range(200):
            if gated.gating and any(p for p in gated.gating_changes):
                break
            threading.Event().wait(0.05)
        threading.Event().wait(0.5)
        forked.append(gated.zygote_fork(exe + ":sub", exe))

    t = threading.Thread(target=fork_sub_when_gated, daemon=True)
    t.start()
    report = selftest.run(dev, package=exe, wait=2)
    t.join(10)
    for pid in forked:
        try:
            frida.get_local_device().kill(pid)
        except frida.ProcessNotFoundError:
            pass
    got = {c.name: c.status for c in report.checks}
    assert got["device"] == got["root"] == got["frida-connect"] == "ok", report.checks
    assert got["frida-server"] == "ok" and "pid" in report.device["frida_server"].__str__()
    assert got["spawn-gating"] == "ok" and got["sub-process"] == "ok", report.checks
    # a native stand-in has no Java runtime: the Java hooks cannot fire, and the selftest says so
    assert got["framework-hook"] == "fail" and "runtime none" in next(
        c.detail for c in report.checks if c.name == "framework-hook")
    assert got["app-class-hook"] == "skip" and got["late-loader-hook"] == "skip"
    assert "no ART runtime" in next(c.detail for c in report.checks if c.name == "late-loader-hook")
    tls = next(c.detail for c in report.checks if c.name == "in-process-tls")
    assert got["in-process-tls"] == "ok" and "SSL_write" in tls, tls  # libssl's taps, in the spawned app
    assert got["ca-zygote"] == "ok" and got["proxy-route"] == "ok" and got["ui-dump"] == "ok", report.checks
    assert got["consent-detector"] == "ok" and got["reboot"] == "skip"
    assert not gated.gating and not gated.pending  # gating off again, nothing left held
    data = json.loads(report.write(tmp_path / "st.json").read_text())
    assert [c["name"] for c in data["checks"]][:4] == ["device", "root", "frida-server", "frida-connect"]
    assert data["device"]["model"] == "Pixel 7" and data["host"]["frida"] == frida.__version__
    assert report.verified_row().startswith("| Pixel 7 | 14 (SDK 34) | su | ")


def test_selftest_cli_without_frida_server_still_reports_the_rest(phone, u2_agent, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    android_cmd.register(app)
    out = tmp_path / "st.json"
    r = CliRunner().invoke(app, ["selftest", "--device", phone.serial, "--out", str(out)])
    assert r.exit_code == 1, r.output
    assert "frida-server" in r.output and "no frida-server running" in r.output
    data = json.loads(out.read_text())
    status = {c["name"]: c["status"] for c in data["checks"]}
    assert status["frida-connect"] == "fail" and status["spawn-gating"] == "skip"
    assert status["ui-dump"] == "ok" and status["root"] == "ok"
