"""The consent timeline of one run: which consent phase and which foreground state held at any time.

Phases: ``unknown`` (no consent dialog seen yet) -> ``pre-consent`` (dialog shown, no answer) ->
``consented`` | ``refused`` -> ``withdrawn`` (and back, if the user changes their mind).

* The phase at ``ts`` is the ``to_state`` of the last consent transition at or before ``ts``.
  A consent dialog seen while the phase is still ``unknown`` implies ``unknown -> pre-consent`` at
  the dialog's time (source ``derived``), so a scenario that records only the dialog still splits
  the timeline correctly.
* Transitions are timed by the app where it can be seen (``monitor.timeline.consent_times``): the notice's
  ``Dialog.show``, the answered control's ``performClick``; else the device's window event; else the scenario.
  A call belongs to the phase in force at its own ``ts``: everything inside 同意's click handler is consented.
* Foreground: the last ``foreground``/``background`` lifecycle row at or before ``ts`` decides. A
  ``process-start`` resets it to foreground unless its data says ``"background": true`` (the
  process was started by a boot receiver or broadcast, not by the user); a ``process-exit`` means
  not running (``foreground_at`` is False). Before any lifecycle row the app is taken to be in the
  foreground (it is being launched by the scenario).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from monitor.timeline.consent_times import app_timed
from monitor.timeline.listeners import DELIVERIES, attribute_deliveries
from monitor.timeline.model import (
    Call,
    ConsentTransition,
    Dialog,
    Lifecycle,
    Mark,
    NetFlow,
    Segment,
    UiAction,
)
from monitor.timeline.repeats import split_calls

_FG_KINDS = ("foreground", "background", "process-start", "process-exit")


@dataclass
class Timeline:
    app_package: str
    calls: list[Call] = field(default_factory=list)
    transitions: list[ConsentTransition] = field(default_factory=list)
    lifecycle: list[Lifecycle] = field(default_factory=list)
    ui_actions: list[UiAction] = field(default_factory=list)
    dialogs: list[Dialog] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    flows: list[NetFlow] = field(default_factory=list)
    started_ms: int | None = None
    ended_ms: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.calls = sorted(self.calls, key=lambda c: (c.ts, c.seq))
        if any(c.api in DELIVERIES for c in self.calls):  # a delivery is collected by whoever registered
            from monitor.rules.common import caller_of

            self.calls = attribute_deliveries(self.calls, lambda c: caller_of(c, self.app_package))
        self.lifecycle = sorted(self.lifecycle, key=lambda x: x.ts)
        self.ui_actions = sorted(self.ui_actions, key=lambda x: x.ts)
        self.dialogs = sorted(self.dialogs, key=lambda x: x.ts)
        self.marks = sorted(self.marks, key=lambda x: x.ts)
        self.flows = sorted(self.flows, key=lambda x: x.ts)
        self.transitions = app_timed(_with_derived(sorted(self.transitions, key=lambda t: t.ts), self.dialogs),
                                     self.calls, self.lifecycle, self.ui_actions)
        self._t_ts = [t.ts for t in self.transitions]
        fg = [x for x in self.lifecycle if x.kind in _FG_KINDS]
        self._fg = fg
        self._fg_ts = [x.ts for x in fg]
        if any(c.times for c in self.calls):  # no aggregate spans a consent or foreground change
            cuts = sorted({*self._t_ts, *self._fg_ts})
            self.calls = sorted(split_calls(self.calls, cuts), key=lambda c: (c.ts, c.seq))

    # -- consent ---------------------------------------------------------------------------------
    def transition_at(self, ts: int) -> ConsentTransition | None:
        """The consent transition in force at ``ts`` (None while the phase is still ``unknown``)."""
        i = bisect.bisect_right(self._t_ts, ts)
        return self.transitions[i - 1] if i else None

    def phase_at(self, ts: int) -> str:
        t = self.transition_at(ts)
        return t.to_state if t else "unknown"

    def segments(self) -> list[Segment]:
        """The consent phases as consecutive segments from the run's start to its end."""
        out: list[Segment] = []
        state, since, cause = "unknown", self.start, None
        for t in self.transitions:
            if t.to_state == state:
                continue
            if t.ts > since:
                out.append(Segment(state, since, t.ts, cause))
            state, since, cause = t.to_state, t.ts, t
        out.append(Segment(state, since, self.ended_ms, cause))
        return out

    def consent_dialog_seen(self) -> bool:
        """A consent dialog was recorded, or any consent transition (a person marking consent by hand)."""
        return any(d.kind == "consent" for d in self.dialogs) or any(
            t.to_state != "unknown" for t in self.transitions
        )

    # -- foreground ------------------------------------------------------------------------------
    def foreground_at(self, ts: int) -> bool:
        i = bisect.bisect_right(self._fg_ts, ts)
        if not i:
            return True
        last = self._fg[i - 1]
        if last.kind == "process-start":
            return not bool(last.data.get("background"))
        return last.kind == "foreground"

    def crashes(self) -> list[Lifecycle]:
        """``process-exit`` rows of crashes (``data.crash``: uncaught exception, signal, native abort)."""
        return [x for x in self.lifecycle if x.kind == "process-exit" and x.data.get("crash")]

    def restarts(self) -> list[int]:
        """Times at which the app process started again after it had run before in this run."""
        out: list[int] = []
        seen_start = False
        for x in self.lifecycle:
            if x.kind == "restart":
                out.append(x.ts)
            elif x.kind == "process-start":
                if seen_start and (not out or out[-1] != x.ts):
                    out.append(x.ts)
                seen_start = True
        return sorted(set(out))

    # -- helpers ---------------------------------------------------------------------------------
    @property
    def start(self) -> int:
        cands = [self.started_ms] if self.started_ms is not None else []
        for seq in (self.calls, self.transitions, self.lifecycle, self.ui_actions, self.dialogs, self.flows):
            if seq:
                cands.append(seq[0].ts)
        return min(cands) if cands else 0

    @property
    def end(self) -> int:
        cands = [self.ended_ms] if self.ended_ms is not None else []
        for seq in (self.calls, self.transitions, self.lifecycle, self.ui_actions, self.dialogs, self.flows):
            if seq:
                cands.append(max(c.last_ts for c in seq) if seq is self.calls else seq[-1].ts)
        return max(cands) if cands else self.start

    def ui_actions_between(self, start: int, end: int) -> list[UiAction]:
        """UI actions with ``start < ts <= end``."""
        return [a for a in self.ui_actions if start < a.ts <= end]


def _with_derived(transitions: list[ConsentTransition], dialogs: list[Dialog]) -> list[ConsentTransition]:
    """Add ``unknown -> pre-consent`` at the first consent dialog shown while the phase is unknown."""
    first = next((d for d in dialogs if d.kind == "consent"), None)
    if first is None:
        return transitions
    before = [t for t in transitions if t.ts <= first.ts]
    if before and before[-1].to_state != "unknown":
        return transitions
    derived = ConsentTransition(first.ts, "unknown", "pre-consent", None, "derived")
    return sorted([*transitions, derived], key=lambda t: (t.ts, t.source != "derived"))
