"""pimon inspect on the emulator's fixture apps (built jars): the manifest read back exactly, and every
SDK a fixture's expected.yaml blames at run time is also found statically in its classes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from monitor.inspect import inspect_file
from monitor.paths import EMULATOR_BUILD, EMULATOR_DIR

ANDROID = "{http://schemas.android.com/apk/res/android}"
APPS = sorted(p.parent.name for p in (EMULATOR_DIR / "apps").glob("*/AndroidManifest.xml"))


@pytest.fixture(params=APPS)
def app(request) -> tuple[Path, Path]:
    jar = EMULATOR_BUILD / "apps" / f"{request.param}.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} not built (make emulator)")
    return EMULATOR_DIR / "apps" / request.param, jar


def test_fixture_app_inventory(app):
    src, jar = app
    inv = inspect_file(jar)
    manifest = ET.parse(src / "AndroidManifest.xml").getroot()
    assert inv.format == "pimon-jar"
    assert inv.package == manifest.get("package")
    assert [p.name for p in inv.permissions] == list(dict.fromkeys(
        e.get(ANDROID + "name") for e in manifest.iter("uses-permission")))
    receivers = [e.get(ANDROID + "name") for e in manifest.iter("receiver")]
    assert len(inv.of_kind("receiver")) == len(receivers)
    expected = src / "expected.yaml"
    if expected.is_file():
        blamed = set(re.findall(r"caller: \"?sdk:([a-z0-9-]+)", expected.read_text(encoding="utf-8")))
        # an upgrade scenario installs a later build of the same package (reconsent -> reconsent-v2): the
        # SDKs it may blame are those of every build of the package
        sdks = {s.id for s in inv.sdks}
        for other in APPS:
            other_jar = EMULATOR_BUILD / "apps" / f"{other}.jar"
            if other != src.name and other.startswith(src.name + "-") and other_jar.is_file():
                later = inspect_file(other_jar)
                if later.package == inv.package:
                    sdks |= {s.id for s in later.sdks}
        assert blamed <= sdks, f"expected.yaml blames {blamed}, classes show {sdks}"
        assert yaml.safe_load(expected.read_text(encoding="utf-8"))["app"] == inv.package


def test_self_starter_is_flagged():
    jar = EMULATOR_BUILD / "apps" / "self-starter.jar"
    if not jar.is_file():
        pytest.skip("self-starter fixture not built")
    starts = {s.action for c in inspect_file(jar).self_starting for s in c.self_start}
    assert "android.intent.action.BOOT_COMPLETED" in starts
