"""setup/teardown against the fake adb server: the right commands, in the right order, fully undone."""

from __future__ import annotations

import http.server
import lzma
import socket
import threading

import frida
import pytest

from monitor.devices.android import cert, frida_server, provision, undo
from monitor.devices.android.state import SetupState
from monitor.errors import DeviceError, ToolMissing

from .fake_adb import FakeDevice
from .fake_shell import fake_frida_server

FS = "/data/local/tmp/frida-server"


def opts(ca_pem, frida_xz, **kw):
    kw.setdefault("proxy_port", 8080)
    return provision.SetupOptions(frida_server=frida_xz, ca_pem=ca_pem, **kw)


def position(commands: list[str], needle: str) -> int:
    hits = [i for i, c in enumerate(commands) if needle in c]
    assert hits, f"{needle!r} was never sent; sent: {commands}"
    return hits[0]


def pushed(phone: FakeDevice, path: str) -> str:
    """The last content pushed to ``path`` (scripts are pushed, then run)."""
    hits = [data for p, data in phone.pushes if p == path]
    assert hits, f"{path} was never pushed"
    return hits[-1].decode()


def test_setup_rooted_android14_then_teardown_restores_everything(phone, client, ca_pem, frida_xz, u2_agent):
    before = phone.snapshot()
    dev = client.device(phone.serial)

    notes = provision.setup(dev, opts(ca_pem, frida_xz))

    cmds = phone.commands
    name = cert.android_name(cert.load_pem(ca_pem))
    # frida-server: pushed, made executable, started as root (Magisk su)
    assert (
        position(cmds, f"<push {FS} ")
        < position(cmds, f"chmod 755 {FS}")
        < position(cmds, f"su -c '{FS} -D'")
    )
    assert phone.processes["frida-server"] > 0
    assert phone.files[FS] == fake_frida_server(frida.__version__)
    # CA: one script, in one root session entered into init's namespace: tmpfs over the system
    # store, our file added and labelled, bound over the APEX store, then into every zygote/app
    # mount namespace; then checked by content as zygote sees it
    script = pushed(phone, "/data/local/tmp/pimon-ca/install.sh").splitlines()
    assert script[0] == "set -e"
    order = [
        position(script, "mount -t tmpfs tmpfs /system/etc/security/cacerts"),
        position(script, f"cp /data/local/tmp/pimon-ca/{name} /system/etc/security/cacerts/{name}"),
        position(script, "chcon u:object_r:system_file:s0"),
        position(script, "mount --bind /system/etc/security/cacerts /apex/com.android.conscrypt/cacerts"),
        position(script, "nsenter --mount=/proc/600/ns/mnt"),
    ]
    assert order == sorted(order)
    ran = position(cmds, "su -c 'nsenter --mount=/proc/1/ns/mnt -- sh /data/local/tmp/pimon-ca/install.sh'")
    verify = f"su -c 'nsenter --mount=/proc/600/ns/mnt -- cat /apex/com.android.conscrypt/cacerts/{name}'"
    assert verify in cmds[ran:]
    ours = ca_pem.read_bytes().replace(b"\r", b"")
    for pid in (600, 601, 1200, 1300):
        assert phone.visible(pid, f"/apex/com.android.conscrypt/cacerts/{name}") == ours
        assert phone.visible(pid, "/apex/com.android.conscrypt/cacerts/0d69c7e1.0")  # built-in CAs kept
    assert {ns for ns, target in phone.mounts if target.startswith("/apex")} == {
        "init",
        "600",
        "601",
        "1200",
        "1300",
    }
    # traffic: reverse before the proxy setting, so the device never points at a closed port
    assert position(cmds, "<reverse forward:tcp:8080;tcp:8080>") < position(
        cmds, "settings put global http_proxy"
    )
    assert phone.settings["global/http_proxy"] == "127.0.0.1:8080"
    assert phone.reverses == {"tcp:8080": "tcp:8080"}
    # uiautomator2 agent pushed, launched, answering
    assert "/data/local/tmp/u2.jar" in phone.files and any(c.startswith("CLASSPATH=") for c in cmds)
    assert "deviceInfo" in [m for m, _ in u2_agent.calls]
    assert any("frida-server started" in n for n in notes)
    # defect 15: the agent is not "running" after setup: it lives as long as the adb connection
    assert any("uiautomator2 agent installed and answering" in n and "a run starts it again" in n for n in notes)
    assert {c["kind"] for c in SetupState.load(phone.serial).changes} == {
        "frida-pushed",
        "frida-started",
        "ca-system",
        "reverse",
        "proxy",
        "u2-jar",
    }

    sent = len(cmds)
    undone = undo.teardown(dev)

    after = phone.snapshot()
    assert after["settings"] == {}  # "settings get" answers null again, as before setup
    assert after == before
    t = phone.commands[sent:]
    assert position(t, "settings put global http_proxy :0") < position(t, "settings delete global http_proxy")
    removal = pushed(phone, "/data/local/tmp/pimon-ca-remove.sh").splitlines()
    assert (
        position(removal, "nsenter --mount=/proc/600/ns/mnt -- /system/bin/umount")
        < removal.index("umount /apex/com.android.conscrypt/cacerts || echo pimon-skip init")
        < removal.index("umount /system/etc/security/cacerts")
    )
    assert len(undone) == 6
    assert not SetupState.load(phone.serial).path.exists()


