"""Collection that keeps running: listener registrations, their removal, and each delivery to them.

A listener registered in the foreground keeps receiving data in the background and after a refusal without
any further API call: location fixes, sensor readings, telephony state and cells (``PhoneStateListener``,
``TelephonyCallback``), network callbacks, broadcasts such as Wi-Fi scan results and SIM state, clipboard
changes. The agent records each *delivery* (catalog: the framework's dispatch point, as on Android, e.g.
``LocationManager$LocationListenerTransport.onLocationChanged``,
``SystemSensorManager$SensorEventQueue.dispatchSensorEvent``, ``LoadedApk$ReceiverDispatcher.performReceive``
filtered on the broadcast's action; its receiver string names the listener on the emulator); its stack is the
framework's looper, so on its own it would be ``system``. Here each delivery is
joined to the registration it serves — the one whose listener argument the transport names, else the latest
registration of that kind still active, except for broadcast receivers, which must be named — and takes that registration's caller as its collector. So
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
SENSOR_REGISTRATIONS = frozenset({"android.hardware.SensorManager.registerListener"})
PHONE_STATE_REGISTRATIONS = frozenset({"android.telephony.TelephonyManager.listen"})
TELEPHONY_CALLBACK_REGISTRATIONS = frozenset({"android.telephony.TelephonyManager.registerTelephonyCallback"})
NETWORK_REGISTRATIONS = frozenset({"android.net.ConnectivityManager.registerNetworkCallback",
                                   "android.net.ConnectivityManager.registerDefaultNetworkCallback"})
RECEIVER_REGISTRATIONS = frozenset({"android.content.ContextWrapper.registerReceiver",
                                    "android.app.ContextImpl.registerReceiver"})
CLIPBOARD_REGISTRATIONS = frozenset({"android.content.ClipboardManager.addPrimaryClipChangedListener"})

_PHONE_EVENTS = ("onServiceStateChanged", "onCallStateChanged", "onCellLocationChanged", "onCellInfoChanged")
#: delivery api -> the registration apis it serves (the framework's dispatch point, as on Android)
DELIVERIES: dict[str, frozenset[str]] = {
    "android.location.LocationManager$LocationListenerTransport.onLocationChanged": LOCATION_REGISTRATIONS,
    "android.hardware.SystemSensorManager$SensorEventQueue.dispatchSensorEvent": SENSOR_REGISTRATIONS,
    **{f"android.telephony.PhoneStateListener$IPhoneStateListenerStub.{m}": PHONE_STATE_REGISTRATIONS
       for m in _PHONE_EVENTS},
    **{f"android.telephony.TelephonyCallback$IPhoneStateListenerStub.{m}": TELEPHONY_CALLBACK_REGISTRATIONS
       for m in _PHONE_EVENTS},
    "android.net.ConnectivityManager$CallbackHandler.handleMessage": NETWORK_REGISTRATIONS,
    "android.app.LoadedApk$ReceiverDispatcher.performReceive": RECEIVER_REGISTRATIONS,
    "android.content.ClipboardManager.reportPrimaryClipChanged": CLIPBOARD_REGISTRATIONS,
}
#: deliveries joined only to a registration their receiver string names: an app registers receivers for many
#: broadcasts, so "the latest receiver registered" would often be another one
NAMED_ONLY = frozenset({"android.app.LoadedApk$ReceiverDispatcher.performReceive"})
#: registration api -> the apis that remove it
REMOVALS: dict[str, frozenset[str]] = {
    **dict.fromkeys(LOCATION_REGISTRATIONS, frozenset({
        "android.location.LocationManager.removeUpdates",
        "com.google.android.gms.location.FusedLocationProviderClient.removeLocationUpdates"})),
    **dict.fromkeys(SENSOR_REGISTRATIONS, frozenset({"android.hardware.SensorManager.unregisterListener"})),
    # listen(listener, LISTEN_NONE) removes: see _removes
    **dict.fromkeys(PHONE_STATE_REGISTRATIONS, frozenset({"android.telephony.TelephonyManager.listen"})),
    **dict.fromkeys(TELEPHONY_CALLBACK_REGISTRATIONS,
                    frozenset({"android.telephony.TelephonyManager.unregisterTelephonyCallback"})),
    **dict.fromkeys(NETWORK_REGISTRATIONS, frozenset({"android.net.ConnectivityManager.unregisterNetworkCallback"})),
    **dict.fromkeys(RECEIVER_REGISTRATIONS, frozenset({"android.content.ContextWrapper.unregisterReceiver",
                                                       "android.app.ContextImpl.unregisterReceiver"})),
    **dict.fromkeys(CLIPBOARD_REGISTRATIONS,
                    frozenset({"android.content.ClipboardManager.removePrimaryClipChangedListener"})),
}
_KINDS = frozenset().union(*DELIVERIES.values())


@dataclass(frozen=True)
class Registration:
    call: Call
    caller: str
    deliveries: int = 0
    first_delivery_ms: int | None = None
    removed_ms: int | None = None
    #: the category of what was delivered (a receiver's registration is ``ipc``; its Wi-Fi scans are location)
    delivery_category: str | None = None

    @property
    def category(self) -> str:
        return self.delivery_category or self.call.category


def _listener_ids(call: Call) -> list[str]:
    """Argument strings that can name a listener object (``pkg.Cls@1a2b``, ``pkg.Cls$1@ff``)."""
    return [a for a in call.args if "@" in a and len(a) >= 4]


def _named(reg: Call, delivery: Call) -> bool:
    receiver = delivery.args[-1] if delivery.args else ""
    return any(i in receiver for i in _listener_ids(reg))


def _pick(regs: Sequence[Call], delivery: Call) -> Call | None:
    live = [r for r in regs if r.ts <= delivery.ts and not _is_removal(r)]
    named = [r for r in live if _named(r, delivery)]
    if delivery.api in NAMED_ONLY:
        return named[-1] if named else None
    return (named or live or [None])[-1]


def _is_removal(call: Call) -> bool:
    """``TelephonyManager.listen(listener, LISTEN_NONE)`` registers nothing: it removes the listener."""
    return call.api in PHONE_STATE_REGISTRATIONS and bool(call.args) and call.args[-1].strip() == "0"


def _removes(reg: Call, call: Call, ids: Sequence[str]) -> bool:
    if call is reg or call.ts < reg.ts or call.api not in REMOVALS.get(reg.api, frozenset()):
        return False
    if call.api in PHONE_STATE_REGISTRATIONS and not _is_removal(call):
        return False
    return not ids or any(i in " ".join(call.args) for i in ids)


def registrations(calls: Sequence[Call], caller_of: Callable[[Call], str]) -> list[Registration]:
    """Every registration of a kind whose deliveries are hooked, with its deliveries counted and its removal."""
    regs = [c for c in calls if c.api in _KINDS and not _is_removal(c)]
    if not regs:
        return []
    count: dict[int, int] = {}
    first: dict[int, Call] = {}
    for d in (c for c in calls if c.api in DELIVERIES):
        r = _pick([x for x in regs if x.api in DELIVERIES[d.api]], d)
        if r is not None:
            count[id(r)] = count.get(id(r), 0) + 1
            first.setdefault(id(r), d)
    out = []
    for r in regs:
        ids = _listener_ids(r)
        removed = next((c.ts for c in calls if _removes(r, c, ids)), None)
        d = first.get(id(r))
        out.append(Registration(r, caller_of(r), count.get(id(r), 0), d.ts if d else None, removed,
                                d.category if d else None))
    return out


def attribute_deliveries(calls: Sequence[Call], caller_of: Callable[[Call], str]) -> list[Call]:
    """The calls, each delivery's ``caller`` set to the caller of the registration it serves (when found)."""
    if not any(c.api in DELIVERIES for c in calls):
        return list(calls)
    regs = [c for c in calls if c.api in _KINDS]
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
