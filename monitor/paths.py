"""Where pimon keeps things: the source tree's build outputs and the user's state directories."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
#: In an installed wheel: what setup.py built into it, laid out as in the checkout (scenarios/,
#: emulator/build/*.jar, emulator/apps/<app>/*.yaml). In a checkout (or an editable install) it is absent.
BUNDLED = PACKAGE_DIR / "_data"
DATA_ROOT = BUNDLED if BUNDLED.is_dir() else REPO_ROOT
EMULATOR_DIR = DATA_ROOT / "emulator"
EMULATOR_BUILD = Path(os.environ.get("PIMON_EMULATOR_BUILD", EMULATOR_DIR / "build"))
SCENARIOS_DIR = DATA_ROOT / "scenarios"


def state_home() -> Path:
    """pimon's state directory (devices, CA, default database): $PIMON_HOME or XDG data home."""
    env = os.environ.get("PIMON_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "pimon"


def cache_home() -> Path:
    """pimon's cache (what it can make again, e.g. the agent's bytecode): $PIMON_CACHE or XDG cache home."""
    env = os.environ.get("PIMON_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "pimon"