def test_teardown_restores_previous_proxy_and_previous_frida_server(adb_server, client, ca_pem, frida_xz):
    old = fake_frida_server("16.1.4")
    phone = adb_server.add(
        FakeDevice(
            "emulator-5554",
            root="adbd",
            apex=False,
            props={"ro.build.version.release": "13", "ro.build.version.sdk": "33"},
            settings={"global/http_proxy": "10.0.0.2:3128"},
            files={FS: old},
        )
    )
    old_pid = phone.run_server(FS, old)
    before = phone.snapshot()
    dev = client.device(phone.serial)

    provision.setup(dev, opts(ca_pem, frida_xz, ui=False))

    assert f"kill {old_pid}" in phone.commands  # the mismatched server was stopped (adbd root: no su)
    assert phone.files[FS] == fake_frida_server(frida.__version__)
    assert not any(t.startswith("/apex") for _, t in phone.mounts)  # Android 13 without APEX store
    assert "--bind" not in pushed(phone, "/data/local/tmp/pimon-ca/install.sh")

    undo.teardown(dev)

    after = phone.snapshot()
    assert phone.settings == {"global/http_proxy": "10.0.0.2:3128"}
    assert phone.files[FS] == old and "frida-server" in phone.processes
    after["processes"].pop("frida-server"), before["processes"].pop("frida-server")  # restarted: new pid
    assert after == before


def test_setup_twice_keeps_the_first_previous_value(phone, client, ca_pem, frida_xz):
    phone.settings["global/http_proxy"] = "10.1.1.1:8888"
    dev = client.device(phone.serial)
    provision.setup(dev, opts(ca_pem, frida_xz, ui=False))
    provision.setup(dev, opts(ca_pem, frida_xz, ui=False, proxy_port=9090))
    undo.teardown(dev)
    assert phone.settings == {"global/http_proxy": "10.1.1.1:8888"}
    assert phone.reverses == {} and phone.mounts == []


