"""`pimon devices | doctor | setup | teardown` through typer, against the fake adb server."""

from __future__ import annotations

import json
import socket
import threading

import frida
import pytest
import typer
from typer.testing import CliRunner

from monitor.cli import android_cmd
from monitor.devices.android import cert

from .fake_adb import FakeDevice
from .fake_shell import fake_frida_server

FS = "/data/local/tmp/frida-server"


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    android_cmd.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture
def proxy_listener():
    """An HTTP server where pimon's proxy would be, on the host's loopback."""
    import http.server

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def ready(phone: FakeDevice, ca_pem, port: int) -> None:
    """Put the fake phone in the state `pimon setup` leaves it in."""
    phone.files[FS] = fake_frida_server(frida.__version__)
    phone.run_server(FS, phone.files[FS])
    phone.selinux = "Permissive"
    phone.settings["global/http_proxy"] = f"127.0.0.1:{port}"
    phone.reverses[f"tcp:{port}"] = f"tcp:{port}"
    name = cert.android_name(cert.load_pem(ca_pem))
    phone.files[f"/apex/com.android.conscrypt/cacerts/{name}"] = ca_pem.read_bytes()
    phone.files["/data/local/tmp/u2.jar"] = b"PK"


def test_devices_table_and_json(cli, adb_server, phone):
    adb_server.add(FakeDevice("emulator-5554", root="adbd", props={"ro.product.cpu.abi": "x86_64"}))
    adb_server.add(FakeDevice("0123ABC", state="unauthorized"))
    r = cli("devices")
    assert r.exit_code == 0, r.output
    assert "R5CT1234" in r.output and "Pixel 7" in r.output and "unauthorized" in r.output
    rows = {d["serial"]: d for d in json.loads(cli("devices", "--json").output)}
    assert rows["emulator-5554"]["root"] == "adbd" and rows["emulator-5554"]["abi"] == "x86_64"
    assert rows["R5CT1234"]["frida"] == {
        "present": False,
        "pid": None,
        "version": None,
        "arch": None,
        "error": "",
        "exe": "",
        "running_version": None,
    }


def test_devices_without_adb_server_is_one_line(cli, monkeypatch):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(s.getsockname()[1]))
    s.close()
    r = cli("devices")
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "adb start-server" in r.output


def test_doctor_all_green(cli, phone, ca_pem, proxy_listener):
    ready(phone, ca_pem, proxy_listener)
    r = cli("doctor", "R5CT1234", "--proxy-port", str(proxy_listener), "--ca", str(ca_pem))
    assert r.exit_code == 0, r.output
    assert "device ready" in r.output and "FAIL" not in r.output


