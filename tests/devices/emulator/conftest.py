"""Shared fixtures of the emulator tests: the jars (built once per session), a fresh device per
test, and a small Frida agent compiled once."""

from __future__ import annotations

import fcntl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor import paths
from monitor.devices.emulator import EmulatorDevice

HOOKS = paths.REPO_ROOT / "hooks"
PROBE = "com.pimon.probe"


def build_emulator() -> Path:
    """``make -C emulator`` under a file lock (xdist workers share the build directory)."""
    paths.EMULATOR_BUILD.mkdir(parents=True, exist_ok=True)
    with open(paths.EMULATOR_BUILD / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        run = subprocess.run(["make", "-s", "-C", str(paths.EMULATOR_DIR)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        pytest.fail(f"make -C emulator failed:\n{run.stdout}\n{run.stderr}")
    return paths.EMULATOR_BUILD


@pytest.fixture(scope="session")
def emulator_build() -> Path:
    return build_emulator()


@pytest.fixture
def device(emulator_build: Path, tmp_path: Path) -> Iterator[EmulatorDevice]:
    dev = EmulatorDevice(tmp_path / "device", build_dir=emulator_build)
    try:
        yield dev
    finally:
        dev.close()


@pytest.fixture
def probe(device: EmulatorDevice) -> str:
    return device.install_fixture("probe")


AGENT_TS = """
import Java from "frida-java-bridge";

// Reports every call of the hooked methods with the app frames of its stack.
const TARGETS: [string, string][] = JSON.parse(%(targets)s);

Java.perform(() => {
  const Thread = Java.use("java.lang.Thread");
  let hooked = 0;
  const missing: string[] = [];
  for (const [cls, method] of TARGETS) {
    let k: any;
    try {
      k = Java.use(cls);
    } catch (e) {
      missing.push(cls + "." + method + ": " + e);
      continue;
    }
    if (k[method] === undefined) {
      missing.push(cls + "." + method + ": no such method");
      continue;
    }
    for (const o of k[method].overloads) {
      o.implementation = function (...args: any[]) {
        const frames = Thread.currentThread().getStackTrace();
        const stack: string[] = [];
        for (let i = 0; i < frames.length && i < 16; i++) stack.push(frames[i].getClassName() + "." + frames[i].getMethodName());
        send({ type: "call", api: cls + "." + method, args: args.map(a => String(a)), stack });
        return o.apply(this, args);
      };
      hooked++;
    }
  }
  send({ type: "ready", hooked, missing });
});
"""


@pytest.fixture(scope="session")
def compile_agent(tmp_path_factory: pytest.TempPathFactory):
    """compile(targets) -> JS bundle of an agent hooking every overload of [(class, method), ...]."""
    import json

    import frida

    if not (HOOKS / "node_modules" / "frida-java-bridge").is_dir():
        pytest.skip("hooks/node_modules is missing (run make setup)")
    root = tmp_path_factory.mktemp("agent")
    (root / "node_modules").symlink_to(HOOKS / "node_modules")
    (root / "package.json").write_text('{"name": "emulator-test-agent", "private": true}')
    cache: dict[str, str] = {}

    def compile(targets: list[tuple[str, str]]) -> str:
        key = json.dumps(sorted(targets))
        if key not in cache:
            (root / "agent.ts").write_text(AGENT_TS % {"targets": json.dumps(key)})
            cache[key] = frida.Compiler().build("agent.ts", project_root=str(root))
        return cache[key]

    return compile
