"""The agent's script is made from QuickJS bytecode kept in pimon's cache (monitor/instrument/agent.py): compiled by
the first session, loaded by the next, compiled again when damaged, and never a reason for a session to fail."""

from __future__ import annotations

from pathlib import Path

import frida
import pytest

from monitor.instrument.agent import agent_source, bytecode_path
from monitor.instrument.session import InstrumentationSession
from tests.instrument.conftest import JavaApp

CATALOG = [{"class": "android.telephony.TelephonyManager", "method": "getImei", "category": "device-id", "pi": "imei"}]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("PIMON_CACHE", str(path))
    return path


def _hooked_call_is_recorded(frida_device: frida.Device, app: JavaApp) -> None:
    """A session on ``app`` that loads, hooks and records a call: the agent made from the cache works."""
    events: list = []
    session = InstrumentationSession(frida_device, CATALOG, events.extend)
    try:
        session.attach(app.pid)
        assert session.load(timeout=20).hooks == 1
        app.cmd("imei")
        session.flush()
        assert [e.api for e in events] == ["android.telephony.TelephonyManager.getImei"]
    finally:
        session.close()


def _bytecode(frida_device: frida.Device) -> Path:
    return bytecode_path(agent_source(), frida.__version__, frida_device.query_system_parameters()["arch"])


def test_the_first_session_compiles_the_agent_and_the_next_loads_its_bytecode(
        agent_js, java_classes, java_app, frida_device, cache, tmp_path):
    _hooked_call_is_recorded(frida_device, java_app)
    path = _bytecode(frida_device)
    assert path.parent == cache / "agent" and [p.name for p in path.parent.iterdir()] == [path.name]
    assert path.read_bytes()[:1] != b"" and not path.read_bytes().startswith(b"\xef\xbb\xbf")
    written = path.stat()
    second = JavaApp(java_classes, tmp_path / "jvm2")
    try:
        _hooked_call_is_recorded(frida_device, second)
    finally:
        second.kill()
    again = path.stat()  # loaded, not compiled and written again
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_damaged_bytecode_is_compiled_again(agent_js, java_app, frida_device, cache):
    path = _bytecode(frida_device)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not QuickJS bytecode at all" * 100)
    _hooked_call_is_recorded(frida_device, java_app)
    assert path.read_bytes() != b"not QuickJS bytecode at all" * 100 and path.stat().st_size > 100_000


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_compile(
        agent_js, java_app, frida_device, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache's parent is a file: nothing can be made under it\n")
    monkeypatch.setenv("PIMON_CACHE", str(blocked / "cache"))
    _hooked_call_is_recorded(frida_device, java_app)


def test_the_bytecode_s_name_changes_with_the_bundle_frida_and_the_architecture():
    base = bytecode_path("agent();", "17.0.0", "x64")
    assert base == bytecode_path("agent();", "17.0.0", "x64")
    others = {bytecode_path("agent(2);", "17.0.0", "x64"), bytecode_path("agent();", "17.0.1", "x64"),
              bytecode_path("agent();", "17.0.0", "arm64")}
    assert base not in others and len(others) == 3
