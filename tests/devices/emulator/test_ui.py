"""The app's screen through the driver: uiautomator dump, taps by text, keys, lifecycle events."""

from __future__ import annotations

import threading
import time

from monitor.devices.emulator import LAUNCHER_XML, EmulatorDevice

from .uixml import ATTRS, center, find, has, nodes


def start(device: EmulatorDevice, package: str):
    proc = device.spawn(package)
    proc.release()
    proc.wait_foreground()
    return proc


def tap_text(device: EmulatorDevice, text: str) -> str:
    x, y = center(find(device.ui.dump_hierarchy(), text=text))
    return device.ui.tap(x, y)


def test_dump_is_uiautomator_xml(device: EmulatorDevice, probe: str) -> None:
    start(device, probe)
    xml = device.ui.dump_hierarchy()
    all_nodes = nodes(xml)
    assert all(set(ATTRS) <= set(n.attrib) for n in all_nodes)
    root = all_nodes[0]
    assert root.get("bounds") == "[0,0][1080,1920]" and root.get("class") == "android.widget.FrameLayout"
    agree = find(xml, text="同意")
    assert agree.get("resource-id") == "com.pimon.probe:id/btn_agree"
    assert agree.get("class") == "android.widget.Button" and agree.get("clickable") == "true"
    box = find(xml, resource_id="com.pimon.probe:id/agree_box")
    assert box.get("checkable") == "true" and box.get("checked") == "false"
    assert find(xml, resource_id="android:id/content").get("package") == probe


