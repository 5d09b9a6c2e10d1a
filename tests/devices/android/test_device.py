"""AndroidDevice and AndroidApp: adb side against the fake adb server, Frida side against the real
local Frida device (the boundary that exists here: a phone's frida-server does not)."""

from __future__ import annotations

import threading
from pathlib import Path

import frida
import pytest

from monitor.devices.android import cert, provision, undo
from monitor.devices.android.device import AndroidDevice
from monitor.errors import AppCrashed, AppNotFound, ConfigError, DeviceError


@pytest.fixture(scope="module")
def local_frida():
    return frida.get_local_device()


@pytest.fixture
def android(phone, client, apps, local_frida):
    for name, path in apps.items():
        phone.packages[str(path)] = f"/data/app/{name}-1/base.apk"
    return AndroidDevice(phone.serial, client=client, frida_device=local_frida)


def test_spawn_is_gated_until_release_then_exit_is_an_event(android, apps):
    exe = apps["com.example.longrun"]
    marker = Path(f"{exe}.started")
    marker.unlink(missing_ok=True)
    events = []
    got_exit = threading.Event()

    proc = android.spawn(str(exe), on_event=lambda e: (events.append(e), got_exit.set()))

    assert proc.alive and proc.pid > 0 and not marker.exists()  # no app instruction ran yet
    proc.release()
    assert proc.wait_exit(timeout=0.3) is None and proc.alive
    proc.stop_grace = 0.2  # the fake's `am force-stop` cannot end a local process: Frida's kill does
    proc.stop()
    assert got_exit.wait(5) and not proc.alive
    assert proc.wait_exit(timeout=1) == 0
    assert marker.read_text() == "started"
    assert [e.kind for e in events] == ["exit"] and events[0].data["reason"] == "process-terminated"


def test_app_exiting_right_after_release(android, apps):
    proc = android.spawn(str(apps["com.example.quick"]))
    proc.release()
    assert proc.wait_exit(timeout=10) == 0 and not proc.alive


def test_spawn_errors_are_named(android, phone, tmp_path):
    with pytest.raises(AppNotFound, match="com.absent.app is not installed on R5CT1234"):
        android.spawn("com.absent.app")
    ghost = str(tmp_path / "com.example.ghost")  # installed per pm, but nothing to start
    phone.packages[ghost] = "/data/app/ghost/base.apk"
    with pytest.raises(AppNotFound, match="Frida cannot find it"):
        android.spawn(ghost)
    broken = tmp_path / "com.example.broken"  # starts nothing runnable: fails at spawn
    broken.write_text("not a program")
    broken.chmod(0o755)
    phone.packages[str(broken)] = "/data/app/broken/base.apk"
    with pytest.raises(AppCrashed, match="could not be spawned"):
        android.spawn(str(broken))


def test_frida_device_needs_a_running_frida_server(phone, client):
    dev = AndroidDevice(phone.serial, client=client)
    with pytest.raises(
        DeviceError, match="frida-server is not running on R5CT1234; run `pimon setup R5CT1234`"
    ):
        dev.frida_device()


def test_loss_diagnosis_tells_usb_from_frida_server(android, phone, adb_server):
    phone.processes["frida-server"] = 999
    assert "still runs" in android.diagnose_loss()
    del phone.processes["frida-server"]
    assert "frida-server on R5CT1234 died" in android.diagnose_loss()
    phone.state = "offline"
    assert "R5CT1234 disconnected (adb state: offline)" in android.diagnose_loss()
    del adb_server.devices["R5CT1234"]
    assert "(adb state: absent)" in android.diagnose_loss()


def test_packages_clear_and_install(android, phone):
    phone.packages["com.example.app"] = "/data/app/x/base.apk"
    assert android.is_installed("com.example.app") and not android.is_installed("com.other")
    android.clear_data("com.example.app")
    assert "pm clear com.example.app" in phone.commands
    with pytest.raises(AppNotFound):
        android.clear_data("com.other")
    import uiautomator2

    apk = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
    assert android.install(apk) == "com.github.uiautomator"
    assert android.is_installed("com.github.uiautomator")
    assert "/data/local/tmp/pimon-install.apk" not in phone.files


def test_install_rejects_a_non_apk(android, tmp_path):
    bad = tmp_path / "x.apk"
    bad.write_text("nope")
    with pytest.raises(ConfigError, match="x.apk: not an installable APK"):
        android.install(bad)


