"""Live lab mode (``pimon attach``): what a tester sees and marks while exploring an app by hand.

:class:`LabSession` is UI-agnostic: the instrumentation session feeds it event batches, the terminal
feeds it keys and notes; it writes everything to the store as it happens (events, manual consent
transitions with ``source="manual"``, notes as marks, process start/exit) and keeps a small
snapshot for the live view. Consent transitions follow the timeline's states; an impossible one
(withdrawing what was never given) is refused with a message instead of corrupting the timeline.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitor.store import now_ms

# key -> target consent state
CONSENT_KEYS = {"d": "pre-consent", "a": "consented", "r": "refused", "w": "withdrawn"}
ALLOWED = {
    "pre-consent": {"unknown"},
    "consented": {"unknown", "pre-consent", "refused", "withdrawn"},
    "refused": {"unknown", "pre-consent"},
    "withdrawn": {"consented"},
}
HELP = "keys: d dialog shown · a agreed · r refused · w withdrawn · n note · q quit"


@dataclass(frozen=True)
class Row:
    ts: int
    api: str
    caller: str
    pi: str
    phase: str


class LabSession:
    def __init__(
        self,
        store: Any,
        run_id: int,
        package: str,
        *,
        recent: int = 15,
        attribute: Callable[[Any, str], str] | None = None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.package = package
        self.state = "unknown"
        self.total = 0
        self.by_api: Counter[str] = Counter()
        self.by_caller: Counter[str] = Counter()
        self.recent: deque[Row] = deque(maxlen=recent)
        self.messages: deque[str] = deque(maxlen=3)
        self.ended: str | None = None
        self._attribute = attribute or _default_attribute
        self._lock = threading.Lock()

    # -- from the instrumentation session (Frida's side) -----------------------------------------
    def on_events(self, events: list[Any]) -> None:
        self.store.add_events(self.run_id, events, package=self.package)
        with self._lock:
            for e in events:
                caller = self._attribute(e.stack, self.package)
                self.total += 1
                self.by_api[e.api] += 1
                self.by_caller[caller] += 1
                self.recent.append(Row(e.ts, e.api, caller, e.pi or e.category, self.state))

    def on_end(self, reason: str, crash: Any = None) -> None:
        data = {"reason": reason}
        if crash is not None:
            data["crash"] = str(getattr(crash, "summary", crash))
        self.store.add_lifecycle(self.run_id, now_ms(), "process-exit", data)
        with self._lock:
            self.ended = reason
            self.messages.append(f"app process ended: {reason}")

    # -- from the tester ----------------------------------------------------------------------
    def key(self, ch: str) -> str:
        """Apply a consent key; returns what happened (shown in the view)."""
        target = CONSENT_KEYS.get(ch.lower())
        if target is None:
            return self._say(f"unknown key {ch!r}; {HELP}")
        with self._lock:
            previous = self.state
            if previous not in ALLOWED[target]:
                return self._say_locked(f"cannot go from {previous} to {target}")
            self.state = target
        self.store.add_consent_transition(self.run_id, now_ms(), previous, target, None, source="manual")
        return self._say(f"consent: {previous} -> {target}")

    def note(self, text: str) -> str:
        text = text.strip()
        if not text:
            return self._say("empty note ignored")
        self.store.add_mark(self.run_id, now_ms(), text)
        return self._say(f"note: {text}")

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "state": self.state,
                "total": self.total,
                "recent": list(self.recent),
                "top_apis": self.by_api.most_common(8),
                "callers": self.by_caller.most_common(8),
                "messages": list(self.messages),
                "ended": self.ended,
            }

    def _say(self, msg: str) -> str:
        with self._lock:
            return self._say_locked(msg)

    def _say_locked(self, msg: str) -> str:
        self.messages.append(msg)
        return msg


def _default_attribute(stack: Any, package: str) -> str:
    from monitor.rules.attribution import attribute

    return attribute(stack, package).caller
