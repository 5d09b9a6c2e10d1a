"""A crash on a class or member the emulator's framework lacks says so — class/member and caller — (issue 20
gap 8): DeviceState.frameworkGap run on a real JVM against the built framework.jar, on a real
ClassNotFoundException and on linkage errors shaped as HotSpot throws them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PREFIX = "the emulator's framework lacks "

pytestmark = pytest.mark.skipif(shutil.which("javac") is None, reason="needs a JDK")


@pytest.fixture(scope="module")
def gaps(emulator_build: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("gap-probe")
    cp = str(emulator_build / "framework.jar")
    subprocess.run(["javac", "-nowarn", "-d", str(out), "-cp", cp, str(HERE / "java" / "GapProbe.java")], check=True,
                   timeout=120)
    run = subprocess.run(["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", f"{out}:{cp}", "GapProbe"],
                         check=True, capture_output=True, text=True, timeout=60)
    return [line.split("\t", 1)[1] for line in run.stdout.splitlines()]


def test_a_missing_platform_class_names_the_class_and_the_calling_method(gaps: list[str]) -> None:
    assert gaps[0] == PREFIX + "ClassNotFoundException android.app.NoSuchManager (needed by GapProbe.main)"


def test_a_missing_member_names_the_first_caller_outside_the_jdk_framework_and_emulator(gaps: list[str]) -> None:
    assert gaps[1] == (PREFIX + "NoSuchMethodError 'java.lang.String android.os.Build.getSerial(int)' "
                       "(needed by com.umeng.commonsdk.UMConfigure.init)")


def test_the_gap_is_found_in_a_cause_with_slashes_turned_to_dots(gaps: list[str]) -> None:
    assert gaps[2] == PREFIX + "NoClassDefFoundError androidx.core.app.NotificationCompat (needed by " \
                               "com.example.app.MainActivity.onCreate)"


def test_no_app_frame_gives_an_unknown_caller(gaps: list[str]) -> None:
    assert gaps[3] == PREFIX + "NoClassDefFoundError android.net.wifi.aware.WifiAwareManager (needed by ?)"


def test_an_app_class_missing_or_an_ordinary_exception_is_not_a_framework_gap(gaps: list[str]) -> None:
    assert gaps[4:] == ["null", "null"]