def test_profile_values(android, phone):
    phone.settings["secure/android_id"] = "9774d56d682e549c"
    phone.settings["secure/bluetooth_name"] = "Anna's Pixel"
    phone.settings["secure/bluetooth_address"] = "null"
    phone.files["/sys/class/net/wlan0/address"] = b"3C:28:6D:12:34:56\n"
    phone.props["pimon.fake.wlan0.ip"] = "192.168.1.23"
    phone.packages = {"com.example.a": "/data/app/a/base.apk", "com.tencent.mm": "/data/app/mm/base.apk"}
    assert android.profile_values() == {
        "android_id": "9774d56d682e549c",
        "serial": "R5CT1234",
        "bluetooth.name": "Anna's Pixel",
        "wifi.mac": "3c:28:6d:12:34:56",
        "wifi.ip": "192.168.1.23",
        "packages": "com.example.a;com.tencent.mm",
    }
    phone.root = None
    del phone.files["/sys/class/net/wlan0/address"]
    assert "wifi.mac" not in android.profile_values()


def test_reboot_reapplies_what_setup_did_and_teardown_still_restores(
    android, phone, client, ca_pem, frida_xz
):
    before = phone.snapshot()
    provision.setup(android.adb, provision.SetupOptions(frida_server=frida_xz, ca_pem=ca_pem, ui=False))
    android.reboot(timeout=10)
    assert phone.reboots == 1
    assert "frida-server" in phone.processes and phone.reverses == {"tcp:8080": "tcp:8080"}
    assert any(t == "/apex/com.android.conscrypt/cacerts" for _, t in phone.mounts)
    assert phone.settings["global/http_proxy"] == "127.0.0.1:8080"
    undo.teardown(android.adb)
    after = phone.snapshot()
    before["processes"] = {k: v + 1 for k, v in before["processes"].items()}  # new pids after reboot
    assert after == before


def test_set_and_clear_proxy(android, phone):
    phone.settings["global/http_proxy"] = "10.0.0.9:3128"
    android.set_proxy("127.0.0.1", 8081)
    assert phone.settings["global/http_proxy"] == "127.0.0.1:8081" and "tcp:8081" in phone.reverses
    android.clear_proxy()
    assert phone.settings["global/http_proxy"] == "10.0.0.9:3128" and phone.reverses == {}
    with pytest.raises(ConfigError, match="loopback"):
        android.set_proxy("192.168.1.5", 8080)


def test_install_ca_on_rooted_device(android, phone, ca_pem):
    android.install_ca(ca_pem)
    name = cert.android_name(cert.load_pem(ca_pem))
    path = f"/apex/com.android.conscrypt/cacerts/{name}"
    ours = ca_pem.read_bytes().replace(b"\r", b"")
    assert phone.visible(phone.processes["zygote64"], path) == ours
    assert phone.visible(phone.fork_app("com.example.later"), path) == ours  # a new app process


def test_unknown_device_is_named(client, phone):
    with pytest.raises(DeviceError, match="device NOPE is not attached \\(attached: R5CT1234\\)"):
        AndroidDevice("NOPE", client=client)
    phone.state = "unauthorized"
    with pytest.raises(DeviceError, match="unauthorised"):
        AndroidDevice(client=client)


class _Refusing:
    """The local Frida device, except that resume/spawn fail as frida-server does when it refuses
    an operation (fault injection at the Frida API boundary)."""

    def __init__(self, real, refuse=("resume",)):
        self._real, self._refuse = real, refuse

    def __getattr__(self, name):
        if name in self._refuse:
            def refused(*args, **kwargs):
                raise frida.InvalidOperationError("invalid operation")
            return refused
        return getattr(self._real, name)


def test_invalid_operation_is_not_reported_as_a_lost_connection(phone, client, apps, local_frida):
    """Defect 15: InvalidOperationError used to be diagnosed as USB loss / frida-server death."""
    for name, path in apps.items():
        phone.packages[str(path)] = f"/data/app/{name}-1/base.apk"
    phone.run_server("/data/local/tmp/frida-server", b"")
    android = AndroidDevice(phone.serial, client=client, frida_device=_Refusing(local_frida))
    proc = android.spawn(str(apps["com.example.longrun"]))
    try:
        with pytest.raises(DeviceError, match="refused to resume") as err:
            proc.release()
        assert "lost" not in str(err.value) and "died" not in str(err.value)
    finally:
        local_frida.kill(proc.pid)
    android = AndroidDevice(phone.serial, client=client, frida_device=_Refusing(local_frida, ("spawn",)))
    with pytest.raises(DeviceError, match="refused to spawn"):
        android.spawn(str(apps["com.example.longrun"]))


