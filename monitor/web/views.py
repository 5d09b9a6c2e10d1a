"""What the pages show, read through the store (pure apart from the store reads; no HTTP here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.store import Store
from monitor.store import schema as S

PAGE = 50
SEVERITIES = ("critical", "high", "medium", "low", "info")
FILTERS = ("app", "suite", "scenario", "device", "status", "since", "until", "severity")


class BadFilter(ValueError):
    pass


def _day_ms(text: str, name: str) -> int:
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        raise BadFilter(f"{name}: a date is YYYY-MM-DD") from None
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() * 1000)


def runs_page(store: Store, params: dict[str, str], page: int, size: int = PAGE) -> tuple[list[Any], bool]:
    """One page of runs (newest first) and whether there is a next one. ``params``: FILTERS."""
    p = {k: (params.get(k) or "").strip() or None for k in FILTERS}
    if p["severity"] and p["severity"] not in SEVERITIES:
        raise BadFilter(f"severity: one of {', '.join(SEVERITIES)}")
    since = _day_ms(p["since"], "since") if p["since"] else None
    until = _day_ms(p["until"], "until") + 86_400_000 if p["until"] else None
    rows = store.list_runs(app_package=p["app"], suite=p["suite"], scenario=p["scenario"], device=p["device"],
                           status=p["status"], since_ms=since, until_ms=until, severity=p["severity"],
                           limit=size + 1, offset=max(page - 1, 0) * size)
    return rows[:size], len(rows) > size


@dataclass(frozen=True)
class SdkUse:
    caller: str
    category: str
    phase: str
    apps: tuple[str, ...]
    runs: int
    findings: int


def sdk_usage(store: Store, sdk: str | None = None, category: str | None = None,
              phase: str | None = None) -> list[SdkUse]:
    """Across every stored run: which SDK (finding caller ``sdk:*``) collected which category in which phase,
    in which apps. One GROUP BY over the findings table."""
    q = (select(S.Finding.caller, S.Finding.category, S.Finding.phase, S.Run.app_package,
                func.count(func.distinct(S.Finding.run_id)), func.count())
         .join(S.Run, S.Run.id == S.Finding.run_id).where(S.Finding.caller.like("sdk:%"))
         .group_by(S.Finding.caller, S.Finding.category, S.Finding.phase, S.Run.app_package))
    if sdk:
        q = q.where(S.Finding.caller == sdk)
    if category:
        q = q.where(S.Finding.category == category)
    if phase:
        q = q.where(S.Finding.phase == phase)
    acc: dict[tuple[str, str, str], list[Any]] = {}
    with Session(store.engine) as s:
        for caller, cat, ph, app, runs, n in s.execute(q):
            a = acc.setdefault((caller, cat, ph), [set(), 0, 0])
            a[0].add(app)
            a[1] += runs
            a[2] += n
    return sorted((SdkUse(c, cat, ph, tuple(sorted(a[0])), a[1], a[2]) for (c, cat, ph), a in acc.items()),
                  key=lambda u: (u.caller, u.category, u.phase))


def finding_identity(store: Store, fingerprint: str) -> dict[str, Any] | None:
    """rule/app/scenario/api/category/caller/phase of the newest stored finding with this fingerprint."""
    q = (select(S.Finding.rule, S.Run.app_package, S.Run.scenario, S.Finding.api, S.Finding.category,
                S.Finding.caller, S.Finding.phase).join(S.Run, S.Run.id == S.Finding.run_id)
         .where(S.Finding.fingerprint == fingerprint).order_by(S.Finding.id.desc()).limit(1))
    with Session(store.engine) as s:
        row = s.execute(q).first()
    if row is None:
        return None
    return dict(zip(("rule", "app", "scenario", "api", "category", "caller", "phase"), row, strict=True))


def app_sdks(store: Store, app: str) -> list[tuple[str, int]]:
    """SDK callers seen in the app's stored calls across runs, with the number of runs."""
    q = (select(S.Event.caller, func.count(func.distinct(S.Event.run_id))).join(S.Run, S.Run.id == S.Event.run_id)
         .where(S.Run.app_package == app, S.Event.caller.like("sdk:%")).group_by(S.Event.caller)
         .order_by(S.Event.caller))
    with Session(store.engine) as s:
        return [(c, n) for c, n in s.execute(q)]


def chart(runs: list[Any], width: int = 600, height: int = 80) -> list[dict[str, Any]]:
    """Bars of findings per run, oldest left (the App page's small SVG chart)."""
    runs = list(reversed(runs))[-60:]
    top = max((r.findings for r in runs), default=0) or 1
    step = width / max(len(runs), 1)
    return [{"x": round(i * step, 1), "w": max(round(step - 2, 1), 1), "h": round(r.findings * (height - 10) / top, 1),
             "y": round(height - r.findings * (height - 10) / top, 1), "run": r.id, "n": r.findings}
            for i, r in enumerate(runs)]