def test_tap_by_text_and_dialog(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    assert tap_text(device, "I have read the notice").startswith("android.widget.CheckBox")
    assert find(device.ui.dump_hierarchy(), resource_id="com.pimon.probe:id/agree_box").get("checked") == "true"

    n = len(proc.events)
    tap_text(device, "不同意")
    proc.wait_for(lambda e: e.kind == "ui" and e.data.get("what") == "dialog-shown", since=n)
    xml = device.ui.dump_hierarchy()
    assert find(xml, resource_id="android:id/alertTitle").get("text") == "Are you sure?"
    assert find(xml, text="Quit").get("resource-id") == "android:id/button1"
    assert find(xml, text="Quit").get("package") == "com.pimon.probe"
    # the dialog is modal: a tap on the activity behind it does nothing
    device.ui.click(540, 1700)
    assert has(device.ui.dump_hierarchy(), text="Are you sure?")
    tap_text(device, "Back")
    proc.wait_log("refuse-cancelled")
    assert not has(device.ui.dump_hierarchy(), text="Are you sure?")

    tap_text(device, "不同意")
    proc.wait_for(lambda e: e.kind == "ui" and e.data.get("what") == "dialog-shown", since=len(proc.events) - 1)
    tap_text(device, "Quit")
    proc.wait_foreground(False)
    assert not device.ui.is_foreground(probe)


def test_home_back_foreground(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    assert device.ui.is_foreground(probe)
    device.ui.press("home")
    proc.wait_foreground(False)
    home = [e for e in proc.events if e.kind == "lifecycle"][-1]
    assert home.data == {"state": "background", "activity": "com.pimon.probe.MainActivity",
                         "user_action": True, "key": "home"}
    assert not device.ui.is_foreground(probe)
    assert find(device.ui.dump_hierarchy(), package="com.android.launcher3") is not None
    device.ui.foreground(probe)
    proc.wait_foreground(True)
    assert device.ui.is_foreground(probe)

    tap_text(device, "Second")
    proc.wait_log("second:onCreate")
    assert has(device.ui.dump_hierarchy(), text="Second screen")
    assert device.ui.state(probe)["activity"] == "com.pimon.probe.SecondActivity"
    device.ui.press("back")
    proc.wait_log("second:onDestroy")
    assert has(device.ui.dump_hierarchy(), text="同意")
    # Android 12+: back on the launcher's root activity moves the task to the back, unfinished
    device.ui.press("back")
    proc.wait_foreground(False)
    assert [e for e in proc.events if e.kind == "lifecycle"][-1].data["key"] == "back"
    assert device.ui.state(probe)["activities"] == ["com.pimon.probe.MainActivity"]
    device.ui.foreground(probe)
    proc.wait_foreground(True)
    # once finished, the launcher starts a fresh MainActivity, reported as a user-started component
    n = len(proc.events)
    x, y = center(find(device.ui.dump_hierarchy(), text="不同意"))
    device.ui.click(x, y)
    proc.wait_for(lambda e: e.data.get("what") == "dialog-shown", since=n)
    x, y = center(find(device.ui.dump_hierarchy(), text="Quit"))
    device.ui.click(x, y)
    proc.wait_foreground(False)
    quit_event = [e for e in proc.events if e.kind == "lifecycle"][-1]
    assert quit_event.data["key"] is None and quit_event.data["user_action"] is True  # the app left by itself
    assert device.ui.state(probe)["activities"] == []
    n = len(proc.events)
    device.ui.foreground(probe)
    start_event = proc.wait_for(lambda e: e.kind == "component-start", since=n)
    assert start_event.data["user_action"] is True
    proc.wait_foreground(True)


def test_text_into_focused_field(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    x, y = center(find(device.ui.dump_hierarchy(), resource_id="com.pimon.probe:id/name_input"))
    device.ui.click(x, y)
    assert find(device.ui.dump_hierarchy(), resource_id="com.pimon.probe:id/name_input").get("focused") == "true"
    device.ui.send_text("Zhang Wei 张伟")
    tap_text(device, "Hello")
    proc.wait_log("hello Zhang Wei 张伟")


def test_component_start_user_action(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    launch = proc.wait_for(lambda e: e.kind == "component-start")
    assert launch.data == {"kind": "activity", "target": f"{probe}/{probe}.MainActivity",
                           "from": "com.android.launcher3", "action": "android.intent.action.MAIN",
                           "user_action": True}
    n = len(proc.events)
    tap_text(device, "Service")
    ev = proc.wait_for(lambda e: e.kind == "component-start", since=n)
    assert ev.data["kind"] == "service" and ev.data["target"] == f"{probe}/{probe}.SyncService"
    assert ev.data["user_action"] is True
    proc.wait_log("service-start 1")
    note = proc.wait_for(lambda e: e.data.get("what") == "notification", since=n)
    assert note.data == {"what": "notification", "notification_id": 1, "tag": None, "title": "Probe", "text": "Synced",
                         "shown": False}  # no POST_NOTIFICATIONS


def test_no_app_shows_launcher(device: EmulatorDevice) -> None:
    assert device.ui.dump_hierarchy() == LAUNCHER_XML
    assert nodes(LAUNCHER_XML)[0].get("package") == "com.android.launcher3"


def test_one_process_per_package(device: EmulatorDevice, probe: str) -> None:
    first = start(device, probe)
    second = start(device, probe)
    assert first.wait_exit(5) == 0 and second.alive
    assert device.process(probe) is second and device.ui.current() is second


def test_long_dialog_message_scrolls_and_buttons_stay_visible(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    tap_text(device, "Policy")
    proc.wait_for(lambda e: e.data.get("what") == "dialog-shown")
    xml = device.ui.dump_hierarchy()
    message = find(xml, resource_id="android:id/message")
    accept = find(xml, text="Accept")
    assert center(message)[1] < center(accept)[1] < 1920
    assert find(xml, class_="android.widget.ScrollView").get("scrollable") == "true"
    tap_text(device, "Accept")
    proc.wait_log("policy-accepted")


def test_rows_and_radio_group(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    xml = device.ui.dump_hierarchy()
    second, service = find(xml, text="Second"), find(xml, text="Service")
    assert center(second)[1] == center(service)[1] and center(second)[0] < center(service)[0]
    tap_text(device, "Full")
    proc.wait_log("mode Full")
    tap_text(device, "Basic")
    proc.wait_log("mode Basic")
    xml = device.ui.dump_hierarchy()
    assert find(xml, text="Basic").get("checked") == "true" and find(xml, text="Full").get("checked") == "false"


def test_swipe_scrolls_to_content_below_the_fold(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    tap_text(device, "Second")
    proc.wait_log("second:onCreate")
    assert not has(device.ui.dump_hierarchy(), text="Bottom")
    swipes = 0
    while not has(device.ui.dump_hierarchy(), text="Bottom"):
        assert device.ui.scroll(540, 1500, 540, 500)
        swipes += 1
        assert swipes < 10
    assert not has(device.ui.dump_hierarchy(), text="Second screen")  # scrolled off the top
    tap_text(device, "Bottom")
    proc.wait_log("bottom-clicked")
    device.ui.swipe(540, 300, 540, 1700)
    device.ui.swipe(540, 300, 540, 1700)
    device.ui.swipe(540, 300, 540, 1700)
    assert has(device.ui.dump_hierarchy(), text="Second screen")


def test_activity_result(device: EmulatorDevice, probe: str) -> None:
    proc = start(device, probe)
    tap_text(device, "Second")
    proc.wait_log("second:onCreate")
    n = len(proc.events)
    tap_text(device, "Done")
    proc.wait_log("result 5 -1 42", since=n)
    proc.wait_log("main:onResume", since=n)
    proc.wait_log("second:onDestroy", since=n)
    logs = [e.data["msg"] for e in proc.events[n:] if e.kind == "log"]
    # Android's order: the result reaches the caller before it resumes, the finished one is destroyed last
    assert logs.index("result 5 -1 42") < logs.index("main:onResume") < logs.index("second:onDestroy")
    assert device.ui.state(probe)["activities"] == ["com.pimon.probe.MainActivity"]


def test_an_activity_that_starts_the_next_and_finishes_never_leaves_the_foreground(device: EmulatorDevice,
                                                                                   probe: str) -> None:
    """As on Android (startActivity puts the new record on the task at once), the app stays in front while the
    started activity is still being created: no background/foreground pair whose gap a slow class load under
    load could stretch past the forced-exit rule's grace (a refusal that opens a limited mode is no forced exit)."""
    proc = start(device, probe)
    n = len(proc.events)
    tap_text(device, "Handoff")
    proc.wait_log("second:onCreate", since=n)  # events come in order: a "background" on finish() would be in
    assert [e.data["state"] for e in proc.events[n:] if e.kind == "lifecycle"] == []
    assert device.ui.state(probe)["activities"] == ["com.pimon.probe.SecondActivity"]
    assert device.ui.is_foreground(probe)


def test_one_app_in_front(device: EmulatorDevice, probe: str) -> None:
    first = start(device, probe)
    other = device.install_fixture("no-dialog")
    second = start(device, other)
    first.wait_foreground(False)
    covered = [e for e in first.events if e.kind == "lifecycle"][-1]
    assert covered.data["key"] == "cover" and covered.data["user_action"] is False
    assert device.ui.current() is second and device.ui.is_foreground(other)
    assert not device.ui.is_foreground(probe)
    device.ui.foreground(probe)
    second.wait_foreground(False)
    assert device.ui.current() is first


def test_wait_change_wakes_when_the_app_shows_a_window(device: EmulatorDevice, probe: str) -> None:
    """A poll of the screen sleeps in ``wait_change``: the device's news (a dialog shown) ends the sleep, long before
    its timeout; without news it sleeps the timeout."""
    start(device, probe)
    since = device.ui.changes()
    t0 = time.monotonic()
    device.ui.wait_change(since, 0.2)
    assert time.monotonic() - t0 >= 0.19 and device.ui.changes() == since
    x, y = center(find(device.ui.dump_hierarchy(), text="不同意"))
    tapper = threading.Timer(0.2, device.ui.click, (x, y))
    tapper.start()
    t0 = time.monotonic()
    device.ui.wait_change(since, 60)
    woke = time.monotonic() - t0
    tapper.join()
    assert device.ui.changes() > since and woke < 30
    assert has(device.ui.dump_hierarchy(), text="Are you sure?")
