"""The store's half of flood aggregation (issue 12 point 8; the agent's half is hooks/src/aggregate.ts).

Per run, event rows that repeat — same api, caller, thread, stack, args, ret and exception, between the same
two *boundaries* — are written in full for their first :data:`RAW_FIRST` within a window of :data:`WINDOW_MS`;
the rest of the window becomes one aggregate row: the first aggregated call's record with ``count`` and
``times`` (``[[ts, n], …]``, see :mod:`monitor.timeline.repeats`). Boundaries are the times at which a consent
or foreground phase can change: consent transitions, UI actions, dialogs, lifecycle rows and the agent's own
``ui`` events (``Dialog.show``, ``performClick``), so no stored aggregate spans one. Aggregates the agent made
are split at the boundaries the store knows and written as they are.

Memory is bounded: one open aggregate per distinct repeat (at most :data:`MAX_OPEN`, then all are written),
each holding at most one ``[ts, n]`` pair per millisecond of its window.
"""

from __future__ import annotations

import bisect
import json
from bisect import bisect_right
from typing import Any

from monitor.store.clean import json_dumps
from monitor.timeline.repeats import norm_times, split_times, times_count

RAW_FIRST = 10
WINDOW_MS = 1000
MAX_OPEN = 4096
BOUNDARY_CATEGORIES = frozenset({"ui"})


class _Open:
    """One open aggregate: its window's start, the calls seen, the first aggregated call's row and its calls'
    times (``{ts: n}``, made at the first aggregated call), and ``gen``: the Aggregator's generation it was made
    in (an older one may be held by a snapshot). A plain slotted class: one is made per distinct event."""

    __slots__ = ("gen", "row", "seen", "start", "times")

    def __init__(self, start: int, seen: int = 1, row: dict[str, Any] | None = None,
                 times: dict[int, int] | None = None, gen: int = 0) -> None:
        self.start, self.seen, self.row, self.times, self.gen = start, seen, row, times, gen


def _key(row: dict[str, Any], epoch: int) -> tuple[Any, ...]:
    # the stored stack's JSON (frames are made by clean.frame_dict, one key order): the text the store serialised
    # once for each stack it shares between rows (clean.share_json), so a hot loop's key costs no new encoding
    return (row["api"], row["caller"], row.get("thread"), json_dumps(row.get("stack")),
            _args_key(row.get("args")), row.get("ret"), row.get("exception"), epoch)


def _args_key(args: Any) -> Any:
    """The args as a key: their tuple (stored args are strings), else their JSON."""
    if type(args) is list:
        try:
            "".join(args)  # TypeError unless every one is a str: cheaper than testing each
        except TypeError:
            pass
        else:
            return tuple(args)
    return json.dumps(args)


class Aggregator:
    """Aggregation state of one run (pure: rows in, rows out; the store writes them)."""

    def __init__(self, raw_first: int = RAW_FIRST, window_ms: int = WINDOW_MS, max_open: int = MAX_OPEN) -> None:
        self.raw_first, self.window_ms, self.max_open = raw_first, window_ms, max_open
        self.boundaries: list[int] = []
        self._open: dict[tuple[Any, ...], _Open] = {}
        self._newest = -(2**63)
        self._gen = 0

    def boundary(self, ts: int) -> None:
        """A phase may change at ``ts``: no aggregate will hold calls on both sides of it."""
        i = bisect.bisect_left(self.boundaries, ts)
        if i == len(self.boundaries) or self.boundaries[i] != ts:
            self.boundaries.insert(i, ts)

    def snapshot(self) -> tuple[Any, ...]:
        """The state to :meth:`restore` if writing what :meth:`add` returned fails. Copy on write: the open
        aggregates are shared with it until :meth:`add` changes one (a copy is changed then), so a snapshot costs
        one dict copy, not a copy of every open aggregate (thousands while an app reads distinct values)."""
        self._gen += 1
        return (list(self.boundaries), self._newest, dict(self._open))

    def restore(self, saved: tuple[Any, ...]) -> None:
        self.boundaries, self._newest, self._open = saved[0], saved[1], saved[2]

    def add(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows to write now for ``rows`` (in order): raw rows, split agent aggregates, closed aggregates."""
        out: list[dict[str, Any]] = []
        for row in rows:
            if row.get("category") in BOUNDARY_CATEGORIES:
                self.boundary(row["ts"])
        boundaries, opened, window, gen = self.boundaries, self._open, self.window_ms, self._gen
        newest = self._newest
        for row in rows:
            ts = row["ts"]
            newest = max(newest, ts)
            times = row.get("times")
            if times and (times := norm_times(times)) is not None:  # an aggregate made by the agent: cut at the
                for piece in split_times(times, boundaries):         # boundaries known here
                    out.append({**row, "ts": piece[0][0], "count": times_count(piece), "times": piece})
                continue
            if row.get("category") in BOUNDARY_CATEGORIES:
                out.append(row)
                continue
            key = _key(row, bisect_right(boundaries, ts))
            st = opened.get(key)
            if st is not None and abs(ts - st.start) >= window:
                out += self._close(key)
                st = None
            if st is None:
                if len(opened) >= self.max_open:
                    out += self.drain()
                opened[key] = _Open(ts, 1, None, None, gen)
                out.append(row)
            elif st.seen < self.raw_first:
                st = self._own(key, st)
                st.seen += 1
                out.append(row)
            else:
                st = self._own(key, st)
                if st.row is None:
                    st.row, st.times = row, {}
                st.times[ts] = st.times.get(ts, 0) + 1
        self._newest = newest
        out += self.expire(self._newest)
        return out

    def _own(self, key: tuple[Any, ...], st: _Open) -> _Open:
        """``st`` to change: itself if made since the last snapshot, else its copy in its place."""
        if st.gen == self._gen:
            return st
        mine = self._open[key] = _Open(st.start, st.seen, st.row, None if st.times is None else dict(st.times),
                                       self._gen)
        return mine

    def expire(self, now: int) -> list[dict[str, Any]]:
        """Close the aggregates whose window ended before ``now``."""
        done = [k for k, st in self._open.items() if now - st.start >= self.window_ms]
        return [r for k in done for r in self._close(k)]

    def drain(self) -> list[dict[str, Any]]:
        """Close every open aggregate (the run ends, or too many are open)."""
        return [r for k in list(self._open) for r in self._close(k)]

    def _close(self, key: tuple[Any, ...]) -> list[dict[str, Any]]:
        st = self._open.pop(key)
        if st.row is None:
            return []
        times = sorted(st.times.items())  # row set: times made with it
        if len(times) == 1 and times[0][1] == 1:
            return [st.row]
        return [{**st.row, "ts": times[0][0], "count": times_count(tuple(times)), "times": [list(t) for t in times]}]
