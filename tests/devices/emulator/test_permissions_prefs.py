"""Runtime permissions (system dialog, SecurityException, persistence) and SharedPreferences."""

from __future__ import annotations

from monitor.devices.emulator import EmulatorDevice

from .uixml import center, find, has

PHONE = "android.permission.READ_PHONE_STATE"


def start(device: EmulatorDevice, package: str):
    proc = device.spawn(package)
    proc.release()
    proc.wait_foreground()
    return proc


def tap(device: EmulatorDevice, **attrs: str) -> None:
    x, y = center(find(device.ui.dump_hierarchy(), **attrs))
    device.ui.click(x, y)


def test_denied_permission_throws_security_exception(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    ev = proc.wait_log("security-exception")
    assert PHONE in ev.data["msg"]


def test_permission_dialog_grant_persists_and_clear_data_wipes(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    proc.wait_log("launches=1")
    n = len(proc.events)
    tap(device, text="同意")
    shown = proc.wait_for(lambda e: e.kind == "ui" and e.data.get("kind") == "permission", since=n)
    assert shown.data["permission"] == PHONE
    xml = device.ui.dump_hierarchy()
    allow = find(xml, resource_id="com.android.permissioncontroller:id/permission_allow_button")
    assert allow.get("text") == "Allow" and allow.get("package") == "com.android.permissioncontroller"
    deny = find(xml, resource_id="com.android.permissioncontroller:id/permission_deny_button")
    assert deny.get("text") == "Don’t allow"
    assert "Probe" in find(xml, resource_id="com.android.permissioncontroller:id/permission_message").get("text")
    # the requesting activity is paused behind the system dialog, the app stays in the foreground
    proc.wait_log("main:onPause", since=n)
    assert device.ui.is_foreground(probe)
    tap(device, text="Allow")
    proc.wait_log(f"permission-result 7 {PHONE}=0", since=n)
    proc.wait_log("device-id=", since=n)
    assert not has(device.ui.dump_hierarchy(), package="com.android.permissioncontroller")
    proc.stop()

    again = start(device, probe)
    again.wait_log("launches=2")
    again.wait_log("consent=true")
    again.wait_log("phone-permission=0")
    again.wait_log("device-id=")
    again.stop()
    assert 'name="launches" value="2"' in (device.data_dir(probe) / "shared_prefs" / "probe.xml").read_text()

    device.clear_data(probe)
    assert not device.data_dir(probe).exists()
    fresh = start(device, probe)
    fresh.wait_log("launches=1")
    fresh.wait_log("phone-permission=-1")
    fresh.wait_log("security-exception")


def test_denial_is_reported_and_remembered(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    n = len(proc.events)
    tap(device, text="同意")
    proc.wait_for(lambda e: e.kind == "ui" and e.data.get("kind") == "permission", since=n)
    tap(device, text="Don’t allow")
    result = proc.wait_for(lambda e: e.kind == "ui" and e.data.get("what") == "permission-result", since=n)
    assert result.data == {"what": "permission-result", "permission": PHONE, "granted": False}
    proc.wait_log(f"permission-result 7 {PHONE}=-1", since=n)
    proc.wait_log("security-exception", since=n)
    request = next(e for e in proc.events if e.data.get("what") == "permission-request")
    assert request.data["permissions"] == [PHONE] and request.data["user_action"] is True
    assert "denied" in (device.data_dir(probe) / "permissions.properties").read_text()
