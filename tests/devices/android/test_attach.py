"""`pimon attach` end to end on the boundary that exists here: the real agent loaded by the real
instrumentation session into a native stand-in app on the local Frida device, adb answered by the
fake adb server, a real SQLite store, real rules and reports."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import frida
import pytest

from monitor.cli.attach_cmd import _attach, _lines, render
from monitor.devices.android.device import AndroidDevice
from monitor.devices.android.lab import LabSession
from monitor.store import open_store

APP_C = r"""
#include <fcntl.h>
#include <unistd.h>
int main(void) {
    int fd = open("/sys/class/net/lo/address", O_RDONLY);  /* a MAC read the native hooks see */
    if (fd >= 0) close(fd);
    usleep(300000);
    return 0;
}
"""


@pytest.fixture(scope="module")
def mac_reader(tmp_path_factory):
    if not shutil.which("cc"):
        pytest.skip("no C compiler to build the local stand-in app")
    d = tmp_path_factory.mktemp("lab")
    (d / "app.c").write_text(APP_C)
    exe = d / "com.example.macreader"
    subprocess.run(["cc", "-o", str(exe), str(d / "app.c")], check=True)
    return exe


def test_attach_records_events_manual_consent_and_notes_then_reports(phone, client, mac_reader, tmp_path):
    phone.packages[str(mac_reader)] = "/data/app/macreader/base.apk"
    dev = AndroidDevice(phone.serial, client=client, frida_device=frida.get_local_device())
    db = tmp_path / "pimon.db"
    script = io.StringIO("d\na\nw\nn consent withdrawn from the settings screen\nx\n")

    run_id, status, reason, paths = _attach(
        str(mac_reader), None, True, str(db), tmp_path / "out", ["json", "html"], script, device=dev
    )

    assert (status, reason) == ("completed", None)
    store = open_store(db)
    timeline = store.load_timeline(run_id)
    assert store.count_events(run_id) >= 1
    assert [(t.from_state, t.to_state) for t in timeline.transitions] == [
        ("unknown", "pre-consent"),
        ("pre-consent", "consented"),
        ("consented", "withdrawn"),
    ]
    assert any("settings screen" in m.note for m in timeline.marks)
    doc = json.loads(paths["json"].read_text())
    assert doc["run"]["id"] == run_id and paths["html"].is_file()


def test_lab_refuses_impossible_transitions_and_counts(tmp_path):
    store = open_store(tmp_path / "x.db")
    run_id = store.create_run("com.example.app", device_kind="android")
    lab = LabSession(store, run_id, "com.example.app", attribute=lambda stack, pkg: "sdk:umeng")
    assert lab.key("w") == "cannot go from unknown to withdrawn"
    assert lab.key("r") == "consent: unknown -> refused"
    assert lab.key("z").startswith("unknown key 'z'")
    assert lab.note("  ") == "empty note ignored"
    snap = lab.snapshot()
    assert snap["state"] == "refused" and snap["messages"][-1] == "empty note ignored"
    render(snap, "com.example.app", run_id)  # renders without a terminal


def test_script_lines_become_commands():
    import queue

    q: queue.Queue = queue.Queue()
    _lines(io.StringIO("a\n\nn  hello there \nnope\nq\n"), q)
    got = [q.get_nowait() for _ in range(q.qsize())]
    assert got == [("key", "a"), ("note", "hello there"), ("key", "n"), ("quit", ""), ("eof", "")]


def test_terminal_keys_and_a_note_through_a_pty(tmp_path):
    import os
    import threading

    from rich.console import Console

    from monitor.cli.attach_cmd import _loop

    store = open_store(tmp_path / "x.db")
    run_id = store.create_run("com.example.app", device_kind="android")
    lab = LabSession(store, run_id, "com.example.app")
    master, slave = os.openpty()
    term = os.fdopen(slave, "r", buffering=1)
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    done = threading.Thread(target=_loop, args=(lab, term, "com.example.app", run_id, console))
    done.start()
    os.write(master, b"da")
    os.write(master, b"n")
    os.write(master, b"found the privacy settings\n")
    os.write(master, b"wq")
    done.join(10)
    assert not done.is_alive()
    timeline = store.load_timeline(run_id)
    assert [t.to_state for t in timeline.transitions] == ["pre-consent", "consented", "withdrawn"]
    assert [m.note for m in timeline.marks] == ["found the privacy settings"]
    assert "note: " in console.file.getvalue() and "consent:" in console.file.getvalue()
    os.close(master)
    term.close()
