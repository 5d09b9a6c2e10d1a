"""Native access paths and shell commands with the real catalog, on a real JVM: these reach the
JVM's own libc, so they are tested for real."""

from __future__ import annotations

import os

import pytest

from monitor.catalog import load_catalog
from monitor.instrument.protocol import Event
from monitor.instrument.session import InstrumentationSession


@pytest.fixture
def live(agent_js, java_app, frida_device):
    events: list[Event] = []
    session = InstrumentationSession(frida_device, load_catalog(), events.extend)
    session.attach(java_app.pid)
    session.load(timeout=30)
    yield java_app, session, events
    session.close()


PATHS = {
    "/proc/net/arp": "arp-table",
    "/proc/net/tcp": "sockets",
    "/proc/self/maps": "memory-maps",
    "/proc/cpuinfo": "hardware-serial",
    "/sys/class/net/lo/address": "mac",
}


def test_fingerprinting_file_reads_are_native_events_with_the_java_caller(live):
    app, session, events = live
    present = [p for p in PATHS if os.path.exists(p)]
    for path in present:
        app.cmd(f"read {path}")
    app.cmd("read /etc/hostname")  # not interesting: no event
    session.flush()
    native = [e for e in events if e.category == "native"]
    assert [(e.args[0], e.pi) for e in native] == [(p, PATHS[p]) for p in present]  # one per read: open64 is open
    for ev in native:
        assert ev.api == "libc.open" and ev.stack_kind == "java" and int(ev.ret or "-1") >= 0
        assert any(f.class_name == "com.example.app.Main" for f in ev.stack)


def test_shell_commands_are_classified_by_what_they_read(live):
    app, session, events = live
    app.cmd("exec cat /proc/version")
    assert app.cmd("exec getprop ro.serialno").startswith(("error", "0", "1", "2"))
    app.cmd("exec true")
    session.flush()
    execs = [e for e in events if e.api == "java.lang.Runtime.exec"]
    assert [(e.category, e.pi) for e in execs] == [
        ("native", "system-file"), ("device-info", "system-property"), ("exec", None)]
    assert execs[0].args[0] == '["cat","/proc/version"]'
    assert execs[0].stack[0].class_name == "com.example.app.Main"
