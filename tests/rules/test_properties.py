"""Property tests: the sliding window and the phase lookup agree with brute-force definitions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.rules import RuleConfig, evaluate, get_rule
from monitor.timeline import ConsentTransition, Timeline, timeline_from_dict

STATES = ["pre-consent", "consented", "refused", "withdrawn"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 80).map(lambda x: x * 500), max_size=40), st.integers(1, 4), st.integers(1, 15))
def test_frequency_window_matches_brute_force(times: list[int], limit: int, window_s: int) -> None:
    calls = [{"ts": t, "api": "a.B.c", "category": "contacts", "stack": ["com.example.app.A.b"]} for t in times]
    cfg = RuleConfig.model_validate({"frequency": {"window_s": window_s, "max": {"contacts": limit}}})
    found = evaluate(timeline_from_dict({"app": "com.example.app", "calls": calls}), cfg,
                     rules=[get_rule("PI-7.1-EXCESSIVE-FREQUENCY")])
    ts = sorted(times)
    over = [t for i, t in enumerate(ts) if sum(1 for u in ts[: i + 1] if t - u < window_s * 1000) > limit]
    assert sum(f.count for f in found) == len(over)
    if over:
        (f,) = found
        assert (f.first_ms, f.last_ms) == (over[0], over[-1])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20).map(lambda x: x * 50), st.sampled_from(STATES)), max_size=12),
       st.integers(-1, 22).map(lambda x: x * 50))
def test_phase_at_is_the_last_transition_at_or_before(trans: list[tuple[int, str]], at: int) -> None:
    tl = Timeline("x", transitions=[ConsentTransition(ts, "unknown", s) for ts, s in trans])
    before = sorted((t for t in trans if t[0] <= at), key=lambda t: t[0])
    expected = before[-1][1] if before else "unknown"
    # equal timestamps: the order they were recorded in decides (stable sort)
    assert tl.phase_at(at) == expected
