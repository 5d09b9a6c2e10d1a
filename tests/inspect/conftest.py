"""Shared fixtures: real APKs (uiautomator2's bundled APK, npm packages cached once) and Debian's aapt."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

from monitor.inspect import inspect_file
from tests.inspect.inspect_support import uiautomator_apk

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".apkcache"
# pinned: the assertions about classes below were verified against exactly these versions
NPM_PACKAGES = ["android-apidemos@5.0.0", "io.appium.settings@8.0.10", "appium-uiautomator2-server@10.6.6"]
NPM_APKS = {
    "apidemos": "android-apidemos/apks/ApiDemos-debug.apk",
    "settings": "io.appium.settings/apks/settings_apk-debug.apk",
    "ua2-server": "appium-uiautomator2-server/apks/appium-uiautomator2-server-v10.6.6.apk",
    "ua2-test": "appium-uiautomator2-server/apks/appium-uiautomator2-server-debug-androidTest.apk",
}



@pytest.fixture(scope="session")
def npm_apks() -> dict[str, Path]:
    """The npm packages' APKs, installed once into tests/inspect/.apkcache (skips if npm is unreachable)."""
    paths = {k: CACHE / "node_modules" / v for k, v in NPM_APKS.items()}
    CACHE.mkdir(exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:  # one npm install at a time (pytest-xdist workers)
        fcntl.flock(lock, fcntl.LOCK_EX)
        _install(paths)
    return paths


def _install(paths: dict[str, Path]) -> None:
    if not all(p.is_file() for p in paths.values()):
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch the real test APKs")
        proc = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
             "--prefix", str(CACHE), *NPM_PACKAGES],
            capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0 or not all(p.is_file() for p in paths.values()):
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
            pytest.skip(f"npm registry unreachable, real APKs unavailable: {tail[0]}")


@pytest.fixture(scope="session")
def real_apk_paths(npm_apks) -> dict[str, Path]:
    return {"uiautomator": uiautomator_apk(), **npm_apks}


_inventories: dict[Path, object] = {}


@pytest.fixture(scope="session")
def inventory_of():
    """inspect_file, memoised for the session (the large APKs take seconds to parse)."""
    def get(path: Path):
        if path not in _inventories:
            _inventories[path] = inspect_file(path)
        return _inventories[path]
    return get


@pytest.fixture(scope="session")
def aapt() -> str:
    exe = shutil.which("aapt")
    if exe is None:
        pytest.skip("Debian's aapt is not installed (apt-get install aapt; .ci/run installs it)")
    return exe
