"""The PI values of a run, to search the traffic for (pure): from the device profile and from the
values the hooked calls returned (agent events, architecture §2). Kinds are the catalog's ``pi`` names.

    values = run_values(events, profile, exclude={app_package})
    matcher = Matcher(values)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from monitor.traffic.variants import PiValue, as_values

PROFILE_KINDS = {
    "imei.0": "imei", "imei.1": "imei", "meid": "meid", "imsi": "imsi", "iccid": "iccid",
    "line1_number": "phone-number", "android_id": "android_id", "serial": "serial",
    "wifi.mac": "mac", "wifi.bssid": "bssid", "wifi.ssid": "ssid", "wifi.ip": "ip",
    "bluetooth.mac": "bluetooth-mac", "bluetooth.name": "bluetooth-name", "clipboard.text": "clipboard",
    "oaid": "oaid", "vaid": "vaid", "aaid": "aaid", "gaid": "gaid", "widevine_id": "widevine",
    "address.line": "address",
}  # fmt: skip
# "a|b|…;a|b|…" lists of the profile: key -> (kind, index of the field that is PI)
PROFILE_LISTS = {
    "packages": [("installed-packages", 0)],
    "accounts": [("accounts", 0)],
    "contacts": [("contacts", 0), ("contacts", 1)],
    "bluetooth.bonded": [("bluetooth-name", 0), ("bluetooth-mac", 1)],
}
# Kinds whose returned value (an event's ``ret``) is itself the identifier.
EVENT_KINDS = frozenset({
    "imei", "meid", "imsi", "iccid", "eid", "android_id", "serial", "oaid", "vaid", "aaid", "gaid", "udid",
    "widevine", "mac", "bssid", "ssid", "ip", "bluetooth-mac", "bluetooth-name", "phone-number", "clipboard",
})  # fmt: skip
LOCATION_KINDS = frozenset({"location", "latitude", "longitude"})
PLACEHOLDERS = frozenset({"null", "unknown", "<unknown ssid>", "02:00:00:00:00:00", "00:00:00:00:00:00", "0.0.0.0"})
MAX_RET = 512  # the agent truncates at 512 chars: a value that long is not whole
_COORD = re.compile(r"-?\d{1,3}\.\d{3,}")


def usable(value: str) -> bool:
    v = value.strip()
    return 4 <= len(v.encode()) and len(v) < MAX_RET and v.lower() not in PLACEHOLDERS and bool(set(v) - set("0.:-"))


def profile_values(profile: Mapping[str, str]) -> list[PiValue]:
    out = [PiValue(kind, profile[key]) for key, kind in PROFILE_KINDS.items() if key in profile]
    for key, picks in PROFILE_LISTS.items():
        for item in (profile.get(key) or "").split(";"):
            cells = item.split("|")
            out += [PiValue(kind, cells[i]) for kind, i in picks if i < len(cells)]
    lat, lon = profile.get("location.latitude"), profile.get("location.longitude")
    if lat and lon:
        out.append(PiValue("location", f"{lat},{lon}"))
    return [v for v in out if usable(v.value)]


def _get(event: Any, name: str) -> Any:
    return event.get(name) if isinstance(event, Mapping) else getattr(event, name, None)


def event_values(events: Iterable[Any]) -> list[PiValue]:
    """Identifier values hooked calls returned; a location's coordinates as ``lat,lon``."""
    out: list[PiValue] = []
    for event in events:
        pi, ret = _get(event, "pi"), _get(event, "ret")
        if not isinstance(pi, str) or not isinstance(ret, str) or not usable(ret):
            continue
        if pi in EVENT_KINDS:
            out.append(PiValue(pi, ret.strip()))
        elif pi in LOCATION_KINDS and (coords := _COORD.findall(ret)):
            out.append(PiValue("location", ",".join(coords[:2])))
    return out


def run_values(events: Iterable[Any] = (), profile: Mapping[str, str] | None = None,
               exclude: Iterable[str] = ()) -> list[PiValue]:  # fmt: skip
    """Profile values, then event values; duplicates and ``exclude`` (e.g. the app's own package) dropped."""
    skip = set(exclude)
    values = profile_values(profile or {}) + event_values(events)
    return as_values([v for v in values if v.value not in skip])
