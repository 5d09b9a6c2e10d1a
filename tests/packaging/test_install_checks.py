"""What an installation without a JDK or JRE is told: the package to install, per system."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.devices.emulator import jarbuild


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no java, no javac
    for var in ("ANDROID_SERIAL", "ANDROID_ADB_SERVER_HOST"):
        monkeypatch.delenv(var, raising=False)


def test_building_the_emulator_without_javac_names_the_jdk_packages(no_java: None, tmp_path: Path) -> None:
    with pytest.raises(jarbuild.JdkMissing) as exc:
        jarbuild.build(Path(__file__).resolve().parents[2] / "emulator", tmp_path / "out")
    msg = str(exc.value)
    assert "javac not found" in msg and "openjdk-17-jdk-headless" in msg and "brew install openjdk@17" in msg
    assert not (tmp_path / "out").exists()


def test_doctor_without_java_fails_and_names_the_runtime_packages(no_java: None, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", "1")  # asked for Android, nothing there: also a FAIL line
    r = CliRunner().invoke(app, ["doctor"])
    assert r.exit_code == 2, r.output
    lines = r.output.splitlines()
    i = next(n for n, line in enumerate(lines) if line.split()[:2] == ["FAIL", "java"])
    assert "java is not on PATH" in lines[i]
    assert "openjdk-17-jre-headless" in lines[i + 1] and "brew install openjdk@17" in lines[i + 1]
    assert any(line.split()[:2] == ["ok", "agent"] for line in lines)
    assert any(line.split()[:2] == ["FAIL", "adb"] for line in lines)


def test_ptrace_check_reads_the_capability_bounding_set() -> None:
    from monitor.devices.emulator.doctor import check_ptrace

    docker_default = "Name:\tpython3\nCapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n"
    with_cap = "CapBnd:\t00000000a80c25fb\n"  # docker run --cap-add SYS_PTRACE
    host_root = "CapBnd:\t000001fffeffffff\n"
    bad = check_ptrace(docker_default)
    assert bad.status == "fail" and "--cap-add SYS_PTRACE" in bad.fix
    assert check_ptrace(with_cap).status == "ok" and check_ptrace(host_root).status == "ok"
