"""Device discovery against the fake adb server."""

from __future__ import annotations

import frida

from monitor.devices.android import probe

from .fake_adb import FakeDevice
from .fake_shell import fake_frida_server


def test_discover_reads_model_version_abi_root_frida_proxy(adb_server, client):
    dev = adb_server.add(
        FakeDevice(
            "emulator-5554",
            root="adbd",
            props={
                "ro.product.model": "sdk gphone64",
                "ro.build.version.release": "13",
                "ro.build.version.sdk": "33",
                "ro.product.cpu.abi": "x86_64",
            },
        )
    )
    dev.files["/data/local/tmp/frida-server"] = fake_frida_server(frida.__version__, "x86_64")
    dev.processes["frida-server"] = 777
    dev.settings["global/http_proxy"] = "127.0.0.1:8080"
    adb_server.add(FakeDevice("0123ABC", state="unauthorized"))

    found = {f.serial: f for f in probe.discover(client)}

    emu = found["emulator-5554"]
    assert (emu.model, emu.android, emu.sdk, emu.abi, emu.root) == (
        "sdk gphone64",
        "13",
        33,
        "x86_64",
        "adbd",
    )
    assert emu.frida.present and emu.frida.pid == 777 and emu.frida.version == frida.__version__
    assert emu.frida.arch == "x86_64"
    assert emu.proxy == "127.0.0.1:8080" and emu.selinux == "Enforcing"
    assert found["0123ABC"].state == "unauthorized" and found["0123ABC"].frida is None


def test_wrong_abi_frida_server_reports_the_exec_error(phone, client):
    phone.files["/data/local/tmp/frida-server"] = fake_frida_server(frida.__version__, "x86")
    state = probe.frida_state(client.device("R5CT1234"))
    assert state.present and state.version is None and state.arch == "x86"
    assert "not executable" in state.error


def test_unrooted_phone_has_no_root(phone, client):
    phone.root = None
    assert probe.facts(client.device("R5CT1234")).root is None
