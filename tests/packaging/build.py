"""Building pimon's sdist and wheels as a release does, for the packaging tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from monitor import paths

ROOT = paths.REPO_ROOT
CONSTRAINTS = ROOT / "constraints.txt"


def run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 900,
         check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return proc


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH into the checkout, no pimon test settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIMON_", "PYTHON", "PYTEST", "VIRTUAL_ENV", "ANDROID_"))}
    env.update(extra)
    return env


@dataclass
class Built:
    sdist: Path
    wheel: Path          # from the checkout
    wheel_from_sdist: Path


def build_all(base: Path) -> Built:
    """The sdist, a wheel from the sdist (`pip wheel SDIST`: no hooks/node_modules there, so the shipped
    agent bundle is checked, and the emulator jars are compiled from the sdist's Java sources) and a
    wheel from the checkout. The jars are compiled once, into a cache under ``base``; the checkout's
    wheel finds them there by the digest of the same Java sources."""
    env = clean_env(PIMON_BUILD_CACHE=str(base / "cache"))
    run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(base / "sdist"), "."],
        cwd=ROOT, env=env)
    sdist = next((base / "sdist").glob("pimon-*.tar.gz"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
         str(base / "from-sdist"), str(sdist)], cwd=base, env=env)
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(base / "wheel"), "."],
        cwd=ROOT, env=env)
    return Built(sdist, next((base / "wheel").glob("pimon-*.whl")), next((base / "from-sdist").glob("pimon-*.whl")))
