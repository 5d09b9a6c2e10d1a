"""``--redact``: no raw identifier of the device profile is found anywhere in PIMON_HOME or the reports (the
device's own profile.properties aside), yet the traffic findings are the same; pimon's files are 0600/0700."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.devices.emulator import props
from monitor.redact import IDENTIFIER_KEYS

pytestmark = pytest.mark.e2e


def _pimon(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIMON_HOME": str(home)}
    return subprocess.run([str(Path(sys.executable).parent / "pimon"), *args], env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def _needles(profile: dict[str, str]) -> dict[bytes, str]:
    out = {}
    for key in IDENTIFIER_KEYS:
        value = profile.get(key, "").strip()
        if len(value) < 6:
            continue
        for v in {value, value.upper(), value.lower(), value.replace(":", ""), value.replace(":", "").upper()}:
            out[v.encode()] = key
    return out


def test_redacted_run_leaves_no_raw_identifier(tmp_path: Path, e2e_build: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    res = _pimon("run", "--app", "tracker-sdk", "--scenario", "first-launch-refuse", "--redact", "-p", "observe=2",
                 "-p", "background=1", "--db", str(home / "pimon.db"), "--out", str(out),
                 "--formats", "json,html,junit,xlsx", "--fail-on", "none", home=home)
    assert res.returncode == 0, res.stdout + res.stderr
    profile_file = home / "devices" / "emulator" / "profile.properties"
    needles = _needles(props.read(profile_file))
    assert len(needles) >= 10
    leaks = []
    for root in (home, out):
        for path in root.rglob("*"):
            if not path.is_file() or path == profile_file:
                continue
            data = path.read_bytes()
            leaks += [(str(path.relative_to(tmp_path)), key) for needle, key in needles.items() if needle in data]
    assert not leaks, leaks
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert doc["run"]["config"]["redacted"] is True
    net = {(f["rule"], f["api"]) for f in doc["findings"] if f["api"].startswith("net:")}
    assert ("PI-6.3-BEFORE-CONSENT", "net:t.appsflyer.com") in net  # matching still works on the raw values
    # files are pimon's user's alone
    for path in [home / "pimon.db", *out.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for d in (home, out, home / "devices"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
