"""Flood aggregation in the store (issue 12 point 8): repeats after the first N become aggregates with exact
counts and times; no aggregate spans a phase boundary; the rules see the right counts, first/last times and
phases — the same findings as the same calls stored one row each (real SQLite)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from sqlalchemy import func, select

from monitor.reports import write_reports
from monitor.rules import analyse_run
from monitor.store import open_store
from monitor.store import schema as S
from monitor.store.aggregate import RAW_FIRST, Aggregator
from monitor.timeline.repeats import split_times

EVENT = {"api": "android.provider.Settings$Secure.getString", "class": "android.provider.Settings$Secure",
         "method": "getString", "category": "device-id", "pi": "android_id", "sensitive": True,
         "args": ["android_id"], "ret": "9774d56d682e549c", "thread": "main",
         "stack": [{"class": "com.umeng.analytics.Agent", "method": "loop", "file": "Agent.java", "line": 7}]}


def _calls(ts_list: list[int], start_seq: int = 0) -> list[dict]:
    return [{**EVENT, "seq": start_seq + i, "ts": ts} for i, ts in enumerate(ts_list)]


def _rows(store, run: int) -> int:
    from sqlalchemy.orm import Session

    with Session(store.engine) as s:
        return int(s.scalar(select(func.count()).select_from(S.Event).where(S.Event.run_id == run)))


def test_split_times_cuts_before_each_boundary_same_ms_in_force() -> None:
    times = ((100, 2), (150, 1), (200, 3), (250, 1))
    assert split_times(times, [200]) == [((100, 2), (150, 1)), ((200, 3), (250, 1))]
    assert split_times(times, [50, 151, 999]) == [((100, 2), (150, 1)), ((200, 3), (250, 1))]
    assert split_times(times, [300]) == [times]


def test_aggregator_keeps_first_n_raw_and_exact_counts() -> None:
    agg = Aggregator(raw_first=3, window_ms=1000)
    rows = [{**EVENT, "caller": "sdk:umeng", "seq": i, "ts": 1000 + i // 4} for i in range(40)]  # 4 calls per ms
    out = agg.add(rows) + agg.drain()
    raw = [r for r in out if not r.get("times")]
    aggs = [r for r in out if r.get("times")]
    assert len(raw) == 3 and len(aggs) == 1
    assert sum(n for _, n in aggs[0]["times"]) == aggs[0]["count"] == 37
    assert aggs[0]["ts"] == 1000 and aggs[0]["times"][-1][0] == 1009 and aggs[0]["seq"] == 3


def test_store_aggregates_a_flood_with_exact_counts_and_split_at_consent(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.flood", started_ms=0)
    store.add_dialog(run, 5_000, "consent")
    rng = random.Random(12)
    before = sorted(rng.randrange(1_000, 7_000) for _ in range(3_000))
    after = sorted(rng.randrange(7_000, 9_500) for _ in range(2_000))
    half = len(before) // 2
    store.add_events(run, _calls(before[:half]))
    store.add_consent_transition(run, 7_000, "pre-consent", "refused")  # recorded while the flood goes on
    store.add_events(run, _calls(before[half:] + after, start_seq=half))
    store.finish_run(run, "completed", ended_ms=10_000)
    assert store.count_events(run) == 5_000  # exact
    assert _rows(store, run) < 200  # ~N raw + 1 aggregate per window and phase, not 5,000 rows
    tl = store.load_timeline(run)
    for c in tl.calls:  # no aggregate spans a consent transition (recorded, derived or re-timed)
        assert len({tl.phase_at(t) for t, _ in c.moments()}) == 1
        assert len({tl.foreground_at(t) for t, _ in c.moments()}) == 1
    findings = {(f.rule, f.phase): f for f in analyse_run(store, run)}
    unk, pre = [t for t in before if t < 5_000], [t for t in before if t >= 5_000]
    assert findings[("PI-6.3-BEFORE-CONSENT", "unknown")].count == len(unk)
    assert (findings[("PI-6.3-BEFORE-CONSENT", "unknown")].first_ms,
            findings[("PI-6.3-BEFORE-CONSENT", "unknown")].last_ms) == (unk[0], unk[-1])
    assert findings[("PI-6.3-BEFORE-CONSENT", "pre-consent")].count == len(pre)
    refused = findings[("PI-6.3-AFTER-REFUSAL", "refused")]
    assert (refused.count, refused.first_ms, refused.last_ms) == (len(after), after[0], after[-1])
    paths = write_reports(store, run, tmp_path / "out", formats=("json", "html"))  # reports count calls, not rows
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["summary"]["calls"] == 5_000
    assert "×" in paths["html"].read_text(encoding="utf-8")
    store.close()


def test_rules_see_the_same_findings_aggregated_or_not(tmp_path: Path) -> None:
    """Bursts with pauses (so the frequency window empties and fills again), a background spell and a consent
    change: every finding — counts, first/last times, phases — equals the unaggregated store's."""
    rng = random.Random(7)
    ts = sorted({rng.randrange(0, 60_000) for _ in range(400)} | set(range(20_000, 20_300)))
    ts_all = sorted(ts + [t for t in ts if t % 3 == 0])  # some milliseconds twice
    got = []
    for aggregate in (False, True):
        store = open_store(tmp_path / f"p{aggregate}.db")
        store.aggregate = aggregate
        run = store.create_run("com.example.flood", started_ms=0)
        store.add_dialog(run, 10_000, "consent")
        store.add_consent_transition(run, 30_000, "pre-consent", "consented")
        store.add_lifecycle(run, 40_000, "background", {"activity": "Main"})
        store.add_lifecycle(run, 45_000, "foreground", {"activity": "Main"})
        for i in range(0, len(ts_all), 97):  # batches as the agent sends them
            store.add_events(run, _calls(ts_all[i:i + 97], start_seq=i))
        store.finish_run(run, "completed", ended_ms=61_000)
        got.append(sorted((f.rule, f.api, f.caller, f.phase, f.count, f.first_ms, f.last_ms)
                          for f in analyse_run(store, run)))
        assert store.count_events(run) == len(ts_all)
        if aggregate:
            assert _rows(store, run) < len(ts_all) * 0.6  # the 300 ms burst is aggregated
        store.close()
    assert got[0] == got[1]
    assert any(r[0] == "PI-7.1-EXCESSIVE-FREQUENCY" for r in got[1])
    assert any(r[0] == "PI-7.1-BACKGROUND-COLLECTION" for r in got[1])


