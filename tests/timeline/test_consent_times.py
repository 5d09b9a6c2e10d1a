"""Consent transitions timed by the app: dialog shown and click dispatched (monitor/timeline/consent_times.py)."""

from __future__ import annotations

from monitor.timeline import timeline_from_dict

APP = "com.example.app"
BTN = 'android.widget.Button{1 0,0-10,10 id=3 text="%s"}'


def _tl(**extra) -> object:
    base = {
        "app": APP,
        "lifecycle": [{"ts": 0, "kind": "process-start"}],
        "dialogs": [{"ts": 400, "kind": "consent"}],
        "ui_actions": [{"id": 1, "ts": 1000, "kind": "consent-agree", "target": {"text": "同意"}}],
        "transitions": [{"ts": 400, "from": "unknown", "to": "pre-consent"},
                        {"ts": 1000, "from": "pre-consent", "to": "consented", "ui_action": 1}],
        "calls": [
            {"ts": 100, "api": "android.app.Dialog.show", "category": "ui", "args": ["android.app.AlertDialog@1"],
             "stack": ["com.example.app.Main.onCreate"]},
            {"ts": 110, "api": "android.provider.Settings$Secure.getString", "category": "device-id",
             "args": ["null", "android_id"], "stack": ["com.example.app.Main.onCreate"]},
            {"ts": 1003, "api": "android.view.View.performClick", "category": "ui", "args": [BTN % "同意"],
             "stack": ["com.pimon.emulator.AppRuntime.tap"]},
            {"ts": 1002, "api": "android.content.ClipboardManager.getPrimaryClip", "category": "clipboard",
             "stack": ["com.example.app.Poller.run"]},
            {"ts": 1003, "api": "android.content.ClipboardManager.getPrimaryClip", "category": "clipboard",
             "stack": ["com.example.app.Main.onClick"]},
        ],
    }
    base.update(extra)
    return timeline_from_dict(base)


def test_the_app_times_the_dialog_and_the_answer() -> None:
    tl = _tl()
    assert [(t.ts, t.to_state, t.source) for t in tl.transitions] == [
        (100, "pre-consent", "app"), (1003, "consented", "app")]
    # read 10 ms after the dialog showed: pre-consent, though pimon's poll saw the dialog only at 400
    assert tl.phase_at(110) == "pre-consent"
    # a poller's read just before the click is still pre-consent; the handler's read at the click's ms is consented
    assert (tl.phase_at(1002), tl.phase_at(1003)) == ("pre-consent", "consented")


def test_a_click_on_another_view_is_not_the_answer_and_the_device_is_the_second_source() -> None:
    calls = [{"ts": 1003, "api": "android.view.View.performClick", "category": "ui", "args": [BTN % "更多"],
              "stack": ["x.Y.z"]}]
    tl = _tl(calls=calls, lifecycle=[{"ts": 0, "kind": "process-start"},
                                     {"ts": 150, "kind": "dialog-shown", "data": {"kind": "alert"}}])
    assert [(t.ts, t.source) for t in tl.transitions] == [(150, "device"), (1000, "scenario")]


def test_idempotent_and_never_before_the_previous_transition() -> None:
    tl = _tl()
    import dataclasses
    again = dataclasses.replace(tl, calls=[c for c in tl.calls if c.api != "android.view.View.performClick"])
    assert [(t.ts, t.source) for t in again.transitions] == [(100, "app"), (1003, "app")]
