"""Article 7(1): volume and frequency as the service needs; nothing read while in the background."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator

from monitor.rules.common import call_hit, caller_of
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Call, Timeline
from monitor.timeline.listeners import active_at, registrations


@rule(code="PI-7.1-EXCESSIVE-FREQUENCY", name="excessive-frequency", article="7(1)", severity="medium",
      message="{api} was called by {caller} more than {limit} times within {window_s:g} s ({count} calls over the limit)")
def excessive_frequency(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The same personal information read more often than a service needs.

    For each api × caller (calls of personal categories), a sliding window of ``frequency.window_s`` seconds (default 10) runs over
    the calls; every call that makes the window hold more than the category's limit is over the
    limit (defaults: 2 for device/network identifiers, 3 for location, 5 otherwise; see
    :mod:`monitor.rules.config` for the reasoning). One finding per api × caller; its phase is the
    phase of the first call over the limit, its count the number of calls over the limit.
    Severity medium: over-collection, not collection without consent.
    """
    win = int(cfg.frequency.window_s * 1000)
    groups: dict[tuple[str, str], list[Call]] = defaultdict(list)
    for c in tl.calls:
        if cfg.counts(c.category):
            groups[(c.api, caller_of(c, tl.app_package))].append(c)
    for calls in groups.values():
        limit = cfg.frequency.limit(calls[0].category)
        over = _over_limit(calls, win, limit)
        if not over:
            continue
        phase = tl.phase_at(over[0][0])
        peak = max(n for _, _, _, n in over)
        i = 0
        while i < len(over):  # one hit per stored record (an aggregate's over-limit calls together)
            ts, k, c, n = over[i]
            j, total = i + 1, k
            while j < len(over) and over[j][2] is c:
                total += over[j][1]
                j += 1
            hit = call_hit(tl, c, phase, limit=limit, window_s=cfg.frequency.window_s, in_window=n, peak=peak)
            yield dataclasses.replace(hit, ts=ts, count=total, last=over[j - 1][0])
            i = j


def _over_limit(calls: list[Call], win: int, limit: int) -> list[tuple[int, int, Call, int]]:
    """``(ts, k, call, in_window)`` for the calls over the limit: k of the calls at millisecond ts (of record
    ``call``, an aggregate's ``times`` counted call by call) made the window of ``win`` ms before them hold more
    than ``limit``; ``in_window`` is the count the last of them saw."""
    moments = sorted(((ts, n, c) for c in calls for ts, n in c.moments()), key=lambda m: m[0])
    out: list[tuple[int, int, Call, int]] = []
    j, held = 0, 0  # moments[j:i] are in the window; ``held`` calls in them
    for ts, n, c in moments:
        while ts - moments[j][0] >= win:
            held -= moments[j][1]
            j += 1
        k = min(n, held + n - limit)  # the first calls of this millisecond may still be under the limit
        held += n
        if k > 0:
            out.append((ts, k, c, held))
    return out


@rule(code="PI-7.1-BACKGROUND-COLLECTION", name="background-collection", article="7(1), 7(2)", severity="medium",
      message="{api} was called by {caller} {count}× while the app was in the background")
def background_collection(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Personal information read while the app is in the background.

    Fires for each call of a personal category made while the app was not in the foreground (after a ``background``
    lifecycle row, or in a process started in the background by a receiver), in any phase. A user
    who left the app is not using a service that needs the data (Article 7(1), 7(2)). Severity
    medium. Each delivery to a registered listener (a location fix) is a call of the registration's caller
    (``monitor/timeline/listeners.py``); a registration still active (delivered to, not removed) when the
    app goes to the background is a hit too (api the registration's, evidence ``still_registered``).
    """
    for c in tl.calls:
        if cfg.counts(c.category) and not tl.foreground_at(c.ts):
            yield call_hit(tl, c)
    yield from _still_registered(tl, cfg)


def _still_registered(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """A listener registration still active (delivered to, not removed) when the app leaves the foreground by
    itself or by the user's home/back — not when pimon stopped it, nor for an activity-chain blip."""
    leaves = [x for x in tl.lifecycle if x.kind == "background" and not x.data.get("stopped_by_pimon")]
    if not leaves:
        return
    regs = registrations(tl.calls, lambda c: caller_of(c, tl.app_package))
    grace = int(cfg.forced_exit.grace_ms)
    for b in leaves:
        if any(x.kind == "foreground" and b.ts < x.ts <= b.ts + grace for x in tl.lifecycle):
            continue
        for r in active_at(regs, b.ts):
            if cfg.counts(r.category):
                yield Hit(ts=b.ts, api=r.call.api, caller=r.caller, phase=tl.phase_at(b.ts), category=r.category,
                          evidence={"still_registered": True, "registered_ms": r.call.ts,
                                    "deliveries": r.deliveries, "first_delivery_ms": r.first_delivery_ms},
                          call=r.call)
