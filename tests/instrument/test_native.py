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


SPAWNER_C = r"""
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
int main(void) {
    char line[64];
    printf("READY %d\n", getpid());
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
        pid_t pid;
        char *argv[] = {"cat", "/proc/version", NULL};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", 1, 0);
        if (line[0] == 'p') posix_spawnp(&pid, "cat", &actions, NULL, argv, environ);
        else posix_spawn(&pid, "/bin/cat", &actions, NULL, argv, environ);
        waitpid(pid, NULL, 0);
        posix_spawn_file_actions_destroy(&actions);
        printf("OK\n");
        fflush(stdout);
    }
    return 0;
}
"""


def test_posix_spawn_events_carry_the_argv(agent_js, frida_device, tmp_path):
    """#11 defect 14: the hook read ``file_actions`` (argument 2) instead of ``argv`` (argument 4)."""
    import shutil
    import subprocess

    if shutil.which("cc") is None:
        pytest.skip("no C compiler")
    (tmp_path / "spawner.c").write_text(SPAWNER_C)
    exe = tmp_path / "spawner"
    subprocess.run(["cc", "-O0", "-o", str(exe), str(tmp_path / "spawner.c")], check=True)
    proc = subprocess.Popen([str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(proc.stdout.readline().split()[1])
        events: list[Event] = []
        with InstrumentationSession(frida_device, load_catalog(), events.extend) as session:
            session.attach(pid)
            session.load(timeout=30)
            for cmd in ("s", "p"):
                proc.stdin.write(cmd + "\n")
                proc.stdin.flush()
                assert proc.stdout.readline().strip() == "OK"
            session.flush()
        spawned = [(e.api, e.args[0], e.pi) for e in events if e.api.startswith("libc.posix_spawn")]
        assert spawned == [
            ("libc.posix_spawn", "cat /proc/version", "shell-command"),
            ("libc.posix_spawnp", "cat /proc/version", "shell-command"),
        ]
    finally:
        proc.kill()
        proc.wait(10)
