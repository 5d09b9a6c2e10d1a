"""The agent on pimon's JVM emulator: spawn gated -> attach -> load the real catalog -> release."""

from __future__ import annotations

import fcntl
import subprocess
import threading
from pathlib import Path

import pytest

from monitor import paths
from monitor.catalog import load_catalog
from monitor.instrument.protocol import FRAMEWORK_PREFIXES, Event
from monitor.instrument.session import InstrumentationSession

pytestmark = pytest.mark.e2e
PROBE = "com.pimon.probe"


@pytest.fixture(scope="module")
def emulator_build() -> Path:
    paths.EMULATOR_BUILD.mkdir(parents=True, exist_ok=True)
    with open(paths.EMULATOR_BUILD / ".lock", "w") as fh:  # the emulator tests' lock: same build dir
        fcntl.flock(fh, fcntl.LOCK_EX)
        run = subprocess.run(["make", "-s", "-C", str(paths.EMULATOR_DIR)], capture_output=True, text=True, check=False)
    if run.returncode != 0 or not (paths.EMULATOR_BUILD / "testapps" / "probe.jar").is_file():
        pytest.fail(f"make -C emulator failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return paths.EMULATOR_BUILD


@pytest.fixture
def device(emulator_build, tmp_path):
    from monitor.devices.emulator import EmulatorDevice

    dev = EmulatorDevice(tmp_path / "device", build_dir=emulator_build)
    dev.install_fixture("probe")
    yield dev
    dev.close()


def caller(ev: Event) -> str:
    return next((f.class_name for f in ev.stack if not f.class_name.startswith(FRAMEWORK_PREFIXES)), "-")


def test_call_in_application_oncreate_after_gate_is_seen_and_kill_ends_the_session(agent_js, device):
    events: list[Event] = []
    ended = threading.Event()
    end: list[str] = []

    def on_end(reason, crash):
        end.append(reason)
        ended.set()

    proc = device.spawn(PROBE)
    session = InstrumentationSession(device.frida_device(), load_catalog(), events.extend, on_end)
    session.attach(proc.pid)
    ready = session.load(timeout=30)
    assert ready.runtime == "jvm" and ready.hooks > 20 and not session.errors
    proc.release()
    # no READ_PHONE_STATE grant on a fresh device: getDeviceId throws, the app logs it
    proc.wait_for(lambda e: e.kind == "log" and str(e.data.get("msg", "")).startswith(("device-id=", "security-exception")),
                  timeout=20)
    session.flush()
    (ev,) = [e for e in events if e.api == "android.telephony.TelephonyManager.getDeviceId"]
    assert ev.category == "device-id" and ev.pi == "imei"
    assert ev.ret is not None or "SecurityException" in (ev.exception or "")
    assert caller(ev) == "com.pimon.probe.MainActivity"
    assert any(f.class_name == "com.pimon.probe.ProbeApp" and f.method == "onCreate" for f in ev.stack)
    # the JVM's and Frida's own work (class loading, the bridge reading /proc/self/maps) is not the app's
    assert not [e for e in events if e.api.startswith("libc.")]
    assert all(caller(e) != "-" for e in events if e.category != "permission")
    proc.kill()
    assert ended.wait(30) and end == ["process-terminated"]
    session.close()
