"""Device reboot: running apps end, BOOT_COMPLETED reaches the registered receivers (gated)."""

from __future__ import annotations

from monitor.devices.emulator import EmulatorDevice


def test_reboot_delivers_boot_completed(device: EmulatorDevice, probe: str) -> None:
    running = device.spawn(probe)
    running.release()
    running.wait_foreground()
    booted = device.reboot()
    assert not running.alive
    assert [p.package for p in booted] == [probe]
    proc = booted[0]
    assert proc.request("hello")["gated"] is True
    proc.release()
    start = proc.wait_for(lambda e: e.kind == "component-start")
    assert start.data == {"kind": "broadcast", "target": f"{probe}/{probe}.BootReceiver", "from": "android",
                          "action": "android.intent.action.BOOT_COMPLETED", "user_action": False}
    proc.wait_log("boot-received android.intent.action.BOOT_COMPLETED")
    service = proc.wait_for(lambda e: e.kind == "component-start" and e.data["kind"] == "service")
    assert service.data["user_action"] is False and service.data["from"] == probe
    proc.wait_log("service-start 1")
    state = proc.request("state")
    assert state["foreground"] is False and state["services"] == [f"{probe}.SyncService"]


def test_alarm_delivers_as_the_system(device: EmulatorDevice, probe: str) -> None:
    from .uixml import center, find

    proc = device.spawn(probe)
    proc.release()
    proc.wait_foreground()
    n = len(proc.events)
    x, y = center(find(device.ui.dump_hierarchy(), text="Alarm"))
    device.ui.click(x, y)
    fired = proc.wait_for(lambda e: e.kind == "component-start" and e.data["kind"] == "broadcast", since=n)
    assert fired.data == {"kind": "broadcast", "target": f"{probe}/{probe}.BootReceiver", "from": "android",
                          "action": "com.pimon.probe.WAKE", "user_action": False}
    proc.wait_log("boot-received com.pimon.probe.WAKE")
