"""The fixture apps: their expected.yaml files are well-formed and name real rules, catalog APIs and
SDK ids; on the emulator, pimon's consent detection finds each app's privacy dialog (Chinese and
English, AlertDialog and custom layouts) with the controls and preselection the fixture intends."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
import yaml

from monitor import paths
from monitor.catalog import load_catalog
from monitor.devices.emulator import EmulatorDevice
from monitor.rules.registry import all_rules
from monitor.scenarios.detect import detect_consent, detect_permission
from monitor.scenarios.loader import builtin_names
from monitor.scenarios.screen import unreadable
from monitor.sdk import db as sdk_db

APPS = paths.EMULATOR_DIR / "apps"
FIXTURES = sorted(p.parent.name for p in APPS.glob("*/AndroidManifest.xml"))
TRAFFIC_RULES = {"PI-6.3-BEFORE-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-6.5-UNDISCLOSED-THIRD-PARTY", "PI-13-CLEARTEXT"}
SCENARIOS = set(builtin_names()) | {p.stem for p in paths.SCENARIOS_DIR.glob("*.py")}  # YAML and Python built-ins
PHASES = {"unknown", "pre-consent", "consented", "refused", "withdrawn"}
ANDROID_NS = "{http://schemas.android.com/apk/res/android}"

# What each fixture's first screen must offer: (agree text, refuse text, preselected), or None.
DIALOGS = {
    "compliant": ("同意", "不同意", False),
    "eager-sdk": ("同意", "不同意", False),
    "ignores-refusal": ("Agree", "Disagree", False),
    "hot-poller": ("同意", "不同意", False),
    "forced-exit": ("Agree", "Disagree", False),
    "preselected": ("同意", "不同意", True),
    "bulk-permissions": ("Agree", "Disagree", False),
    "self-starter": ("同意", "不同意", False),
    "no-dialog": None,
    "tracker-sdk": ("同意", "不同意", False),
    "crash-refusal": ("同意", "不同意", False),
    "pinned-sdk": ("同意", "不同意", False),
    # the one-rule fixtures (provisions issue) and the evidence-issue fixtures
    "reconsent": ("同意", "不同意", False),
    "reconsent-v2": ("同意", "不同意", False),
    "bg-location": ("同意", "不同意", False),
    "policy-gap": ("同意", "不同意", False),
    "image-policy": ("同意", "不同意", False),
    "silent-cleaner": ("同意", "不同意", False),
    "no-personalisation": ("同意", "不同意", False),
    "consent-timing": ("同意", "不同意", False),
    "precise-weather": ("同意", "不同意", False),
    "sensitive-notice": ("同意", "不同意", False),
    "bundled-consent": ("同意并继续", "退出应用", False),  # refusing means leaving the app (PI-7.6)
    "crash-launch": "crashes",  # dies before its dialog: tests/e2e covers the run's app-crashed ending
}


def expected(name: str) -> dict:
    return yaml.safe_load((APPS / name / "expected.yaml").read_text(encoding="utf-8"))


def manifest_package(name: str) -> str:
    return ET.parse(APPS / name / "AndroidManifest.xml").getroot().get("package")


def test_every_fixture_is_covered() -> None:
    assert set(FIXTURES) == set(DIALOGS)


@pytest.mark.parametrize("name", FIXTURES)
def test_expected_findings_are_well_formed(name: str) -> None:
    data = expected(name)
    assert data["app"] == manifest_package(name)
    scenarios = data["scenarios"]
    assert set(scenarios) <= SCENARIOS
    if data.get("standard_suite", True):  # one-rule fixtures name only the scenario made for them
        assert {"first-launch-refuse", "first-launch-agree"} <= set(scenarios)
    codes = {r.code for r in all_rules()}
    apis = {e.api for e in load_catalog().enabled}
    sdk_ids = {s.id for s in sdk_db.load().sdks}
    for scenario, findings in scenarios.items():
        keys = [(f["rule"], f["api"], f["caller"], f["phase"]) for f in findings]
        assert len(keys) == len(set(keys)), f"{scenario}: duplicate findings"
        for f in findings:
            assert set(f) == {"rule", "api", "caller", "phase"}, f
            assert f["rule"] in codes, f
            assert f["phase"] in PHASES, f
            caller = f["caller"]
            assert caller == "app" or (caller.startswith("sdk:") and caller[4:] in sdk_ids) \
                or caller.startswith("other:"), f  # other:<package>: code of no known SDK
            if f["api"].startswith("net:"):  # a flow (architecture §7): net:<host>
                assert f["rule"] in TRAFFIC_RULES and "/" not in f["api"], f
            elif f["api"].split(":", 1)[0] in ("permission", "dialog", "pi", "policy", "settings", "ui"):
                pass  # what a provisions rule is about when it is no API: a permission, the dialog, a PI type
            elif f["api"] != "-" and f["rule"] not in ("PI-7.4-SELF-START", "PI-6.4-BULK-PERMISSIONS",
                                                     "PI-7.3-REPROMPT-AFTER-DENIAL"):
                assert f["api"] in apis, f"{f['api']} is not an enabled catalog API"


def _wait_consent(device: EmulatorDevice, timeout: float = 15.0):
    """Dump until a consent dialog shows, denying system permission dialogs meanwhile."""
    denied = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        xml = device.ui.dump_hierarchy()
        perm = detect_permission(xml)
        if perm.dialog:
            assert perm.deny is not None
            device.ui.click(*perm.deny.bounds.center)
            denied += 1
            continue
        found = detect_consent(xml)
        if found.dialog:
            return found, denied
        time.sleep(0.1)
    return None, denied


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_dialog_is_detected(device: EmulatorDevice, name: str) -> None:
    want = DIALOGS[name]
    if want == "crashes":
        pytest.skip(f"{name} crashes before any screen (its run is checked end to end)")
    package = device.install_fixture(name)
    proc = device.spawn(package)
    proc.release()
    proc.wait_foreground(timeout=20)
    if want is None:
        time.sleep(1.5)
        xml = device.ui.dump_hierarchy()
        assert not detect_consent(xml).dialog
        assert unreadable(xml, package) is None  # no dialog, but a screen pimon can read: no ui-unreadable
        return
    found, denied = _wait_consent(device)
    assert found is not None, f"{name}: no consent dialog detected"
    agree, refuse, preselected = want
    assert found.agree is not None and found.agree.text == agree
    assert found.refuse is not None and found.refuse.text == refuse
    assert found.preselected is preselected
    # bulk-permissions asks five permissions (one dialog each) and asks again after the denials
    assert denied == (10 if name == "bulk-permissions" else 0)
    proc.stop()


def _tap_text(device: EmulatorDevice, text: str) -> None:
    from .uixml import center, find

    device.ui.click(*center(find(device.ui.dump_hierarchy(), text=text)))


def test_compliant_asks_location_only_on_tap_and_remembers_consent(device: EmulatorDevice) -> None:
    package = device.install_fixture("compliant")
    proc = device.spawn(package)
    proc.release()
    proc.wait_foreground(timeout=20)
    found, _ = _wait_consent(device)
    assert found is not None
    device.ui.click(*found.agree.bounds.center)
    n = len(proc.events)
    time.sleep(0.5)
    assert not [e for e in proc.events[n:] if e.kind == "ui" and e.data.get("kind") == "permission"]
    _tap_text(device, "附近")  # the user opens the location feature: now, and only now, the request
    shown = proc.wait_for(lambda e: e.kind == "ui" and e.data.get("kind") == "permission", since=n)
    assert shown.data["permission"] == "android.permission.ACCESS_FINE_LOCATION"
    device.ui.click(*detect_permission(device.ui.dump_hierarchy()).allow.bounds.center)
    deadline = time.monotonic() + 5
    while "附近：39.909, 116.398" not in device.ui.dump_hierarchy():
        assert time.monotonic() < deadline, "no nearby result after the grant"
        time.sleep(0.1)
    proc.stop()
    # consent is remembered in SharedPreferences: no dialog on the next launch
    again = device.spawn(package)
    again.release()
    again.wait_foreground(timeout=20)
    time.sleep(1.0)
    assert not detect_consent(device.ui.dump_hierarchy()).dialog
    again.stop()
    assert 'name="agreed" value="true"' in (device.data_dir(package) / "shared_prefs" / "privacy.xml").read_text()
