"""The emulator's sensitive system services on a real JVM: values come from the device profile,
dangerous permissions are enforced as on Android, listeners are called on the main looper.

The test app emulator/testapps/services logs ``svc <key>=<value>`` (``!Exception`` when the call
threw) for each service at launch, and ``svc2 <key>=<value>`` once its "Grant" button's
permissions were allowed.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from monitor import paths
from monitor.devices.emulator import EmulatorDevice

from .uixml import center, find, has

ALLOW = "com.android.permissioncontroller:id/permission_allow_button"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def values(proc, tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in proc.events:
        msg = str(e.data.get("msg", "")) if e.kind == "log" else ""
        if msg.startswith(tag + " ") and "=" in msg:
            key, _, value = msg[len(tag) + 1:].partition("=")
            out[key] = value
    return out


@pytest.fixture
def services(device: EmulatorDevice):
    package = device.install_fixture("services")
    proc = device.spawn(package)
    proc.release()
    proc.wait_log("svc done", timeout=20)
    yield proc
    proc.stop()


def test_values_come_from_the_profile(device: EmulatorDevice, services) -> None:
    profile = device.profile_values()
    got = values(services, "svc")
    assert got["android_id"] == profile["android_id"] and re.fullmatch(r"[0-9a-f]{16}", got["android_id"])
    assert got["sim_operator"] == profile["sim.operator"] == "46000"
    assert got["model"] == profile["build.model"]
    assert got["build_serial_field"] == "unknown"  # Android 8+: the field is blank, getSerial() is guarded
    assert got["wifi_mac"] == profile["wifi.mac"]
    assert got["wifi_ip"] == profile["wifi.ip"]
    assert got["network_type"] == "WIFI"
    assert got["adb_enabled"] == "0"
    assert got["phone_count"] == "2"
    assert got["clipboard"] == profile["clipboard.text"]
    assert got["accounts"] == profile["accounts"]
    assert got["sensors"] == "7"
    assert got["widevine"] == profile["widevine_id"] and len(got["widevine"]) == 64
    assert got["hms_oaid"] == profile["oaid"]
    assert got["msa_oaid"] == profile["oaid"]
    assert got["gaid"] == profile["gaid"]
    # every profile package, the installed app itself and system packages; the hidden PM class
    installed = got["packages"].split(",")
    for rec in profile["packages"].split(";"):
        assert rec.split("|")[0] in installed
    assert "com.pimon.services" in installed and "com.android.settings" in installed
    assert got["pm_class"] == "android.app.ApplicationPackageManager"
    count, wechat, own = got["launchers"].split(":")
    assert int(count) >= 7 and wechat == "true" and own == "true"
    assert got["missing_package"] == "!NameNotFoundException"
    assert got["uri"] == ("content|com.android.contacts|/data/phones|2|top|phones|content://sms/inbox")
    assert got["unknown_service"] == "null"
    assert got["running_tasks"] == "com.pimon.services/.MainActivity"  # only the caller's own task
    assert got["geocoder"] == profile["address.line"]
    assert got["sysprop_serial"] == profile["serial"]  # the hidden class, by reflection as SDKs do
    assert got["eid"] == "null"  # no eUICC


def test_dangerous_permissions_are_enforced(services) -> None:
    got = values(services, "svc")
    for key in ("imei", "device_id_1", "serial", "location", "contacts"):
        assert got[key] == "!SecurityException", key
    # Android's answers to apps without a location permission: placeholders and empty scans
    assert got["wifi_ssid"] == "<unknown ssid>"
    assert got["scan_results"] == "0"
    assert got["secure_write"] == "!SecurityException"
    assert got["sms_send"] == "!SecurityException"  # SEND_SMS
    assert got["uicc"] == "!SecurityException"  # carrier privileges only
    assert got["dpm_mac"] == "!SecurityException"  # device owner only
    assert got["gaid_main_thread"] == "!IllegalStateException"  # Google's client refuses the main thread


def test_granted_values_and_main_looper_delivery(device: EmulatorDevice, services) -> None:
    profile = device.profile_values()
    n = len(services.events)
    x, y = center(find(device.ui.dump_hierarchy(), text="Grant"))
    device.ui.click(x, y)
    for _ in range(4):  # one system dialog per permission group
        services.wait_for(lambda e: e.kind == "ui" and e.data.get("kind") == "permission"
                          and e.data.get("what") == "dialog-shown", since=n)
        n = len(services.events)
        x, y = center(find(device.ui.dump_hierarchy(), resource_id=ALLOW))
        device.ui.click(x, y)
    services.wait_log("fix 3", timeout=10)
    assert not has(device.ui.dump_hierarchy(), package="com.android.permissioncontroller")
    got = values(services, "svc2")
    assert got["imei"] == profile["imei.0"] and luhn_ok(got["imei"]) and len(got["imei"]) == 15
    assert got["imei_1"] == profile["imei.1"] != got["imei"]
    assert got["imsi"] == got["hidden_imsi"] == profile["imsi"]
    assert got["iccid"] == got["sub_iccid"] == profile["iccid"] and luhn_ok(got["iccid"])
    assert got["line1"] == profile["line1_number"]
    assert got["serial"] == profile["serial"]
    assert got["cell"] == f"{profile['cell.lac']}/{profile['cell.cid']}"
    assert got["wifi_ssid"] == f'"{profile["wifi.ssid"]}"'
    assert int(got["scan_results"]) == len(profile["wifi.scan"].split(";"))
    names = [r.split("|") for r in profile["contacts"].split(";")]
    assert got["contacts"] == ";".join(f"{name}|{number}" for name, number in names)
    assert got["sms"].split("|")[1] == profile["sms"].split(";")[0].split("|")[1]
    assert got["call_log"] == "!SecurityException"  # READ_CALL_LOG was not asked for
    assert got["location"] == f"{float(profile['location.latitude'])},{float(profile['location.longitude'])}"
    fixes = [str(e.data["msg"]).split() for e in services.events if e.kind == "log" and str(e.data.get("msg", "")).startswith("fix ")]
    assert [f[1] for f in fixes] == ["1", "2", "3"]
    assert all(f[3] == "true" for f in fixes)  # delivered on the main looper
    gaps = [int(b[4]) - int(a[4]) for a, b in itertools.pairwise(fixes)]
    assert all(900 <= g <= 2500 for g in gaps), gaps  # at most one fix per second
    services.wait_log("sensor 1 9.80665", timeout=5)


def test_profile_is_seeded_deterministically_and_editable(device: EmulatorDevice, tmp_path: Path) -> None:
    first = device.profile_values()
    other = EmulatorDevice(tmp_path / "other", build_dir=device.build_dir)
    try:
        assert other.profile_values() == first  # same default seed, same device
    finally:
        other.close()
    for key in ("imei.0", "imei.1", "iccid"):
        assert luhn_ok(first[key]), key
    assert re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", first["wifi.mac"])
    # an edited profile is what apps see; a missing key is re-seeded and written back
    path = device.home / "profile.properties"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^android_id=.*$", "android_id=0123456789abcdef", text)
    text = re.sub(r"(?m)^oaid=.*\n", "", text)
    path.write_text(text, encoding="utf-8")
    package = device.install_fixture("services")
    proc = device.spawn(package)
    proc.release()
    proc.wait_log("svc done", timeout=20)
    proc.stop()
    got = values(proc, "svc")
    assert got["android_id"] == "0123456789abcdef"
    assert got["hms_oaid"] == first["oaid"]
    assert "oaid=" + first["oaid"] in path.read_text(encoding="utf-8")


def test_every_profile_key_is_documented(device: EmulatorDevice) -> None:
    readme = (paths.EMULATOR_DIR / "README.md").read_text(encoding="utf-8")
    undocumented = [k for k in device.profile_values() if f"`{k}`" not in readme]
    assert not undocumented, f"emulator/README.md does not document: {undocumented}"
