"""On Android, permission requests come from the agent's requestPermissions events."""

from __future__ import annotations

from monitor.instrument.protocol import Event, Frame
from monitor.run import permission_request


def _event(cls: str, args: tuple[str, ...], stack: tuple[Frame, ...]) -> Event:
    return Event(seq=1, api=f"{cls}.requestPermissions", class_name=cls, method="requestPermissions", overload="",
                 category="permission", pi=None, sensitive=False, args=args, ret=None, ts=5, thread="main",
                 stack=stack)


def test_activity_request_at_launch() -> None:
    stack = (Frame("com.example.app.Main", "onCreate", "Main.java", 9),)
    row = permission_request(_event("android.app.Activity", ('["android.permission.CAMERA","android.permission.READ_CONTACTS"]', "1"), stack))
    assert row["permissions"] == ["android.permission.CAMERA", "android.permission.READ_CONTACTS"]
    assert row["user_action"] is False and row["stack"][0]["class"] == "com.example.app.Main"


def test_activitycompat_request_from_a_click() -> None:
    stack = (Frame("com.example.app.Main$1", "onClick", None, 3), Frame("android.view.View", "performClick", None, 1))
    row = permission_request(_event("androidx.core.app.ActivityCompat", ("activity@1", '["android.permission.CAMERA"]', "2"), stack))
    assert row["permissions"] == ["android.permission.CAMERA"] and row["user_action"] is True


def test_other_events_are_not_requests() -> None:
    import dataclasses

    other = dataclasses.replace(_event("android.app.Activity", (), ()), method="getDeviceId")
    assert permission_request(other) is None
