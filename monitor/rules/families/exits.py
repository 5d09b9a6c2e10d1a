"""Article 7(3): no forced exit after a refusal."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.rules.common import caller_of, is_user_exit
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Call, Timeline
from monitor.timeline.permissions import permission_results


def refusals(tl: Timeline) -> list[tuple[int, str, int | None]]:
    """(ts, what, ui_action_id) of every consent refusal and permission denial, by time: consent
    transitions to ``refused``, ``permission-result`` rows that deny, ``permission-deny`` UI actions."""
    out: list[tuple[int, str, int | None]] = [
        (t.ts, "consent", t.ui_action_id) for t in tl.transitions if t.to_state == "refused"
    ]
    out += [(ts, f"permission {perm}", None) for ts, perm, granted in permission_results(tl) if not granted]
    out += [(a.ts, f"permission {a.target.get('permission') or ''}".strip(), a.id)
            for a in tl.ui_actions if a.kind == "permission-deny"]
    return sorted(out, key=lambda r: r[0])


# Calls by which an app ends itself on purpose (a deliberate exit); the finding names the one that did it.
EXIT_APIS = frozenset({
    "android.os.Process.killProcess", "java.lang.System.exit", "java.lang.Runtime.exit",
    "android.app.Activity.finish", "android.app.Activity.finishAffinity", "android.app.Activity.finishAndRemoveTask",
    "android.app.Activity.moveTaskToBack", "android.app.ActivityManager$AppTask.finishAndRemoveTask",
})
_PROCESS_ENDS = frozenset({"android.os.Process.killProcess", "java.lang.System.exit", "java.lang.Runtime.exit"})


def _returns_within(tl: Timeline, ts: int, grace_ms: int) -> bool:
    """An activity of the app is in front again within ``grace_ms`` after leaving at ``ts`` (a screen change:
    one activity started the next and finished itself), before the process ended."""
    for x in tl.lifecycle:
        if x.ts <= ts:
            continue
        if x.ts > ts + grace_ms or x.kind in ("process-exit", "process-start", "restart"):
            return False
        if x.kind == "foreground":
            return True
    return False


def _exit_call(tl: Timeline, start: int, end: int, process_end: bool) -> Call | None:
    """The last deliberate-exit call in ``[start, end]`` (for a process end: killProcess/System.exit first)."""
    calls = [c for c in tl.calls if c.api in EXIT_APIS and start <= c.ts <= end]
    if process_end:
        calls = [c for c in calls if c.api in _PROCESS_ENDS] or calls
    return calls[-1] if calls else None


@rule(code="PI-7.3-FORCED-EXIT", name="forced-exit", article="7(3)", severity="high",
      message="the app closed itself ({exit}) {delay_ms} ms after the user refused {refused}")
def forced_exit(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The app exits or leaves the foreground on purpose right after a refusal.

    Fires when, within ``forced_exit.window_s`` seconds (default 10) after the user refused consent
    or denied a permission, the app ends itself deliberately — a ``finish()``/``finishAffinity()``/
    ``finishAndRemoveTask()``/``moveTaskToBack()``, ``System.exit`` or ``Process.killProcess`` reached after the
    refusal (the finding's caller is the code that made that call; ``exit_api``/``exit_stack`` in the evidence),
    or a process exit the device says the app requested — and so the process exits or no activity of the app
    is in front for longer than ``forced_exit.grace_ms`` (default 1500 ms: one activity starting the next and
    finishing itself is a screen change, not leaving). Not when the user pressed home/back, the scenario
    stopped or relaunched the app, pimon stopped it, or the app *crashed* (an uncaught exception, a signal, a
    native abort: the run is ``app-crashed``, which the report shows; a crash is not an exit the app chose), nor on
    the exit that follows a probe for Frida/root (the run is ``instrumentation-detected``).
    Leaving while the refusal tap itself is being handled (``finish()`` in the click handler) is forced.
    Article 7(3): users who reject a request must not be forced to exit or close the app. Severity high.
    """
    win = int(cfg.forced_exit.window_s * 1000)
    grace = int(cfg.forced_exit.grace_ms)
    ends = [x for x in tl.lifecycle if x.kind in ("process-exit", "background")]
    detected_exit = (tl.meta.get("detection") or {}).get("exit_ts")
    used: set[int] = set()
    for ts, what, ui_id in refusals(tl):
        for i, end in enumerate(ends):
            if not ts <= end.ts <= ts + win:
                continue
            if any(is_user_exit(a) for a in tl.ui_actions if ts <= a.ts <= end.ts and (ui_id is None or a.id != ui_id)):
                break  # the user left by themselves
            if end.data.get("stopped_by_pimon") or str(end.data.get("key") or "").lower() in ("home", "back"):
                break
            if end.kind == "process-exit" and end.data.get("crash"):
                break  # a crash, not a deliberate exit
            if end.kind == "process-exit" and end.ts == detected_exit:
                break  # the app quit because it saw the instrumentation (instrumentation-detected), not the refusal
            if end.kind == "background" and _returns_within(tl, end.ts, grace):
                continue  # a screen change within the app
            process_end = end.kind == "process-exit"
            call = _exit_call(tl, ts, end.ts, process_end)
            if call is None and not (process_end and end.data.get("requested_by_app")):
                continue  # no deliberate exit behind it (an exit nobody asked for is not forced by the app)
            if i not in used:
                used.add(i)
                caller = caller_of(call, tl.app_package) if call is not None else "app"
                yield Hit(
                    ts=end.ts, api="-", caller=caller, phase="refused",
                    evidence={"exit": end.kind, "refused": what, "refused_ms": ts, "delay_ms": end.ts - ts,
                              "exit_code": end.data.get("code"),
                              "exit_api": call.api if call is not None else "process exit requested by the app",
                              "exit_ms": call.ts if call is not None else end.ts,
                              "exit_stack": [f.as_dict() for f in call.stack[:16]] if call is not None else [],
                              "ui_action_ids": [ui_id] if ui_id is not None else []},
                )
            break