def test_unrooted_phone_gets_the_user_ca_route_explained(phone, client, ca_pem):
    phone.root = None
    dev = client.device(phone.serial)
    with pytest.raises(DeviceError, match="frida-server needs root"):
        provision.setup(dev, opts(ca_pem, None))
    assert SetupState.load(phone.serial).changes == []

    notes = provision.setup(dev, opts(ca_pem, None, frida=False, ui=False))

    assert any("network_security_config" in n and "not rooted" in n for n in notes)
    assert provision.USER_CA_DEST in phone.files
    assert not any("mount" in c or ("su -c" in c and c != "su -c id") for c in phone.commands)
    undo.teardown(dev)
    assert provision.USER_CA_DEST not in phone.files and phone.settings == {}


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_offline_download_is_one_clear_line_and_changes_nothing(phone, client, ca_pem):
    before = phone.snapshot()
    with pytest.raises(ToolMissing) as err:
        provision.setup(
            client.device(phone.serial),
            opts(ca_pem, None, frida_base_url=f"http://127.0.0.1:{closed_port()}"),
        )
    msg = str(err.value)
    assert "\n" not in msg and "offline?" in msg and "--frida-server FILE" in msg
    assert f"frida-server-{frida.__version__}-android-arm64.xz" in msg
    assert phone.snapshot() == before


def test_download_fetches_the_host_version_for_the_device_abi(phone, client, ca_pem, pimon_home):
    asked: list[str] = []
    payload = lzma.compress(fake_frida_server(frida.__version__, "arm64-v8a"))

    class Releases(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            asked.append(self.path)
            ok = self.path.endswith(f"/{frida.__version__}/frida-server-{frida.__version__}-android-arm64.xz")
            self.send_response(200 if ok else 404)
            self.send_header("Content-Length", str(len(payload) if ok else 0))
            self.end_headers()
            if ok:
                self.wfile.write(payload)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Releases)
    threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True).start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        provision.setup(
            client.device(phone.serial),
            opts(ca_pem, None, frida_base_url=base, ca=False, proxy=False, ui=False),
        )
        assert phone.files[FS] == fake_frida_server(frida.__version__)
        assert (pimon_home / "frida-server" / f"frida-server-{frida.__version__}-android-arm64.xz").is_file()
        with pytest.raises(ToolMissing, match="HTTP 404"):  # a build that is not published
            frida_server.download(frida.__version__, "x86", base=base)
    finally:
        srv.shutdown()
        srv.server_close()
    assert len(asked) == 2


def test_app_exiting_between_ps_and_the_bind_does_not_abort_setup(phone, client, ca_pem):
    """Defect 11: the process list changes between `ps` and `nsenter`; each `su -c` is its own mount
    namespace. One script, per-app failures tolerated, verified inside zygote."""
    for i in range(60):
        phone.processes[f"com.example.app{i}"] = 2000 + i
    phone.on_ps = lambda dev: [dev.processes.pop(f"com.example.app{i}") for i in range(0, 60, 7)]
    notes = provision.setup(client.device(phone.serial), opts(ca_pem, None, frida=False, proxy=False, ui=False))
    assert any("9 processes exited meanwhile" in n for n in notes), notes
    assert len({ns for ns, t in phone.mounts if t.startswith("/apex")}) == 1 + 2 + 62 - 9
    name = cert.android_name(cert.load_pem(ca_pem))
    later = phone.fork_app("com.example.after")
    assert phone.visible(later, f"/apex/com.android.conscrypt/cacerts/{name}") == ca_pem.read_bytes()
    skipped = {c["kind"]: c for c in SetupState.load(phone.serial).changes}["ca-system"]["namespaces"]
    assert 2000 not in skipped and 2001 in skipped


