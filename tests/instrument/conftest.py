"""Real Frida on real JVMs: the agent is compiled once per test session, the gated Java test app
(tests/instrument/javaapp: classes named like Android's) once per session too."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterator, Sequence
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
    """The gated test app: prints ``READY <pid>``, then runs one command per stdin line. Its stderr and
    any HotSpot crash log (hs_err) go to ``logs``: a command the JVM dies on fails naming how it died."""

    def __init__(self, classes: Path, logs: Path, jvm_args: Sequence[str] = ()) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.logs = logs
        self._stderr = open(logs / "stderr.txt", "w+")  # noqa: SIM115 (closed in kill())
        self.proc = subprocess.Popen(
            ["java", "-Xshare:auto", f"-XX:ErrorFile={logs}/hs_err_pid%p.log", *jvm_args, "-cp", str(classes),
             "com.example.app.Main"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().split()
        assert first[:1] == ["READY"], f"unexpected first line {first!r}{self.death()}"
        self.pid = int(first[1])

    def death(self) -> str:
        """How the JVM ended ('' while it runs): exit status, stderr tail, the crash log's head."""
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return ""
        self._stderr.seek(0)
        err = self._stderr.read()[-2000:]
        crash = "".join(p.read_text(errors="replace")[:3000] for p in sorted(self.logs.glob("hs_err_pid*.log")))
        return f"; the JVM ended with status {code}\nstderr: {err}\n{crash}"

    def cmd(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise AssertionError(f"{line!r}: the JVM is gone{self.death()}") from None
        answer = self.proc.stdout.readline().rstrip("\n")
        assert answer.startswith("OK"), f"{line!r} -> {answer!r}{self.death() if answer == '' else ''}"
        return answer[3:]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self._stderr.close()


@pytest.fixture
def java_app(java_classes: Path, tmp_path: Path) -> Iterator[JavaApp]:
    app = JavaApp(java_classes, tmp_path / "jvm")
    yield app
    app.kill()


@pytest.fixture(scope="session")
def frida_device() -> frida.Device:
    return frida.get_local_device()
