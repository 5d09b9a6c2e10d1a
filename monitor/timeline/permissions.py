"""Permission requests and results read from lifecycle rows (architecture §4, "Lifecycle rows").

``permission-request`` data: ``{"permissions": ["android.permission.CAMERA", ...], "api"?: str,
"stack"?: [frames], "user_action"?: bool}``. ``permission-result`` data: ``{"permission": name, "granted": bool}``, or
several at once as ``{"results": {name: bool}}``. Short names (``CAMERA``) mean ``android.permission.*``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.timeline.timeline import Timeline

# Android's "dangerous" (runtime) permissions, API 23..36.
DANGEROUS = frozenset(
    "android.permission." + p
    for p in (
        "READ_CALENDAR", "WRITE_CALENDAR", "CAMERA", "READ_CONTACTS", "WRITE_CONTACTS", "GET_ACCOUNTS",
        "ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION", "ACCESS_BACKGROUND_LOCATION", "ACCESS_MEDIA_LOCATION",
        "RECORD_AUDIO", "READ_PHONE_STATE", "READ_PHONE_NUMBERS", "CALL_PHONE", "ANSWER_PHONE_CALLS",
        "READ_CALL_LOG", "WRITE_CALL_LOG", "ADD_VOICEMAIL", "USE_SIP", "PROCESS_OUTGOING_CALLS", "BODY_SENSORS",
        "BODY_SENSORS_BACKGROUND", "ACTIVITY_RECOGNITION", "SEND_SMS", "RECEIVE_SMS", "READ_SMS",
        "RECEIVE_WAP_PUSH", "RECEIVE_MMS", "READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE",
        "READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO", "READ_MEDIA_AUDIO", "READ_MEDIA_VISUAL_USER_SELECTED",
        "POST_NOTIFICATIONS", "NEARBY_WIFI_DEVICES", "BLUETOOTH_SCAN", "BLUETOOTH_CONNECT",
        "BLUETOOTH_ADVERTISE", "UWB_RANGING",
    )
)


def full_name(name: Any) -> str:
    s = str(name)
    return s if "." in s else "android.permission." + s


@dataclass(frozen=True)
class PermissionRequest:
    ts: int
    permissions: tuple[str, ...]
    api: str = "android.app.Activity.requestPermissions"
    stack: tuple[Any, ...] = field(default=())
    user_action: bool = False

    @property
    def dangerous(self) -> tuple[str, ...]:
        return tuple(p for p in self.permissions if p in DANGEROUS)


def permission_requests(tl: Timeline) -> list[PermissionRequest]:
    out = []
    for x in tl.lifecycle:
        if x.kind != "permission-request":
            continue
        perms = x.data.get("permissions") or ([x.data["permission"]] if x.data.get("permission") else [])
        out.append(PermissionRequest(
            x.ts, tuple(full_name(p) for p in perms),
            str(x.data.get("api") or "android.app.Activity.requestPermissions"),
            tuple(x.data.get("stack") or ()),
            bool(x.data.get("user_action")),
        ))
    return out


def permission_results(tl: Timeline) -> list[tuple[int, str, bool]]:
    """(ts, permission, granted) for every answer, in time order."""
    out = []
    for x in tl.lifecycle:
        if x.kind != "permission-result":
            continue
        if isinstance(x.data.get("results"), dict):
            out += [(x.ts, full_name(p), bool(g)) for p, g in x.data["results"].items()]
        elif x.data.get("permission"):
            out.append((x.ts, full_name(x.data["permission"]), bool(x.data.get("granted"))))
    return out
