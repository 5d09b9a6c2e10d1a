"""Queues are capabilities: a worker listens on every queue its device satisfies; a suite cell goes to
the queue of what it needs.

| suite ``devices:`` entry | queue | listened to by |
|---|---|---|
| ``emulator`` (or ``emulator:NAME``) | ``pimon.emulator`` | every embedded-emulator worker |
| ``android`` | ``pimon.android`` | every Android worker (phone or AVD) |
| ``android:api30`` / ``android:rooted`` / ``android:abi-arm64-v8a`` / ``android:avd`` | ``pimon.android.<cap>`` | Android workers whose device has it |
| any other string (an adb serial) | ``pimon.serial.<serial>`` | the worker of that device |
"""

from __future__ import annotations

import re
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _q(*parts: str) -> str:
    return ".".join(["pimon", *(_SAFE.sub("_", p) for p in parts)])


def queue_for(requirement: str) -> str:
    """The queue of a suite cell's device requirement."""
    req = requirement.strip()
    if req == "emulator" or req.startswith("emulator:"):
        return _q("emulator")
    if req == "android":
        return _q("android")
    if req.startswith("android:"):
        return _q("android", req.partition(":")[2])
    return _q("serial", req)


def capabilities(device: Any) -> dict[str, Any]:
    """What a device offers (for its queues and the worker's banner)."""
    if getattr(device, "kind", "") == "emulator":
        return {"kind": "emulator", "serial": getattr(device, "serial", "emulator"), "emulator": True}
    caps: dict[str, Any] = {"kind": "android", "serial": getattr(device, "serial", None)}
    for key, attr in (("api", "sdk_int"), ("abi", "abi"), ("rooted", "rooted"), ("avd", "is_emulator")):
        value = getattr(device, attr, None)
        if callable(value):
            try:
                value = value()
            except Exception:  # noqa: BLE001 - a capability we cannot read is one we do not advertise
                value = None
        if value is not None:
            caps[key] = value
    return caps


def queues_for(caps: dict[str, Any]) -> list[str]:
    """Every queue a device with ``caps`` serves."""
    if caps.get("kind") == "emulator":
        return [_q("emulator")]
    out = [_q("android")]
    if caps.get("serial"):
        out.append(_q("serial", str(caps["serial"])))
    if caps.get("api"):
        out.append(_q("android", f"api{caps['api']}"))
    if caps.get("abi"):
        out.append(_q("android", f"abi-{caps['abi']}"))
    if caps.get("rooted"):
        out.append(_q("android", "rooted"))
    if caps.get("avd"):
        out.append(_q("android", "avd"))
    return out
