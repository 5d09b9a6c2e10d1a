"""The uiautomator2 UiDriver against a fake on-device agent (JSON-RPC over HTTP, reached through the
fake adb server's ``tcp:9008`` service, exactly as uiautomator2 reaches the real ``u2.jar``)."""

from __future__ import annotations

import pytest

from monitor.devices.android.ui import U2UiDriver
from monitor.errors import ConfigError, DeviceError


@pytest.fixture
def ui(client, phone, u2_agent):
    return U2UiDriver(client.device(phone.serial))


def test_first_use_pushes_and_launches_the_agent(ui, phone, u2_agent):
    xml = ui.dump_hierarchy()
    assert xml.lstrip().startswith("<?xml") and '<hierarchy rotation="0">' in xml
    assert 'resource-id="com.android.launcher3:id/agree"' in xml
    assert "/data/local/tmp/u2.jar" in phone.files
    assert any(c.startswith("CLASSPATH=/data/local/tmp/u2.jar app_process") for c in phone.commands)
    assert u2_agent.calls[-1][0] == "dumpWindowHierarchy"


def test_click_text_keys_and_foreground(ui, phone, u2_agent):
    ui.click(540, 1570)
    assert ("click", [540, 1570]) in u2_agent.calls
    ui.send_text("hello 世界")
    assert u2_agent.typed == ["hello 世界"]
    ui.press("back")
    assert ("pressKey", ["back"]) in u2_agent.calls
    u2_agent.current_package = "com.example.app"
    assert ui.is_foreground("com.example.app")
    ui.press("home")
    assert not ui.is_foreground("com.example.app")
    phone.packages["com.example.app"] = "/data/app/x/base.apk"
    ui.foreground("com.example.app")
    assert "monkey -p com.example.app -c android.intent.category.LAUNCHER 1" in phone.commands
    assert ui.is_foreground("com.example.app") and "dumpsys window windows" in phone.commands
    with pytest.raises(ConfigError, match="unknown key 'menu'"):
        ui.press("menu")


def test_agent_that_never_answers_is_one_clear_error(client, phone, monkeypatch):
    from uiautomator2 import core

    monkeypatch.setattr(
        core.BasicUiautomatorServer,
        "_wait_ready",
        lambda self, launch_timeout=30: core.BasicUiautomatorServer._wait_app_process_ready(self, 0.5),
    )
    ui = U2UiDriver(client.device(phone.serial))  # no fake agent behind tcp:9008
    with pytest.raises(DeviceError, match="R5CT1234: uiautomator2 connect failed: LaunchUiAutomationError"):
        ui.dump_hierarchy()