def test_reboot_waits_for_the_device_to_go_and_a_fresh_boot(android, phone, client, ca_pem, frida_xz):
    """Defect 8: right after `reboot` the old system still answers, sys.boot_completed=1. What is
    re-applied must be applied to the new boot, not to the one going down."""
    phone.reboot_down_s = 0.5
    provision.setup(android.adb, provision.SetupOptions(frida_server=frida_xz, ca_pem=ca_pem, ui=False))
    android.reboot(timeout=20)
    assert phone.reboot_thread is not None and not phone.reboot_thread.is_alive()
    assert phone.reboots == 1 and phone.props["sys.boot_completed"] == "1"
    assert "frida-server" in phone.processes and phone.reverses == {"tcp:8080": "tcp:8080"}
    name = cert.android_name(cert.load_pem(ca_pem))
    assert phone.visible(phone.processes["zygote64"], f"/apex/com.android.conscrypt/cacerts/{name}")


def test_a_runs_proxy_is_undone_without_touching_setups_route(android, phone, ca_pem):
    """Defect 3: clear_proxy after a run used to undo setup's own reverse and proxy setting."""
    provision.setup(android.adb, provision.SetupOptions(ca_pem=ca_pem, frida=False, ca=False, ui=False))
    assert android.setup_proxy_port == 8080
    android.set_proxy("127.0.0.1", 45123)
    assert phone.settings["global/http_proxy"] == "127.0.0.1:45123" and "tcp:45123" in phone.reverses
    android.clear_proxy()
    assert phone.settings["global/http_proxy"] == "127.0.0.1:8080"
    assert phone.reverses == {"tcp:8080": "tcp:8080"}
    undo.teardown(android.adb)
    assert phone.settings == {} and phone.reverses == {}


def test_running_server_is_identified_by_its_binary(phone, client):
    """Defect 9: MagiskFrida (or a renamed server) runs another binary than /data/local/tmp's file."""
    from monitor.devices.android.probe import frida_state

    from .fake_shell import fake_frida_server

    phone.files["/data/local/tmp/frida-server"] = fake_frida_server(frida.__version__)
    module = "/data/adb/modules/magisk-frida/system/bin/frida-server"
    phone.files[module] = fake_frida_server("16.5.2")
    pid = phone.run_server(module, phone.files[module])
    fs = frida_state(client.device(phone.serial))
    assert (fs.pid, fs.exe, fs.running_version, fs.version) == (pid, module, "16.5.2", frida.__version__)
    assert fs.foreign
    renamed = phone.run_server("/data/local/tmp/hluda", fake_frida_server(frida.__version__), port=27043)
    del phone.processes["frida-server"]  # only the renamed one answers now, on another port: not ours
    phone.listening[27042] = renamed
    fs = frida_state(client.device(phone.serial))
    assert (fs.pid, fs.exe, fs.running_version) == (renamed, "/data/local/tmp/hluda", frida.__version__)


def _u2_apk() -> Path:
    import uiautomator2

    return Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"


def test_split_bundles_install_in_one_session(android, phone, tmp_path):
    """Defect 13: an .xapk / .apks is several APKs of one package: pm install-create/write/commit."""
    import json
    import zipfile

    base = _u2_apk().read_bytes()
    xapk = tmp_path / "app.xapk"
    with zipfile.ZipFile(xapk, "w") as z:
        z.writestr("manifest.json", json.dumps({"package_name": "com.github.uiautomator"}))
        z.writestr("com.github.uiautomator.apk", base)
        z.writestr("config.arm64_v8a.apk", base)  # stand-in split (the fake pm checks the package only)
    assert android.install(xapk) == "com.github.uiautomator"
    assert phone.installed_parts["com.github.uiautomator"] == 2
    cmds = " ; ".join(phone.commands)
    assert "pm install-create -r -t -d -S" in cmds and "pm install-commit" in cmds
    assert not [p for p in phone.files if p.startswith("/data/local/tmp/pimon-install")]
    empty = tmp_path / "empty.apks"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("toc.pb", b"")
    with pytest.raises(ConfigError, match="empty.apks: no .apk inside this bundle"):
        android.install(empty)


