"""The installable pimon (issue 19): the sdist and the wheel, built as a release would be, installed into
a fresh virtualenv outside the checkout, running a fixture scenario end to end from a directory with no
checkout in it.

One build per session (conftest.py: tests/packaging/build.py's build_all): the sdist, a wheel from the
sdist and a wheel from the checkout. Both wheels must be the same, file for file and byte for byte.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tarfile
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor import __version__
from monitor.expected import expected_findings
from monitor.rules import all_rules
from tests.packaging.build import CONSTRAINTS, ROOT, Built, clean_env, run

pytestmark = pytest.mark.timeout(1800)  # the session's sdist + wheel build comes first (javac, minutes)


def _contents(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_the_sdist_builds_the_same_wheel(built: Built) -> None:
    a, b = _contents(built.wheel), _contents(built.wheel_from_sdist)
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []


def test_every_tracked_data_file_under_monitor_is_in_the_wheel(built: Built) -> None:
    tracked = run(["git", "ls-files", "monitor"], cwd=ROOT).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    names = set(_contents(built.wheel))
    missing = [f for f in tracked if f not in names]
    assert missing == []  # every file, .py or not: catalogs, templates, schemas, locale catalogs, ...


def test_the_wheel_holds_what_a_run_needs(built: Built) -> None:
    files = _contents(built.wheel)
    with tarfile.open(built.sdist) as tf:
        hooks_in_sdist = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/hooks/" in m.name}
    assert "hooks/index.ts" in hooks_in_sdist and not any("node_modules" in n for n in hooks_in_sdist)
    agent = files["monitor/agent/_agent.js"].decode()
    assert len(agent) > 100_000 and "frida-java-bridge" in agent  # the bundle carries the Java bridge
    scenarios = {n.removeprefix("monitor/_data/scenarios/") for n in files if n.startswith("monitor/_data/scenarios/")}
    repo_scenarios = {p.relative_to(ROOT / "scenarios").as_posix() for p in (ROOT / "scenarios").rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts}
    assert scenarios == repo_scenarios
    apps = {Path(n).stem for n in files if n.startswith("monitor/_data/emulator/build/apps/")}
    assert apps == {p.name for p in (ROOT / "emulator" / "apps").iterdir() if (p / "AndroidManifest.xml").is_file()}
    with zipfile.ZipFile(built.wheel) as zf, zf.open("monitor/_data/emulator/build/framework.jar") as jar:
        assert "com/pimon/emulator/Zygote.class" in zipfile.ZipFile(jar).namelist()
    meta = files[f"pimon-{__version__}.dist-info/METADATA"].decode()
    assert f"\nVersion: {__version__}\n" in meta
    assert f"pimon-{__version__}-py3-none-any.whl" == built.wheel.name


def test_a_stale_agent_bundle_never_reaches_a_wheel(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.sdist) as tf:
        tf.extractall(tmp_path, filter="data")
    src = next(tmp_path.glob("pimon-*"))
    (src / "hooks" / "index.ts").write_text((src / "hooks" / "index.ts").read_text() + "\n// changed\n")
    proc = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                 str(tmp_path / "w"), str(src)], cwd=tmp_path, env=clean_env(), check=False, timeout=300)
    assert proc.returncode != 0
    assert "was compiled from other sources than hooks/ holds" in proc.stdout + proc.stderr
    assert "npm ci" in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv outside the checkout with the wheel (its dependencies from pip's cache/PyPI)."""
    where = tmp_path_factory.mktemp("user")
    venv.EnvBuilder(with_pip=True).create(where / "venv")
    py = where / "venv" / "bin" / "python"
    run([str(py), "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS), str(built.wheel)], cwd=where,
         env=clean_env(), timeout=1200)
    yield where / "venv" / "bin"


def _pimon(bin_dir: Path, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = clean_env(PIMON_HOME=str(cwd / "home"), HOME=str(cwd), PATH=f"{bin_dir}:/usr/bin:/bin")
    return run([str(bin_dir / "pimon"), *args], cwd=cwd, env=env, timeout=timeout, check=False)


def test_installed_pimon_runs_a_fixture_scenario_end_to_end(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "lab"  # no checkout here or above it
    work.mkdir()
    assert not any((d / "pyproject.toml").exists() for d in (work, *work.parents))
    where = run([str(installed / "python"), "-c", "import monitor; print(monitor.__file__)"], cwd=work,
                 env=clean_env()).stdout.strip()
    assert where.startswith(str(installed.parent)) and "site-packages" in where

    assert _pimon(installed, "--version", cwd=work).stdout.strip() == f"pimon {__version__}"
    mod = run([str(installed / "python"), "-m", "monitor", "--version"], cwd=work, env=clean_env())
    assert mod.stdout.strip() == f"pimon {__version__}"

    doctor = _pimon(installed, "doctor", cwd=work)
    for check in ("agent", "scenarios", "emulator", "java"):
        assert any(line.split()[:2] == ["ok", check] for line in doctor.stdout.splitlines()), doctor.stdout
    adb_up = socket.socket().connect_ex(("127.0.0.1", 5037)) == 0
    if not adb_up:  # with an adb server on this machine doctor checks its devices too
        assert doctor.returncode == 0 and "emulator ready" in doctor.stdout, doctor.stdout

    res = _pimon(installed, "run", "--app", "eager-sdk", "--scenario", "first-launch-refuse", "--out", "out",
                 "--fail-on", "none", cwd=work, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    doc = json.loads((work / "out" / "findings.json").read_text())
    assert doc["pimon_version"] == __version__ and doc["run"]["pimon_version"] == __version__
    assert doc["run"]["status"] == "completed"
    got = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in doc["findings"]}
    want = expected_findings(ROOT / "emulator" / "apps" / "eager-sdk", "first-launch-refuse",
                             [r.code for r in all_rules()])
    assert want and got == want
    junit = (work / "out" / "junit.xml").read_text()
    assert f'name="pimon_version" value="{__version__}"' in junit
    assert f"pimon {__version__}" in (work / "out" / "report.html").read_text()
