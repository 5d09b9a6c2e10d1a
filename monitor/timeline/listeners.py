"""Collection that keeps running: listener registrations, their removal, and each delivery to them.

A location listener registered in the foreground keeps receiving fixes in the background and after a
refusal without any further API call. The agent records each *delivery* (catalog: the framework's transport,
e.g. ``LocationManager$LocationListenerTransport.onLocationChanged``, whose receiver string names the
listener); its stack is the framework's looper, so on its own it would be ``system``. Here each delivery is
joined to the registration it serves — the one whose listener argument the transport names, else the latest
registration of that kind still active — and takes that registration's caller as its collector. So
PI-7.1-BACKGROUND-COLLECTION, PI-7.1-EXCESSIVE-FREQUENCY and PI-6.3-AFTER-REFUSAL see deliveries as
collection by the SDK (or app) that registered.

:func:`active_at` answers which registrations were still live at a time (registered, delivered to at least
once — proof the registration took — and not removed): a registration still active when the app goes to the
background is itself evidence (PI-7.1-BACKGROUND-COLLECTION).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from monitor.timeline.model import Call

LOCATION_REGISTRATIONS = frozenset({
    "android.location.LocationManager.requestLocationUpdates",
    "android.location.LocationManager.requestSingleUpdate",
    "com.google.android.gms.location.FusedLocationProviderClient.requestLocationUpdates",
})
#: delivery api -> the registration apis it serves
DELIVERIES: dict[str, frozenset[str]] = {
    "android.location.LocationManager$LocationListenerTransport.onLocationChanged": LOCATION_REGISTRATIONS,
}
#: registration api -> the apis that remove it
REMOVALS: dict[str, frozenset[str]] = {
    **dict.fromkeys(LOCATION_REGISTRATIONS, frozenset({
        "android.location.LocationManager.removeUpdates",
        "com.google.android.gms.location.FusedLocationProviderClient.removeLocationUpdates"})),
}


@dataclass(frozen=True)
class Registration:
    call: Call
    caller: str
    deliveries: int = 0
    first_delivery_ms: int | None = None
    removed_ms: int | None = None


def _listener_ids(call: Call) -> list[str]:
    """Argument strings that can name a listener object (``pkg.Cls@1a2b``, ``pkg.Cls$1@ff``)."""
    return [a for a in call.args if "@" in a and len(a) >= 4]


def _named(reg: Call, delivery: Call) -> bool:
    receiver = delivery.args[-1] if delivery.args else ""
    return any(i in receiver for i in _listener_ids(reg))


def _pick(regs: Sequence[Call], delivery: Call) -> Call | None:
    live = [r for r in regs if r.ts <= delivery.ts]
    named = [r for r in live if _named(r, delivery)]
    return (named or live or [None])[-1]


def registrations(calls: Sequence[Call], caller_of: Callable[[Call], str]) -> list[Registration]:
    """Every registration of a kind whose deliveries are hooked, with its deliveries counted and its removal."""
    kinds = frozenset().union(*DELIVERIES.values())
    regs = [c for c in calls if c.api in kinds]
    if not regs:
        return []
    count: dict[int, int] = {}
    first: dict[int, int] = {}
    for d in (c for c in calls if c.api in DELIVERIES):
        r = _pick([x for x in regs if x.api in DELIVERIES[d.api]], d)
        if r is not None:
            count[id(r)] = count.get(id(r), 0) + 1
            first.setdefault(id(r), d.ts)
    out = []
    for r in regs:
        removers = REMOVALS.get(r.api, frozenset())
        ids = _listener_ids(r)
        removed = next((c.ts for c in calls if c.api in removers and c.ts >= r.ts
                        and (not ids or any(i in " ".join(c.args) for i in ids))), None)
        out.append(Registration(r, caller_of(r), count.get(id(r), 0), first.get(id(r)), removed))
    return out


def attribute_deliveries(calls: Sequence[Call], caller_of: Callable[[Call], str]) -> list[Call]:
    """The calls, each delivery's ``caller`` set to the caller of the registration it serves (when found)."""
    if not any(c.api in DELIVERIES for c in calls):
        return list(calls)
    regs = [c for c in calls if c.api in frozenset().union(*DELIVERIES.values())]
    out = []
    for c in calls:
        if c.api in DELIVERIES:
            r = _pick([x for x in regs if x.api in DELIVERIES[c.api]], c)
            if r is not None:
                c = dataclasses.replace(c, caller=caller_of(r))
        out.append(c)
    return out


def active_at(regs: Sequence[Registration], ts: int) -> list[Registration]:
    """Registrations made before ``ts``, delivered to at least once, and not removed by ``ts``."""
    return [r for r in regs if r.call.ts <= ts and r.deliveries > 0
            and (r.removed_ms is None or r.removed_ms > ts)]
