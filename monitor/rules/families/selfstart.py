"""Article 7(4) and 10(3): no self-start and no starting other apps without a user action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.rules.attribution import attribute_class
from monitor.rules.common import attribute_stack, attribution_of
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Lifecycle, Timeline

OUT_API = {"activity": "android.content.Context.startActivity", "service": "android.content.Context.startService",
           "broadcast": "android.content.Context.sendBroadcast"}
IN_API = {"activity": "android.app.Activity.onCreate", "service": "android.app.Service.onCreate",
          "broadcast": "android.content.BroadcastReceiver.onReceive"}
START_METHODS = ("startActivity", "startActivities", "startService", "startForegroundService", "bindService",
                 "sendBroadcast", "sendOrderedBroadcast")
CORRELATE_MS = 2000


def _split(target: str, default_pkg: str) -> tuple[str, str]:
    pkg, _, cls = target.partition("/")
    if not cls:
        return (pkg, "") if "." in pkg and not pkg[0].isupper() else (default_pkg, pkg)
    return pkg, pkg + cls if cls.startswith(".") else cls


def _outgoing(tl: Timeline, x: Lifecycle, kind: str) -> tuple[str, Any]:
    """api and attribution of an outgoing start: its own stack, else the hooked start call just before it."""
    if x.data.get("stack"):
        return str(x.data.get("api") or OUT_API.get(kind, "android.content.Context.startActivity")), \
            attribute_stack(x.data["stack"], tl.app_package)
    call = next((c for c in reversed(tl.calls)
                 if x.ts - CORRELATE_MS <= c.ts <= x.ts and c.method in START_METHODS), None)
    if call is not None:
        return call.api, attribution_of(call, tl.app_package)
    return str(x.data.get("api") or OUT_API.get(kind, "android.content.Context.startActivity")), None


@rule(code="PI-7.4-SELF-START", name="self-start", article="7(4), 10(3)", severity="medium",
      message="{api}: {direction} {target} without a user action ({count}×)")
def self_start(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The app starts another app's component, or is started by the system or another app, unprompted.

    Fires for each ``component-start`` lifecycle row with ``user_action`` false where either the app
    starts a component of another package (caller: the start call's stack, or the hooked
    ``start*``/``send*Broadcast`` call just before it), or another package (``from``: ``android`` for
    boot, or a foreign app) starts one of the app's components (caller: the owner of the started
    class, e.g. an SDK's receiver). Starts within the app itself are not counted. Article 7(4): the
    app must not self-activate or activate other apps without need; 10(3) says the same of SDKs.
    Severity medium.
    """
    app = tl.app_package
    for x in tl.lifecycle:
        if x.kind != "component-start" or x.data.get("user_action"):
            continue
        kind = str(x.data.get("kind", "activity"))
        src = str(x.data.get("from") or app)
        pkg, cls = _split(str(x.data.get("target", "")), app)
        if src == app and pkg != app:
            api, att = _outgoing(tl, x, kind)
            caller, frame, chain = (att.caller, att.frame, att.chain) if att else ("app", None, None)
            direction = "started"
        elif pkg == app and src != app:
            api = str(x.data.get("api") or IN_API.get(kind, "android.app.Activity.onCreate"))
            caller, frame, chain = attribute_class(cls, app), None, None
            direction = f"{src} started"
        else:
            continue
        yield Hit(ts=x.ts, api=api, caller=caller, phase=tl.phase_at(x.ts), category="component-start",
                  frame=frame, chain=chain,
                  evidence={"direction": direction, "target": f"{pkg}/{cls}", "kind": kind, "from": src,
                            "action": x.data.get("action")})
