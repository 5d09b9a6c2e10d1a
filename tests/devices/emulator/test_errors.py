"""Clear errors: unknown fixture or package, missing JDK, a crashing app, a control timeout, a bad jar."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from monitor.devices.emulator import EmulatorDevice
from monitor.errors import AppCrashed, AppNotFound, ConfigError, ControlTimeout, DeviceError, ToolMissing

from .uixml import center, find


def start(device: EmulatorDevice, package: str):
    proc = device.spawn(package)
    proc.release()
    proc.wait_foreground()
    return proc


def test_unknown_fixture_lists_the_available_ones(device: EmulatorDevice) -> None:
    with pytest.raises(AppNotFound, match=r"unknown fixture app 'nope'; available: .*probe"):
        device.install_fixture("nope")


def test_spawn_of_a_package_not_installed(device: EmulatorDevice, probe: str) -> None:
    with pytest.raises(AppNotFound, match=r"com\.example\.missing is not installed .*installed: com\.pimon\.probe"):
        device.spawn("com.example.missing")


def test_missing_jdk(device: EmulatorDevice, probe: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(ToolMissing, match=r"JAVA_HOME=.*no-jdk.* has no bin/java .*install a JDK 17"):
        device.spawn(probe)
    pem = tmp_path / "ca.pem"
    pem.write_text("not used")
    with pytest.raises(ToolMissing, match="keytool|java"):
        device.install_ca(pem)


def test_crash_reports_exit_code_and_stderr_tail(device: EmulatorDevice, probe: str) -> None:
    exits = []
    proc = device.spawn(probe, on_event=lambda e: exits.append(e) if e.kind == "exit" else None)
    proc.release()
    proc.wait_foreground()
    x, y = center(find(device.ui.dump_hierarchy(), text="Crash"))
    with pytest.raises(AppCrashed) as info:
        device.ui.click(x, y)
    err = info.value
    assert err.process_exit_code == 1
    assert "FATAL EXCEPTION: main" in err.stderr_tail
    assert "java.lang.IllegalStateException: probe crash requested" in err.stderr_tail
    assert "exit code 1" in str(err) and "\n" not in str(err)
    assert proc.wait_exit(5) == 1 and not proc.alive
    assert exits and exits[0].data["code"] == 1 and "probe crash requested" in exits[0].data["stderr_tail"]
    with pytest.raises(AppCrashed):
        proc.request("state")


def test_app_exit_is_reported(device: EmulatorDevice, probe: str) -> None:
    start(device, probe)
    x, y = center(find(device.ui.dump_hierarchy(), text="Exit"))
    with pytest.raises(AppCrashed) as info:
        device.ui.click(x, y)
    assert info.value.process_exit_code == 3


def test_control_timeout(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    x, y = center(find(device.ui.dump_hierarchy(), text="Hang"))
    with pytest.raises(ControlTimeout, match=r"no answer to 'tap' within 0\.5 s"):
        proc.request("tap", x=x, y=y, timeout=0.5)
    with pytest.raises(ControlTimeout):
        proc.request("dump", timeout=0.3)
    proc.kill()
    assert not proc.alive


def test_gated_app_refuses_ui_commands(device: EmulatorDevice, probe: str) -> None:
    proc = device.spawn(probe)
    assert proc.request("hello") == {"package": probe, "pid": proc.pid, "gated": True}
    with pytest.raises(DeviceError, match="gated"):
        proc.request("dump")
    with pytest.raises(DeviceError, match="unknown command"):
        proc.request("fly")
    proc.release()
    proc.wait_foreground()
    assert proc.request("hello")["gated"] is False


def test_stop_of_a_gated_app_kills_it_without_asking(device: EmulatorDevice, probe: str) -> None:
    """A gated app answers no ``stop`` ("send release first"): it is killed at once, not after stop's 5 s timeout
    (an agent that failed to load leaves a run's app gated)."""
    proc = device.spawn(probe)
    with pytest.raises(DeviceError, match="gated"):
        proc.request("stop", timeout=5)
    t0 = time.monotonic()
    proc.stop(timeout=30)
    assert not proc.alive and proc.exit_code == -9
    assert time.monotonic() - t0 < 10  # no reply awaited: asking, then waiting, took the whole 30 s


def test_install_rejects_a_jar_without_manifest(device: EmulatorDevice, tmp_path: Path) -> None:
    jar = tmp_path / "bad.jar"
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("x.txt", "x")
    with pytest.raises(ConfigError, match=r"bad\.jar: not an emulator app: no AndroidManifest\.xml"):
        device.install(jar)
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("AndroidManifest.xml", "<manifest package='a.b'>\n<application>\n</manifest>")
    with pytest.raises(ConfigError, match=r"bad\.jar!/AndroidManifest\.xml:3: .*not well-formed"):
        device.install(jar)


def test_app_does_not_outlive_its_driver(emulator_build: Path, tmp_path: Path) -> None:
    import os
    import select
    import subprocess
    import sys

    code = (
        "import os, sys\nfrom pathlib import Path\nfrom monitor.devices.emulator import EmulatorDevice\n"
        f"d = EmulatorDevice(Path({str(tmp_path / 'dev')!r}), build_dir=Path({str(emulator_build)!r}))\n"
        "d.install_fixture('probe')\np = d.spawn('com.pimon.probe')\np.release()\np.wait_foreground()\n"
        "print(p.pid, flush=True)\nos._exit(0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    pid = int(out.stdout.split()[0])
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # already gone
    try:
        ready, _, _ = select.select([fd], [], [], 15)
    finally:
        os.close(fd)
    if not ready:
        os.kill(pid, 9)
    assert ready, "the app JVM outlived the driver that started it"


def test_a_jvm_killed_by_a_signal_leaves_its_fatal_error_log_in_the_tombstones(device: EmulatorDevice,
                                                                               probe: str) -> None:
    """A signal the JVM cannot survive (here SIGSEGV from outside, as a fault in native code would be) makes HotSpot
    write hs_err_pid<N>.log and abort: the log goes to the device's tombstones, and the crash record is made from it —
    the error and the problematic frame in the run's reason, the crashing thread's frames as its stack."""
    import os
    import signal

    from monitor.crashes import classify

    proc = start(device, probe)
    assert proc.crash_log == ""  # alive: nothing to read
    os.kill(proc.pid, signal.SIGSEGV)
    assert proc.wait_exit(20) == -signal.SIGABRT
    assert (device.tombstones / f"hs_err_pid{proc.pid}.log").is_file() and device.tombstones == device.home / "tombstones"
    crash = classify(proc.exit_code, requested=False, device_crash=None, stderr_tail=proc.stderr_tail,
                     crash_log=proc.crash_log)
    assert crash is not None and (crash.kind, crash.signal, crash.source) == ("native-abort", "SIGABRT", "hs_err")
    assert crash.summary().startswith("app crashed: killed by SIGABRT (native abort): the JVM's fatal error "
                                      "SIGSEGV (0xb) at pc=0x")
    assert "(sent by kill)" in crash.summary() and ", in " in crash.summary()
    assert crash.stack.startswith("#\n# A fatal error has been detected by the Java Runtime Environment")
    assert "Native frames:" in crash.stack and "Environment Variables" not in crash.stack


def test_an_app_watches_its_driver_through_a_pipe_not_a_polling_reaper(device: EmulatorDevice, probe: str) -> None:
    """The app's JVM ends with pimon by reading EOF on its stdin (test_app_does_not_outlive_its_driver), not through
    ProcessHandle.parent().onExit(): that one's reaper thread opens /proc/<pid>/stat all the time, and the agent
    patching open64 while the reaper was in its first instructions crashed the JVM (SIGSEGV in __open64)."""
    proc = device.spawn(probe)  # gated: the agent's moment
    names = set()
    for task in Path(f"/proc/{proc.pid}/task").iterdir():
        try:
            names.add((task / "comm").read_text().strip())
        except OSError:
            pass
    assert "pimon-parent-wa" in names  # comm keeps 15 characters
    assert not [n for n in names if n.startswith("process reaper")], names
    proc.kill()