def test_agent_aggregates_are_split_at_boundaries_the_store_knows(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.flood", started_ms=0)
    store.add_consent_transition(run, 2_000, "unknown", "consented")
    agent_agg = {**EVENT, "seq": 1, "ts": 1_500, "times": [[1_500, 4], [1_999, 1], [2_000, 2], [2_500, 3]]}
    store.add_events(run, [agent_agg])
    store.finish_run(run, "completed", ended_ms=3_000)
    assert store.count_events(run) == 10
    calls = store.load_timeline(run).calls
    assert [(c.ts, c.count, c.last_ts) for c in calls] == [(1_500, 5, 1_999), (2_000, 5, 2_500)]
    store.close()


def test_a_failed_write_leaves_the_aggregation_as_it_was() -> None:
    agg = Aggregator(raw_first=2, window_ms=1000)
    agg.add([{**EVENT, "caller": "app", "seq": i, "ts": 10 + i} for i in range(5)])
    saved = agg.snapshot()
    agg.add([{**EVENT, "caller": "app", "seq": 9, "ts": 20}])
    agg.restore(saved)
    (row,) = agg.drain()
    assert row["count"] == 3  # the retried batch is not counted twice
    assert RAW_FIRST >= 6  # above every frequency limit: an app's first calls are rows of their own


def test_every_batch_failing_once_then_retried_writes_what_a_run_without_failures_writes() -> None:
    """Snapshots are copy-on-write (only the aggregates a batch changes are copied): a batch written, failed and
    retried from its snapshot must come out as if it had been written once — for new repeats, repeats still in
    their first calls (``seen``), aggregated calls (``times``) and windows that close."""
    import random

    rnd = random.Random(7)
    batches = [[{**EVENT, "caller": "app", "args": [str(rnd.randrange(3))], "seq": b * 40 + i, "ts": b * 30 + i}
                for i in range(40)] for b in range(12)]

    def written(fail: bool) -> list[tuple]:
        agg = Aggregator(raw_first=3, window_ms=50)
        out = []
        for batch in batches:
            saved = agg.snapshot()
            if fail:
                agg.add([dict(r) for r in batch])
                agg.restore(saved)
                saved = agg.snapshot()
            out += agg.add([dict(r) for r in batch])
        out += agg.drain()
        return [(r["seq"], r["ts"], r.get("count"), str(r.get("times"))) for r in out]

    once = written(fail=False)
    assert written(fail=True) == once
    assert sum(c or 1 for _, _, c, _ in once) == 12 * 40 and any(c for _, _, c, _ in once)
