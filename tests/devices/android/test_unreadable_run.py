"""A run whose app draws on a canvas uiautomator cannot read ends as ``ui-unreadable`` with the screen's
picture (``screencap -p`` over adb) stored as evidence — not as PI-6.3-NO-CONSENT-DIALOG.

The whole run service (``execute_run``) with real Frida, agent, store and rules; the device boundary is
the fake adb server and the fake uiautomator2 agent, the app a local stand-in process."""

from __future__ import annotations

import frida

from monitor.devices.android.device import AndroidDevice
from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario
from monitor.store import open_store
from monitor.store.screenshots import get_screenshots

from .fake_u2 import node

SCENARIO = """\
name: canvas-consent
steps:
  - launch: {cold: true}
  - consent: {action: refuse, timeout: 0.5}
  - observe: 0.1
"""


def test_a_canvas_app_ends_the_run_as_ui_unreadable_with_a_screenshot(phone, client, apps, u2_agent, tmp_path):
    exe = str(apps["com.example.longrun"])
    phone.packages[exe] = "/data/app/longrun/base.apk"
    u2_agent.current_package = exe
    u2_agent.screen = lambda n: node(exe, "", "[0,0][1080,1920]", cls="android.widget.FrameLayout", children=node(
        exe, "", "[0,0][1080,1920]", cls="com.unity3d.player.UnityPlayer"))
    (tmp_path / "s.yaml").write_text(SCENARIO)
    device = AndroidDevice(phone.serial, client=client, frida_device=frida.get_local_device())
    store = open_store(f"sqlite:///{tmp_path / 'run.db'}")
    result = execute_run(device=device, package=exe, scenario=load_scenario(tmp_path / "s.yaml"), store=store,
                         traffic=False, out_dir=tmp_path / "out", formats=("json",))
    tl = store.load_timeline(result.run_id)
    assert result.status == "ui-unreadable", ([m.note for m in tl.marks], phone.focus, [c for c in phone.commands if "dumpsys" in c or "am " in c][-5:])
    assert "consent dialog" in result.reason and "UnityPlayer" in result.reason
    assert not [f for f in result.findings if f.rule == "PI-6.3-NO-CONSENT-DIALOG"]
    (shot,) = [s for s in get_screenshots(store, result.run_id) if s.label == "ui-unreadable"]
    assert shot.source == "adb-screencap" and shot.png.startswith(b"\x89PNG") and (shot.width, shot.height) == (108, 192)
    assert store.get_run(result.run_id).status == "ui-unreadable"
