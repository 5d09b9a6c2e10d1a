"""Article 7(3): no forced exit after a refusal."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.rules.common import is_user_exit
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Timeline
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


@rule(code="PI-7.3-FORCED-EXIT", name="forced-exit", article="7(3)", severity="high",
      message="the app closed itself ({exit}) {delay_ms} ms after the user refused {refused}")
def forced_exit(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The app exits or leaves the foreground right after a refusal.

    Fires when, within ``forced_exit.window_s`` seconds (default 10) after the user refused consent
    or denied a permission, the process exits or the app goes to the background, and the user did
    not press home/back (nor did the scenario stop or relaunch the app, nor pimon stop it) in between.
    Leaving the foreground while the refusal tap itself is being handled (``finish()`` in the
    click handler) is forced: only a home/back key excuses it. Article 7(3):
    users who reject a request must not be forced to exit or close the app. Severity high.
    """
    win = int(cfg.forced_exit.window_s * 1000)
    ends = [x for x in tl.lifecycle if x.kind in ("process-exit", "background")]
    used: set[int] = set()
    for ts, what, ui_id in refusals(tl):
        for i, end in enumerate(ends):
            if not ts <= end.ts <= ts + win:
                continue
            if any(is_user_exit(a) for a in tl.ui_actions if ts <= a.ts <= end.ts and (ui_id is None or a.id != ui_id)):
                break  # the user left by themselves
            if end.data.get("stopped_by_pimon") or str(end.data.get("key") or "").lower() in ("home", "back"):
                break
            if i not in used:
                used.add(i)
                yield Hit(
                    ts=end.ts, api="-", caller="app", phase="refused",
                    evidence={"exit": end.kind, "refused": what, "refused_ms": ts, "delay_ms": end.ts - ts,
                              "exit_code": end.data.get("code"),
                              "ui_action_ids": [ui_id] if ui_id is not None else []},
                )
            break