def test_ca_of_another_host_with_the_same_name_is_replaced(phone, client, ca_pem, tmp_path):
    """Defect 5: every default mitmproxy CA is c8750f0d.0; a device trusting another host's is not ready."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    mine = cert.load_pem(ca_pem)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    other = (
        x509.CertificateBuilder().subject_name(mine.subject).issuer_name(mine.subject)
        .public_key(key.public_key()).serial_number(7)
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    name = cert.android_name(mine)
    assert cert.android_name(other) == name
    theirs = other.public_bytes(serialization.Encoding.PEM)
    phone.files[f"/apex/com.android.conscrypt/cacerts/{name}"] = theirs
    notes = provision.setup(client.device(phone.serial), opts(ca_pem, None, frida=False, proxy=False, ui=False))
    assert any("another certificate" in n for n in notes), notes
    assert phone.visible(600, f"/apex/com.android.conscrypt/cacerts/{name}") == ca_pem.read_bytes()
    again = provision.setup(client.device(phone.serial), opts(ca_pem, None, frida=False, proxy=False, ui=False))
    assert any("already trusted" in n for n in again), again


def test_setup_makes_pimons_ca_when_no_proxy_ever_ran(phone, client, pimon_home):
    """Defect 6: the default CA only existed after a proxy run on this host."""
    assert not cert.default_ca_pem().exists()
    provision.setup(client.device(phone.serial), provision.SetupOptions(frida=False, proxy=False, ui=False))
    ca = cert.load_pem(cert.default_ca_pem())
    assert phone.visible(600, f"/apex/com.android.conscrypt/cacerts/{cert.android_name(ca)}")


def test_isolated_su_sessions_lose_a_tmpfs_between_commands(phone, client):
    """The fake is as strict as Magisk's isolated namespaces: a mount made by one `su -c` is gone for the next."""
    dev = client.device(phone.serial)
    dev.shell("su -c 'mount -t tmpfs tmpfs /system/etc/security/cacerts'")
    assert "/system/etc/security/cacerts" not in dev.shell("su -c 'cat /proc/mounts'")
    phone.files["/data/local/tmp/x"] = b"x"
    assert "Read-only" in dev.shell("su -c 'cp /data/local/tmp/x /system/etc/security/cacerts/x'")
    assert phone.mounts == []


def test_emulator_su0_without_adb_root(adb_server, client, ca_pem, frida_xz):
    avd = adb_server.add(FakeDevice("emulator-5556", root="su0", props={"ro.product.cpu.abi": "arm64-v8a"}))
    before = avd.snapshot()
    dev = client.device(avd.serial)
    provision.setup(dev, opts(ca_pem, frida_xz, ui=False))
    assert f"su 0 sh -c '{FS} -D'" in avd.commands and "frida-server" in avd.processes
    assert any(t == "/apex/com.android.conscrypt/cacerts" for _, t in avd.mounts)
    undo.teardown(dev)
    assert avd.snapshot() == before


def test_teardown_after_an_outside_reboot_still_completes(phone, client, ca_pem, frida_xz):
    before = phone.snapshot()
    dev = client.device(phone.serial)
    provision.setup(dev, opts(ca_pem, frida_xz, ui=False))
    phone.reboot()  # the user rebooted: tmpfs, frida-server and adb reverse are gone already
    notes = undo.teardown(dev)
    assert any("already gone" in n for n in notes)
    after = phone.snapshot()
    before["processes"] = {k: v + 1 for k, v in before["processes"].items()}
    assert after == before and not SetupState.load(phone.serial).path.exists()


def test_a_magiskfrida_server_of_another_version_is_stopped_and_restored(phone, client, ca_pem, frida_xz):
    """Defect 9: the server is identified by /proc/PID/exe; teardown restarts *that* binary."""
    module = "/data/adb/modules/magisk-frida/system/bin/frida-server"
    phone.files[module] = fake_frida_server("16.5.2")
    old = phone.run_server(module, phone.files[module])
    dev = client.device(phone.serial)
    notes = provision.setup(dev, opts(ca_pem, frida_xz, ca=False, proxy=False, ui=False))
    assert f"kill {old}" in " ".join(phone.commands) and any("stopped frida-server 16.5.2" in n for n in notes)
    assert phone.exes[phone.processes["frida-server"]] == FS
    undo.teardown(dev)
    pid = phone.processes["frida-server"]
    assert phone.exes[pid] == module and FS not in phone.files


def test_a_running_server_of_the_right_version_is_kept_whatever_its_name(phone, client, ca_pem):
    phone.run_server("/data/local/tmp/hluda", fake_frida_server(frida.__version__), name="hluda")
    notes = provision.setup(client.device(phone.serial), opts(ca_pem, None, ca=False, proxy=False, ui=False))
    assert any("already running" in n and "/data/local/tmp/hluda" in n for n in notes), notes
    assert FS not in phone.files
