"""Real Frida on real JVMs: the agent is compiled once per test session, the gated Java test app
(tests/instrument/javaapp: classes named like Android's) once per session too."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import frida
import pytest

from monitor.instrument import build_agent
from monitor.instrument.agent import agent_source

JAVAAPP = Path(__file__).parent / "javaapp"


@pytest.fixture(scope="session")
def agent_js() -> str:
    """Compile hooks/ into monitor/agent/_agent.js once (if stale), under a lock shared by workers."""
    with open("/tmp/pimon-agent-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if build_agent.is_stale():
            build_agent.build()
    agent_source.cache_clear()
    return agent_source()


@pytest.fixture(scope="session")
def java_classes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("javac") is None:
        pytest.skip("javac not installed")
    out = tmp_path_factory.mktemp("javaapp")
    sources = [str(p) for p in JAVAAPP.rglob("*.java")]
    subprocess.run(["javac", "-d", str(out), *sources], check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def late_classes(tmp_path_factory: pytest.TempPathFactory, java_classes: Path) -> Path:
    """Classes not on the app's class path: loaded later through a URLClassLoader ("sdk DIR")."""
    out = tmp_path_factory.mktemp("javaapp_late")
    sources = [str(p) for p in (Path(__file__).parent / "javaapp_late").rglob("*.java")]
    subprocess.run(["javac", "-d", str(out), *sources], check=True, capture_output=True)
    return out


class JavaApp:
    """The gated test app: prints ``READY <pid>``, then runs one command per stdin line."""

    def __init__(self, classes: Path) -> None:
        self.proc = subprocess.Popen(
            ["java", "-Xshare:auto", "-cp", str(classes), "com.example.app.Main"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().split()
        assert first[:1] == ["READY"], f"unexpected first line {first!r}"
        self.pid = int(first[1])

    def cmd(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().rstrip("\n")
        assert answer.startswith("OK"), f"{line!r} -> {answer!r}"
        return answer[3:]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def java_app(java_classes: Path) -> Iterator[JavaApp]:
    app = JavaApp(java_classes)
    yield app
    app.kill()


@pytest.fixture(scope="session")
def frida_device() -> frida.Device:
    return frida.get_local_device()
