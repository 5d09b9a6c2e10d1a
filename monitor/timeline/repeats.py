"""Aggregated repeats (a flooding app, issue 12 point 8): one stored call standing for ``count`` calls.

A hot loop calling the same API from the same stack with the same values is recorded in full for its first
calls; after them, the agent and the store keep one *aggregate* per window: the first aggregated call's
record plus ``times``, its calls' times as ``[[ts, n], …]`` (n calls in millisecond ts, ascending). Counts
and times stay exact; only the repeated args/ret/stack are not stored again. Consent and foreground phases
are decided per millisecond, so an aggregate is split at every phase boundary before any rule sees it
(:func:`split_times`): an aggregate never spans a consent transition.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections.abc import Iterable, Sequence
from typing import Any

from monitor.instrument.protocol import SortedTimes

Times = tuple[tuple[int, int], ...]


# What norm_times returns (a tuple, equal to and encoded as one), taken as it is when normalised again (a long
# aggregate's times pass the store's row and its aggregation); the agent's protocol makes it too, as it parses.
_Normal = SortedTimes


def norm_times(raw: Any) -> Times | None:
    """``[[ts, n], …]`` as sorted, merged pairs with n >= 1; None for no/invalid data."""
    if type(raw) is _Normal:
        return raw
    if not raw:
        return None
    acc: dict[int, int] = {}
    for item in raw:
        try:
            ts, n = int(item[0]), int(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        if n > 0:
            acc[ts] = acc.get(ts, 0) + n
    return _Normal(sorted(acc.items())) or None


def times_count(times: Times | None) -> int:
    return sum(map(_N, times)) if times else 0


_N = operator.itemgetter(1)


def split_times(times: Times, cuts: Sequence[int]) -> list[Times]:
    """``times`` cut before every ts in ``cuts`` (sorted): a cut at B starts a new piece holding the calls at
    ts >= B (a transition at the same millisecond is in force, architecture §4)."""
    if not times or bisect.bisect_right(cuts, times[0][0]) == bisect.bisect_right(cuts, times[-1][0]):
        return [times]  # no cut inside (times ascend): one piece, the common case
    pieces: list[list[tuple[int, int]]] = []
    epoch = None
    for ts, n in times:
        e = bisect.bisect_right(cuts, ts)
        if e != epoch:
            pieces.append([])
            epoch = e
        pieces[-1].append((ts, n))
    return [tuple(p) for p in pieces]


def split_calls(calls: Iterable[Any], cuts: Sequence[int]) -> list[Any]:
    """Calls (``monitor.timeline.Call``) with every aggregate split at ``cuts``: each piece keeps the record and
    gets its own ``ts``, ``count`` and ``times``."""
    out: list[Any] = []
    for c in calls:
        times = getattr(c, "times", None)
        if not times or len(pieces := split_times(times, cuts)) == 1:  # no cut inside: the call as it is
            out.append(c)
            continue
        out += [dataclasses.replace(c, ts=p[0][0], times=p, count=times_count(p)) for p in pieces]
    return out
