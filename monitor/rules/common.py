"""Helpers shared by the rule families: attribution of calls, hits, UI-action classification."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from monitor.rules.attribution import Attribution, attribute
from monitor.rules.finding import Hit
from monitor.timeline import Call, Frame, Timeline, UiAction

MAX_STACK = 32

# UI actions by which the *user* leaves or closes the app (an exit after them is not forced).
USER_EXIT_KINDS = frozenset({"home", "back", "stop", "kill", "force-stop", "relaunch", "reboot", "close", "recents"})


@lru_cache(maxsize=65536)
def _attribute(stack: tuple[Frame, ...], app_package: str) -> Attribution:
    return attribute(stack, app_package)


def attribution_of(call: Call, app_package: str) -> Attribution:
    """The call's attribution; a caller stored at insert time wins over a recomputed one."""
    att = _attribute(call.stack, app_package)
    if call.caller and call.caller != att.caller:
        return Attribution(call.caller, att.frame, att.index, att.chain)
    return att


def caller_of(call: Call, app_package: str) -> str:
    """The caller alone: the stored one, else attributed (cheap on stored runs)."""
    return call.caller or _attribute(call.stack, app_package).caller


def attribute_stack(stack: Any, app_package: str) -> Attribution:
    return _attribute(tuple(Frame.of(f) for f in stack or ()), app_package)


def call_evidence(call: Call, app_package: str) -> tuple[Frame | None, tuple[str, ...] | None, dict[str, Any]]:
    """Frame, chain and evidence (args, ret, thread, stack) of one call; used for a finding's first call."""
    att = attribution_of(call, app_package)
    evidence = {
        "seq": call.seq,
        "args": list(call.args),
        "ret": call.ret,
        "thread": call.thread,
        "stack": [f.as_dict() for f in call.stack[:MAX_STACK]],
    }
    if call.exception is not None:  # the call was made, and threw: the app got no value
        evidence["exception"] = call.exception
    return att.frame, att.chain, evidence


def call_hit(tl: Timeline, call: Call, phase: str | None = None, **extra: Any) -> Hit:
    tr = tl.transition_at(call.ts)
    if tr is not None and tr.ui_action_id is not None:
        extra["ui_action_ids"] = [tr.ui_action_id]
    return Hit(ts=call.ts, api=call.api, caller=caller_of(call, tl.app_package),
               phase=phase or tl.phase_at(call.ts), category=call.category, evidence=extra, call=call,
               count=getattr(call, "count", 1), last=getattr(call, "last_ts", None))


def is_user_exit(action: UiAction) -> bool:
    """Home, back, or a stop/relaunch the scenario did on the user's behalf."""
    kind = action.kind.lower()
    if kind in USER_EXIT_KINDS:
        return True
    key = str(action.target.get("key", "")).lower() if action.target else ""
    return kind in ("key", "press") and key in ("home", "back")


def is_permission_answer(action: UiAction) -> bool:
    """A tap on a system permission dialog's Allow/Deny (not a user action that asks for a feature)."""
    if action.kind.lower().startswith("permission"):
        return True
    blob = repr(action.target).lower() if action.target else ""
    return "permissioncontroller" in blob or "permission_allow" in blob or "permission_deny" in blob
