"""Frida attaches to the gated JVM, hooks framework methods, and sees the calls the app makes in
Application.onCreate (and its static initialisers) — none missed."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import Any

import frida
import pytest
import yaml

from monitor import paths
from monitor.devices.emulator import EmulatorDevice
from monitor.errors import AppCrashed

pytestmark = pytest.mark.e2e


class Agent:
    def __init__(self, device: EmulatorDevice, pid: int, bundle: str) -> None:
        self.calls: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        self.ready = threading.Event()
        self.info: dict[str, Any] = {}
        self.session = device.frida_device().attach(pid)
        self.script = self.session.create_script(bundle)
        self.script.on("message", self._on)
        self.script.load()
        assert self.ready.wait(30), "agent never became ready"

    def _on(self, message: dict[str, Any], data: Any) -> None:
        payload = message.get("payload") or {}
        if payload.get("type") == "call":
            with self.changed:
                self.calls.append(payload)
                self.changed.notify_all()
        elif payload.get("type") == "ready":
            self.info = payload
            self.ready.set()

    def wait_apis(self, apis: set[str], timeout: float = 10.0) -> set[str]:
        """The hooked APIs seen so far, once all of ``apis`` were seen or ``timeout`` passed
        (agent messages arrive independently of the control channel's events)."""
        with self.changed:
            self.changed.wait_for(lambda: apis <= {c["api"] for c in self.calls}, timeout)
            return {c["api"] for c in self.calls}

    def detach(self) -> None:
        with contextlib.suppress(frida.InvalidOperationError):
            self.session.detach()


def test_hooks_see_calls_in_application_on_create(device: EmulatorDevice, probe: str, compile_agent) -> None:
    bundle = compile_agent([("android.util.Log", "i"), ("android.content.ContextWrapper", "getSharedPreferences")])
    proc = device.spawn(probe)
    agent = Agent(device, proc.pid, bundle)
    try:
        assert agent.info["hooked"] >= 2 and not agent.info["missing"]
        assert agent.calls == []  # gated: no app code ran yet
        proc.release()
        proc.wait_log("main:onResume")
        agent.wait_apis({"android.util.Log.i", "android.content.ContextWrapper.getSharedPreferences"})
        with agent.changed:
            agent.changed.wait_for(lambda: sum(c["api"] == "android.util.Log.i" for c in agent.calls) >= 3, 10)
        msgs = [c["args"][1] for c in agent.calls if c["api"] == "android.util.Log.i"]
        assert msgs[:3] == ["static-init", "app-create", "launches=1"]
        prefs = next(c for c in agent.calls if c["api"].endswith("getSharedPreferences"))
        assert "com.pimon.probe.ProbeApp.onCreate" in prefs["stack"]
        init = next(c for c in agent.calls if c["args"][1:] == ["static-init"])
        assert "com.pimon.probe.ProbeApp.<clinit>" in init["stack"]
    finally:
        agent.detach()


def _fixture_names() -> list[str]:
    return sorted(p.parent.name for p in (paths.EMULATOR_DIR / "apps").glob("*/AndroidManifest.xml"))


def _early_apis(app_dir: Path) -> list[str]:
    """Java APIs the fixture's expected.yaml says are called before any consent (phase unknown).

    Native functions (class "libc", hooked with Interceptor and a path filter from the catalog) are left to
    the native-path tests: this test hooks bare (class, method) targets without the catalog's filters."""
    expected = yaml.safe_load((app_dir / "expected.yaml").read_text(encoding="utf-8")) or {}
    apis: set[str] = set()
    for findings in (expected.get("scenarios") or {}).values():
        for f in findings or []:
            api = str(f.get("api", "-"))
            if f.get("phase") == "unknown" and api != "-" and "." in api and not api.startswith(("net:", "libc.")):
                apis.add(api)
    return sorted(apis)


def _crashes_at_launch(app_dir: Path) -> bool:
    """The fixture's expected.yaml says every scenario ends app-crashed (it dies before its first screen)."""
    expected = yaml.safe_load((app_dir / "expected.yaml").read_text(encoding="utf-8")) or {}
    status = expected.get("status") or {}
    return bool(status) and set(status) >= set(expected.get("scenarios") or {}) \
        and set(status.values()) == {"app-crashed"}


@pytest.mark.parametrize("fixture", _fixture_names())
def test_fixture_early_calls_are_seen(device: EmulatorDevice, compile_agent, fixture: str) -> None:
    app_dir = paths.EMULATOR_DIR / "apps" / fixture
    apis = _early_apis(app_dir) if (app_dir / "expected.yaml").is_file() else []
    targets = sorted({(api.rsplit(".", 1)[0], api.rsplit(".", 1)[1]) for api in apis} | {("android.app.Application", "onCreate")})
    package = device.install_fixture(fixture)
    proc = device.spawn(package)
    agent = Agent(device, proc.pid, compile_agent(targets))
    try:
        assert not agent.info["missing"], agent.info["missing"]
        proc.release()
        try:
            proc.wait_foreground(timeout=20)
        except AppCrashed:
            if not _crashes_at_launch(app_dir):
                raise
        # every API the fixture is expected to call before consent was seen by the hooks (calls made
        # in Activity.onCreate, just before the foreground event, may still be on their way from Frida)
        deadline = time.monotonic() + 5
        while not set(apis) <= {c["api"] for c in agent.calls} and time.monotonic() < deadline:
            time.sleep(0.05)
        seen = agent.wait_apis(set(apis))
        assert set(apis) <= seen, f"missed: {sorted(set(apis) - seen)}"
    finally:
        agent.detach()


def test_a_stop_drains_the_agent_after_the_app_ended_then_ends_the_process(device: EmulatorDevice, probe: str,
                                                                          compile_agent) -> None:
    """stop(drain=...): the app ends first (its activity's onDestroy runs, hooked), then ``drain`` is called (pimon
    fetches the agent's last events there), then the process is gone when stop returns — killed at once if it
    has not ended, as Android's force-stop does, instead of HotSpot's exit waiting on the agent's thread."""
    bundle = compile_agent([("android.util.Log", "i")])
    proc = device.spawn(probe)
    agent = Agent(device, proc.pid, bundle)
    try:
        proc.release()
        proc.wait_log("main:onResume")
        drained = []

        def drain() -> None:
            with agent.changed:
                agent.changed.wait_for(lambda: any(c["args"][1:] == ["main:onDestroy"] for c in agent.calls), 10)
                drained.append([c["args"][1] for c in agent.calls if c["api"] == "android.util.Log.i"])

        proc.stop(drain=drain)
        assert len(drained) == 1 and drained[0][-1] == "main:onDestroy"
        assert not proc.alive and proc.wait_exit(0) is not None
    finally:
        agent.detach()


def test_a_stop_without_drain_is_the_app_s_own_exit(device: EmulatorDevice, probe: str) -> None:
    """Without ``drain`` the process ends by itself after the app's end, with its own exit code (0)."""
    proc = device.spawn(probe)
    proc.release()
    proc.wait_log("main:onResume")
    proc.stop()
    assert not proc.alive and proc.wait_exit(0) == 0
