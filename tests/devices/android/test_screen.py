"""The scenario actions on a real device's screen: pimon's U2UiDriver against the fake uiautomator2
agent (through the fake adb server), with what real screens do: a status-bar clock and a splash
countdown that change on every dump, OEM permission dialogs on top of the app, a stuck agent."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from monitor.devices.android.ui import U2UiDriver
from monitor.errors import DeviceError
from monitor.scenarios import actions
from monitor.scenarios.actions import ScenarioError
from monitor.scenarios.detect import detect_permission
from monitor.scenarios.hierarchy import parse
from monitor.scenarios.model import Selector

from .fake_u2 import miui_permission_dialog, node

PKG = "com.example.app"


@dataclass
class Ctx:
    """A ScenarioContext that records what the actions record (the run's recorder stores the same)."""

    ui: Any
    alive: bool = True
    package: str = PKG
    log: list[tuple] = field(default_factory=list)

    def record_action(self, kind, target, evidence_xml):
        self.log.append(("action", kind, target))
        return len(self.log)

    def record_dialog(self, kind, preselected, evidence_xml):
        self.log.append(("dialog", kind))

    def record_consent(self, state, action_id):
        self.log.append(("consent", state))

    def mark(self, note):
        self.log.append(("mark", note))

    def app_alive(self):
        return self.alive


@pytest.fixture
def screen(client, phone, u2_agent):
    u2_agent.current_package = PKG
    return Ctx(U2UiDriver(client.device(phone.serial))), u2_agent


def splash(n: int) -> str:
    """A splash screen whose skip button counts down on every dump ("跳过 3", "跳过 2" ...)."""
    return node(PKG, "", "[0,0][1080,1920]", cls="android.widget.FrameLayout", children=node(
        PKG, f"跳过 {max(0, 5 - n)}", "[880,100][1040,180]", rid=f"{PKG}:id/skip", clickable=True))


def consent(n: int) -> str:
    return node(PKG, "", "[0,0][1080,1920]", cls="android.widget.FrameLayout", children="".join([
        node(PKG, "个人信息保护指引", "[100,600][980,700]"),
        node(PKG, "同意", "[100,1500][980,1640]", cls="android.widget.Button", rid=f"{PKG}:id/agree", clickable=True),
    ]))


def test_a_clock_and_a_countdown_are_no_screen_change(screen):
    """Defect 10: comparing raw XML saw a change on every dump (clock, "跳过 3"), so "wait until the
    screen changes" returned at once."""
    ctx, agent = screen
    agent.screen = splash
    before = ctx.ui.dump_hierarchy()
    t0 = time.monotonic()
    assert actions.wait_change(ctx, before, 0.8) is None
    assert time.monotonic() - t0 >= 0.8 and agent.dumps >= 3  # it looked again, and saw no change
    agent.screen = consent
    changed = actions.wait_change(ctx, before, 5)
    assert changed is not None and "个人信息保护指引" in changed


def test_oem_permission_dialogs_are_recognised():
    """Defect 7: MIUI, ColorOS/OPPO, vivo, Huawei, Honor permission UIs are their own packages."""
    for pkg in ("com.lbe.security.miui", "com.coloros.securitypermission", "com.oplus.securitypermission",
                "com.vivo.permissionmanager", "com.huawei.systemmanager", "com.hihonor.systemmanager"):
        xml = "<hierarchy rotation=\"0\">" + miui_permission_dialog().replace("com.lbe.security.miui", pkg) + "</hierarchy>"
        found = detect_permission(xml)
        assert found.dialog and found.allow.text == "仅在使用中允许" and found.deny.text == "拒绝", pkg


def test_a_tap_is_withheld_when_a_permission_dialog_covers_the_target(screen):
    """Defect 7: a permission dialog raised before consent covers the app's Agree button; the tap
    meant for Agree must not answer it. The screen is dumped again just before every tap."""
    ctx, agent = screen
    agent.screen = consent
    xml = ctx.ui.dump_hierarchy()
    agree = next(n for n in parse(xml) if n.label == "同意")
    agent.overlay = miui_permission_dialog()  # appears between the dump and the tap
    with pytest.raises(ScenarioError, match="com.lbe.security.miui covers it"):
        actions.click_node(ctx, "consent-agree", agree, xml)
    assert not [c for c in agent.calls if c[0] == "click"]
    assert ("dialog", "permission") in ctx.log
    agent.overlay = None
    actions.click_node(ctx, "consent-agree", agree, xml)
    assert [c for c in agent.calls if c[0] == "click"] == [("click", [540, 1570])]


def test_a_moved_target_is_tapped_where_it_is_now(screen):
    ctx, agent = screen
    agent.screen = consent
    xml = ctx.ui.dump_hierarchy()
    agree = next(n for n in parse(xml) if n.label == "同意")
    agent.screen = lambda n: consent(n).replace("[100,1500][980,1640]", "[100,1700][980,1840]")
    actions.click_node(ctx, "consent-agree", agree, xml)
    assert [c for c in agent.calls if c[0] == "click"] == [("click", [540, 1770])]


def test_a_failing_ui_driver_is_an_error_not_an_empty_screen(screen):
    """Defect 4: a DeviceError while dumping became "no screen", then PI-6.3-NO-CONSENT-DIALOG."""
    ctx, agent = screen
    agent.fail_dumps = 1  # one hiccup: retried
    assert actions.dump(ctx) is not None
    agent.fail_dumps = 10
    with pytest.raises(DeviceError, match="uiautomator2 dump failed"):
        actions.dump(ctx)
    with pytest.raises(DeviceError):
        actions.wait_for(ctx, Selector(text="同意"), timeout=2)
    ctx.alive = False  # the app is gone: then there is simply no screen of it
    assert actions.dump(ctx) is None


def test_the_agent_is_started_and_pinged_before_launch(client, phone, u2_agent):
    """Defect 4: start() brings the agent up (push, app_process, ping) before the app is launched."""
    ui = U2UiDriver(client.device(phone.serial))
    ui.start()
    assert phone.props.get("pimon.fake.u2.running") == "1"
    assert [m for m, _ in u2_agent.calls][:1] == ["deviceInfo"]


def test_an_agent_that_does_not_answer_fails_start(client, phone, monkeypatch):
    from uiautomator2 import core

    monkeypatch.setattr(
        core.BasicUiautomatorServer,
        "_wait_ready",
        lambda self, launch_timeout=30: core.BasicUiautomatorServer._wait_app_process_ready(self, 0.5),
    )
    ui = U2UiDriver(client.device(phone.serial))  # no agent behind tcp:9008
    with pytest.raises(DeviceError, match="uiautomator2 connect failed"):
        ui.start()


def flutter() -> str:
    """A Flutter app without semantics: one opaque FlutterSurfaceView, nothing labelled."""
    return node(PKG, "", "[0,0][1080,1920]", cls="android.widget.FrameLayout", children=node(
        PKG, "", "[0,0][1080,1920]", cls="io.flutter.embedding.android.FlutterSurfaceView"))


def test_a_canvas_screen_is_ui_unreadable_with_the_screen_over_adb_as_evidence(screen, phone):
    """No dialog can be found on a Flutter canvas: that is ui-unreadable, not "no consent dialog"."""
    from monitor.errors import UiUnreadable
    from monitor.scenarios import consent
    from monitor.store.screenshots import png_size

    ctx, agent = screen
    agent.screen = lambda n: flutter()
    with pytest.raises(UiUnreadable, match=r"consent dialog: .*canvas \(io\.flutter.*FlutterSurfaceView\)"):
        consent.refuse(ctx, timeout=0.3)
    assert not [e for e in ctx.log if e[0] in ("dialog", "consent")]
    with pytest.raises(UiUnreadable, match="tap"):
        actions.tap(ctx, Selector(text="同意"), timeout=0.2)
    agent.screen = lambda n: splash(n)  # readable, just not there: no error, the step reports "not found"
    assert actions.tap(ctx, Selector(text="同意"), timeout=0.2) is None
    agent.screen = lambda n: ""  # uiautomator got no root node: only the status bar
    with pytest.raises(UiUnreadable, match="no window content"):
        consent.refuse(ctx, timeout=0.2)
    agent.current_package = "com.android.launcher3"  # ... but the app is not in front: nothing of it to read
    assert consent.refuse(ctx, timeout=0.2) is None
    # the picture comes from `screencap -p` over adb (binary-safe), the agent is not needed for it
    phone.screen_png = _png(720, 1280)
    png = ctx.ui.screenshot()
    assert png == phone.screen_png and png_size(png) == (720, 1280) and ctx.ui.screenshot_source == "adb-screencap"
    assert "screencap -p" in phone.commands
    assert "takeScreenshot" not in [m for m, _ in agent.calls]


def _png(w: int, h: int) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (10, 200, 30)).save(buf, "PNG")
    return buf.getvalue()