# each broken prerequisite -> (its check's name, words of its message, words of its fix)
BROKEN = {
    "no-root": (lambda p, port: setattr(p, "root", None), "root", "no root", "adb root"),
    "frida-missing": (lambda p, port: p.files.pop(FS), "frida-server", "is missing", "pimon setup"),
    "frida-wrong-abi": (
        lambda p, port: p.files.__setitem__(FS, fake_frida_server(frida.__version__, "x86")),
        "frida-server abi",
        "built for x86, the device needs arm64",
        "--force",
    ),
    "frida-old": (
        lambda p, port: p.files.__setitem__(FS, fake_frida_server("16.1.4")),
        "frida-server version",
        "frida-server 16.1.4",
        "--force",
    ),
    "frida-stopped": (
        lambda p, port: p.processes.pop("frida-server"),
        "frida-server running",
        "not running",
        "pimon setup",
    ),
    "selinux": (lambda p, port: setattr(p, "selinux", "Enforcing"), "selinux", "Enforcing", "setenforce 0"),
    "proxy-unset": (lambda p, port: p.settings.clear(), "proxy", "is unset", "--proxy-port"),
    "reverse-lost": (lambda p, port: p.reverses.clear(), "proxy", "no `adb reverse", "adb restarts"),
    "proxy-down": (None, "proxy", "got no HTTP answer", "adb reverse --list"),
    "ca-missing": (
        lambda p, port: [
            p.files.pop(k)
            for k in list(p.files)
            if k.startswith("/apex") and "builtin" not in p.files[k].decode(errors="replace")
        ],
        "ca",
        "is not trusted",
        "pimon setup",
    ),
    "u2-missing": (
        lambda p, port: p.files.pop("/data/local/tmp/u2.jar"),
        "uiautomator2",
        "not installed",
        "pimon setup",
    ),
    "clock": (lambda p, port: setattr(p, "clock_offset", -120), "clock", "s off the host", "automatic date"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_doctor_names_each_broken_prerequisite_with_its_fix(case, cli, phone, ca_pem, proxy_listener):
    breaks, check, message, fix = BROKEN[case]
    port = proxy_listener
    ready(phone, ca_pem, port)
    if breaks is None:  # what listens on the host side of adb reverse accepts but is no HTTP proxy
        mute = socket.socket()
        mute.bind(("127.0.0.1", 0))
        mute.listen(8)
        port = mute.getsockname()[1]
        phone.settings["global/http_proxy"] = f"127.0.0.1:{port}"
        phone.reverses[f"tcp:{port}"] = f"tcp:{port}"
    else:
        breaks(phone, port)
    r = cli("doctor", "--proxy-port", str(port), "--ca", str(ca_pem))
    lines = r.output.splitlines()
    bad = [i for i, line in enumerate(lines) if line.split()[:1] in (["FAIL"], ["warn"])]
    assert len(bad) == 1, r.output  # exactly the broken one
    assert lines[bad[0]].split(None, 1)[1].startswith(check + " ") and message in lines[bad[0]], r.output
    assert lines[bad[0] + 1].strip().startswith("fix:") and fix in lines[bad[0] + 1], r.output
    assert r.exit_code == (0 if case == "selinux" else 2)


def test_doctor_unauthorised_and_no_server(cli, adb_server, monkeypatch):
    adb_server.add(FakeDevice("0123ABC", state="unauthorized"))
    r = cli("doctor")
    assert (
        r.exit_code == 2 and "unauthorised" in r.output and "fix: accept the USB debugging prompt" in r.output
    )
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", "1")
    r = cli("doctor")
    assert "FAIL adb" in r.output and "adb start-server" in r.output and r.exit_code == 2


def test_setup_then_doctor_then_teardown(cli, phone, ca_pem, frida_xz, u2_agent, proxy_listener):
    before = phone.snapshot()
    port = str(proxy_listener)
    r = cli("setup", "--frida-server", str(frida_xz), "--proxy-port", port, "--ca", str(ca_pem))
    assert r.exit_code == 0, r.output
    assert "teardown R5CT1234" in r.output
    phone.selinux = "Permissive"
    r = cli("doctor", "--proxy-port", port, "--ca", str(ca_pem))
    assert r.exit_code == 0 and "device ready" in r.output, r.output
    phone.selinux = "Enforcing"
    r = cli("teardown")
    assert r.exit_code == 0 and "frida-server (pid" in r.output, r.output
    assert phone.snapshot() == before
    assert "nothing to undo" in cli("teardown").output


def test_setup_errors_are_one_line(cli, phone, ca_pem, tmp_path):
    bogus = tmp_path / "frida-server"
    bogus.write_bytes(b"#!/bin/sh\n")
    r = cli("setup", "--frida-server", str(bogus), "--ca", str(ca_pem))
    assert r.exit_code == 2 and r.output.strip().count("\n") == 0
    assert f"{bogus}: not a frida-server binary" in r.output


def test_setup_without_a_ca_file_changes_nothing(cli, phone, frida_xz, tmp_path):
    before = phone.snapshot()
    r = cli("setup", "--frida-server", str(frida_xz), "--ca", str(tmp_path / "absent.pem"))
    assert r.exit_code == 2 and "absent.pem: cannot read the CA certificate" in r.output
    assert phone.snapshot() == before


def test_doctor_proves_the_route_with_an_http_request(cli, phone, ca_pem):
    """Defect 12: adbd accepts a connection through adb reverse even when nothing listens on the
    host, so a bare connect proved nothing. Doctor now sends an HTTP request (answering it itself
    on the host when no proxy runs), and a reverse that leads elsewhere fails."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # a free port: nothing listens there
    ready(phone, ca_pem, port)
    r = cli("doctor", "--proxy-port", str(port), "--ca", str(ca_pem))
    assert r.exit_code == 0 and "verified by an HTTP request" in r.output, r.output
    assert any("pimon.invalid/pimon-doctor-probe" in c for c in phone.commands)
    phone.reverses[f"tcp:{port}"] = "tcp:1"  # adb reverse leads somewhere else
    r = cli("doctor", "--proxy-port", str(port), "--ca", str(ca_pem))
    assert r.exit_code == 2 and f"leads to this host's tcp:1, not tcp:{port}" in r.output, r.output


def test_doctor_defaults_to_the_port_setup_chose(cli, phone, ca_pem, proxy_listener):
    """Defect 3: doctor assumed 8080 whatever setup did."""
    from monitor.devices.android.state import SetupState

    ready(phone, ca_pem, proxy_listener)
    SetupState.load(phone.serial).record("reverse", remote=f"tcp:{proxy_listener}", local=f"tcp:{proxy_listener}")
    r = cli("doctor", "--ca", str(ca_pem))
    assert r.exit_code == 0 and f"127.0.0.1:{proxy_listener} -> adb reverse" in r.output, r.output


def test_doctor_names_a_magiskfrida_server_of_another_version(cli, phone, ca_pem, proxy_listener):
    """Defect 9: the file in /data/local/tmp is right, the server that answers is MagiskFrida's."""
    ready(phone, ca_pem, proxy_listener)
    phone.processes.pop("frida-server")
    module = "/data/adb/modules/magisk-frida/system/bin/frida-server"
    phone.files[module] = fake_frida_server("16.5.2")
    phone.run_server(module, phone.files[module])
    r = cli("doctor", "--proxy-port", str(proxy_listener), "--ca", str(ca_pem))
    assert r.exit_code == 2, r.output
    assert f"the running frida-server (pid {phone.processes['frida-server']}, {module}) is 16.5.2" in r.output
    assert "MagiskFrida" in r.output


def test_doctor_explains_miui_install_via_usb(cli, phone, ca_pem, proxy_listener):
    """Defect 13: MIUI refuses adb installs unless 'Install via USB' is on."""
    ready(phone, ca_pem, proxy_listener)
    phone.props["ro.miui.ui.version.name"] = "V140"
    r = cli("doctor", "--proxy-port", str(proxy_listener), "--ca", str(ca_pem))
    assert "Install via USB" in r.output and "INSTALL_FAILED_USER_RESTRICTED" in r.output, r.output
