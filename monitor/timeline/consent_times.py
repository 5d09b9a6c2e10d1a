"""Consent transitions timed by the app, not by pimon's polling.

The scenario records ``pre-consent`` when its poll of the screen (every ~0.2 s) finds the dialog, and
an answer (``consented``/``refused``/``withdrawn``) just before it taps. Neither is when the app acted.
Three sources, best first, each transition marked with the one used (``ConsentTransition.source``):

* ``app`` — the agent's hooks (catalog category ``ui``): ``Dialog.show`` / ``PopupWindow.show*`` for the
  notice becoming visible; ``View.performClick`` (and ``callOnClick``, ``CompoundButton.performClick``) for the
  click dispatched to the answered control, its receiver (``toString()``: text, bounds) appended to ``args``.
  The hook's ``ts`` is taken on entry, before the click handler runs.
* ``device`` — the device's own window events (the emulator's ``dialog-shown``; stored as lifecycle rows).
* ``scenario`` — the poll that saw the dialog, the moment pimon decided to tap (the last resort).

**The phase rule.** A call belongs to the phase in force at its own ``ts`` (a transition at the same
millisecond is already in force). So whatever the app does from the moment its notice is shown is
``pre-consent``, and everything done inside the click handler of 同意 is ``consented``, of 不同意
``refused`` — the handler runs after the click's entry ``ts``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from monitor.timeline.model import Call, ConsentTransition, Lifecycle, UiAction

SHOW_APIS = frozenset({
    "android.app.Dialog.show", "android.widget.PopupWindow.showAtLocation", "android.widget.PopupWindow.showAsDropDown",
})
CLICK_APIS = frozenset({
    "android.view.View.performClick", "android.view.View.callOnClick", "android.widget.CompoundButton.performClick",
})
ANSWERS = ("consented", "refused", "withdrawn")
#: How far after pimon recorded its answer the app's click may come (the tap travels through the device).
CLICK_WINDOW_MS = 5000
#: How far before pimon recorded its answer an app click may be (clock skew between host and device).
CLICK_SLACK_MS = 100
_TEXT = re.compile(r'text="((?:[^"\\]|\\.)*)"')


def view_text(call: Call) -> str | None:
    """The clicked view's text from the receiver string the agent appended (``... text="同意"}``)."""
    if not call.args:
        return None
    m = _TEXT.search(call.args[-1])
    return m.group(1).replace('\\"', '"').replace("\\\\", "\\") if m else None


def _answer_click(clicks: Sequence[Call], action: UiAction | None, after: int) -> Call | None:
    """The app's click for a scenario answer: the first click from just before the action on, preferring the
    one whose view text is the tapped control's."""
    if action is None:
        return None
    lo, hi = max(after, action.ts - CLICK_SLACK_MS), action.ts + CLICK_WINDOW_MS
    cands = [c for c in clicks if lo <= c.ts <= hi]
    want = str((action.target or {}).get("text") or "").strip()
    if want:
        named = [c for c in cands if (view_text(c) or "").strip() == want]
        if named:
            return named[0]
        if any(view_text(c) is not None for c in cands):
            return None  # clicks on other views only: not this answer's
    return cands[0] if cands else None


def _shown(shows: Sequence[int], device: Sequence[int], lo: int, hi: int) -> tuple[int, str] | None:
    app = [t for t in shows if lo < t <= hi]
    if app:
        return app[-1], "app"
    dev = [t for t in device if lo < t <= hi]
    if dev:
        return dev[-1], "device"
    return None


def app_timed(transitions: Sequence[ConsentTransition], calls: Sequence[Call], lifecycle: Sequence[Lifecycle],
              ui_actions: Sequence[UiAction]) -> list[ConsentTransition]:
    """The transitions with the app's (else the device's) times where they can be found; each one moved is
    marked with its source (``app``/``device``). Transitions already timed (``app``, ``device``, ``manual``)
    are kept as they are, so the function is idempotent."""
    shows = sorted(c.ts for c in calls if c.api in SHOW_APIS)
    clicks = sorted((c for c in calls if c.api in CLICK_APIS), key=lambda c: (c.ts, c.seq))
    device = sorted(x.ts for x in lifecycle if x.kind == "dialog-shown" and x.data.get("kind") != "permission")
    if not (shows or clicks or device):
        return list(transitions)
    starts = sorted(x.ts for x in lifecycle if x.kind in ("process-start", "restart"))
    actions = {a.id: a for a in ui_actions if a.id is not None}
    out: list[ConsentTransition] = []
    prev = None  # the previous transition as placed
    for t in sorted(transitions, key=lambda t: t.ts):
        new = t
        floor = max([s for s in starts if s <= t.ts] + ([prev.ts] if prev is not None else []), default=-1)
        if t.source in ("scenario", "derived") and t.to_state == "pre-consent":
            got = _shown(shows, device, floor, t.ts)
            if got is not None:
                new = dataclasses.replace(t, ts=got[0], source=got[1])
        elif t.source == "scenario" and t.to_state in ANSWERS and t.ui_action_id is not None:
            click = _answer_click(clicks, actions.get(t.ui_action_id), floor)
            if click is not None:
                new = dataclasses.replace(t, ts=click.ts, source="app")
        if prev is not None and new.ts < prev.ts:
            new = t  # never before the transition it follows
        out.append(new)
        prev = new
    return sorted(out, key=lambda t: t.ts)
