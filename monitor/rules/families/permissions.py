"""Article 6(4) and 7(3): permissions asked one function at a time, and not again after a denial."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.rules.common import attribute_stack, is_permission_answer
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Timeline
from monitor.timeline.permissions import PermissionRequest, permission_requests, permission_results


def _hit(tl: Timeline, req: PermissionRequest, **evidence: object) -> Hit:
    att = attribute_stack(req.stack, tl.app_package)
    return Hit(ts=req.ts, api=req.api, caller=att.caller, phase=tl.phase_at(req.ts), category="permission",
               frame=att.frame, chain=att.chain,
               evidence={**evidence, "stack": [dict(f) for f in req.stack if isinstance(f, dict)][:32]})


@rule(code="PI-6.4-BULK-PERMISSIONS", name="bulk-permissions", article="6(4)", severity="medium",
      message="{caller} asked for {n} dangerous permissions at once without a user action")
def bulk_permissions(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Several dangerous permissions requested at once, not tied to a function the user opened.

    Requests made without a user action (``user_action`` false on the request) and closer than
    ``bulk_permissions.window_s`` (default 2 s) to the previous one with no
    user action in between (answers on the permission dialog itself do not count) form one burst;
    a burst asking for ``min_count`` (default 3) or more distinct dangerous permissions fires once,
    at its first request. Article 6(4): permissions are requested when the corresponding function
    is activated, not wholesale. Severity medium.
    """
    win = int(cfg.bulk_permissions.window_s * 1000)
    bursts: list[list[PermissionRequest]] = []
    for req in permission_requests(tl):
        if req.user_action:
            continue  # asked when the user opened a function: tied to it
        if bursts:
            prev = bursts[-1][-1]
            user = [a for a in tl.ui_actions_between(prev.ts, req.ts) if not is_permission_answer(a)]
            if req.ts - prev.ts <= win and not user:
                bursts[-1].append(req)
                continue
        bursts.append([req])
    for burst in bursts:
        perms = sorted({p for r in burst for p in r.dangerous})
        if len(perms) >= cfg.bulk_permissions.min_count:
            yield _hit(tl, burst[0], permissions=perms, n=len(perms), requests=len(burst))


@rule(code="PI-7.3-REPROMPT-AFTER-DENIAL", name="reprompt-after-denial", article="7(3)", severity="medium",
      message="{caller} asked again for {permission} after the user denied it")
def reprompt_after_denial(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """A permission requested again after the user denied it.

    Fires for each request that includes a permission the user denied earlier in the run (industry
    practice: not again within 48 hours, and a run is far shorter). Article 7(3): frequent pop-ups
    must not be used to obtain authorisation. Severity medium.
    """
    results = permission_results(tl)
    for req in permission_requests(tl):
        last: dict[str, tuple[int, bool]] = {}
        for ts, p, granted in results:
            if ts < req.ts:
                last[p] = (ts, granted)
        denied = {p: ts for p, (ts, granted) in last.items() if not granted}
        again = [p for p in req.permissions if p in denied]
        if again:
            yield _hit(tl, req, permission=", ".join(again), denied_ms=min(denied[p] for p in again))