def test_downgrades_old_target_sdk_and_miui_usb_install(android, phone):
    """Defect 13: -d for older builds; Android 14's low-targetSdk block retried with the bypass flag;
    MIUI's 'Install via USB' explained."""
    phone.versions["com.github.uiautomator"] = 99_999_999  # a newer build is installed
    phone.min_target_sdk = 33  # stands in for 23: the only APK here targets 32
    assert android.install(_u2_apk()) == "com.github.uiautomator"
    assert any("--bypass-low-target-sdk-block" in n for n in android.install_notes)
    assert any("pm install -r -t -d " in c for c in phone.commands)
    phone.props["ro.miui.ui.version.name"] = "V140"
    with pytest.raises(DeviceError, match="INSTALL_FAILED_USER_RESTRICTED.*Install via USB"):
        android.install(_u2_apk())


def test_the_apps_other_processes_are_held_for_instrumentation_and_others_resumed(phone, client, apps, local_frida):
    """Defect 2: `package:push` processes forked by zygote are handed over still suspended; every other
    new process on the device is resumed at once; gating is off again when the app is stopped."""
    from .gated_frida import GatedFrida

    exe = str(apps["com.example.longrun"])
    phone.packages[exe] = "/data/app/longrun/base.apk"
    gated = GatedFrida(local_frida)
    android = AndroidDevice(phone.serial, client=client, frida_device=gated)
    events, spawned = [], threading.Event()

    def on_event(e):
        events.append(e)
        if e.kind == "process-spawned":
            spawned.set()

    main = android.spawn(exe, on_event=on_event)
    sub_pid = other_pid = None
    try:
        assert gated.gating
        other_pid = gated.zygote_fork("com.other.app", exe)  # not ours: runs at once
        sub_pid = gated.zygote_fork(exe + ":push", exe)
        assert spawned.wait(5)
        (ev,) = [e for e in events if e.kind == "process-spawned"]
        assert (ev.data["pid"], ev.data["process"]) == (sub_pid, exe + ":push")
        assert sub_pid in gated.pending and other_pid not in gated.pending  # ours still held
        sub = ev.data["app"]
        sub.release()
        assert sub_pid not in gated.pending and sub.alive
        sub.stop_grace = 0.2
        sub.stop()
        assert sub.wait_exit(5) == 0
        (end,) = [e for e in events if e.kind == "sub-process-exit"]  # not the app's exit
        assert end.data["process"] == exe + ":push" and not [e for e in events if e.kind == "exit"]
    finally:
        main.release()
        main.stop_grace = 0.2
        main.stop()
        for pid in (other_pid, sub_pid):
            if pid:
                try:
                    local_frida.kill(pid)
                except frida.ProcessNotFoundError:
                    pass
    assert gated.gating_changes == [True, False] and not gated.pending


def test_after_a_reboot_the_apps_boot_processes_are_attached_and_new_ones_gated(phone, client, apps, local_frida):
    """Defect 2, boot: processes the system started at boot are attached as they run (main first);
    what the app starts afterwards is held by spawn gating, which is off again when the app stops."""
    from .gated_frida import GatedFrida

    exe = str(apps["com.example.longrun"])
    phone.packages[exe] = "/data/app/longrun/base.apk"
    phone.reboot_down_s = phone.reboot_gone_s = phone.reboot_boot_s = 0.1
    gated = GatedFrida(local_frida)
    android = AndroidDevice(phone.serial, client=client, frida_device=gated)
    android._package = exe  # the app of the run (set by spawn)
    events, spawned = [], threading.Event()
    phone.run_server("/data/local/tmp/frida-server", b"")
    boot = [gated.boot_start(exe + ":push", exe), gated.boot_start(exe, exe)]
    procs = android.reboot(timeout=20, on_event=lambda e: (events.append(e), e.kind == "process-spawned" and spawned.set()))
    later = None
    try:
        assert [(p.pid, p.process) for p in procs] == [(boot[1], exe), (boot[0], exe + ":push")]
        assert all(p.already_running for p in procs) and gated.gating
        procs[0].release()  # nothing to resume: it runs already
        later = gated.zygote_fork(exe + ":remote", exe)
        assert spawned.wait(5) and later in gated.pending
    finally:
        for p in procs:
            p.stop_grace = 0.2
            p.stop()
        for pid in (later,):
            if pid:
                try:
                    local_frida.kill(pid)
                except frida.ProcessNotFoundError:
                    pass
    assert not gated.gating and not gated.pending
