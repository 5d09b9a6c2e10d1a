"""Aggregated repeats' times (monitor/timeline/repeats.py): normalised once, split only where a cut falls inside."""

from __future__ import annotations

import json

from monitor.timeline.repeats import norm_times, split_times, times_count


def test_norm_times_sorts_merges_and_drops_junk_and_its_result_passes_through_unchanged() -> None:
    raw = [[300, 1], [100, 2], [300, 4], ["x", 1], [200, 0], [150]]
    times = norm_times(raw)
    assert times == ((100, 2), (300, 5)) and times_count(times) == 7
    assert norm_times(times) is times  # already normalised: taken as it is
    assert json.dumps(times) == "[[100, 2], [300, 5]]"  # stored as the tuple it equals
    # a plain tuple (the agent's Event.times) is not trusted: normalised like any other input
    assert norm_times(((300, 1), (100, 2), (100, 1))) == ((100, 3), (300, 1))
    assert norm_times([]) is None and norm_times([[5, 0]]) is None and times_count(None) == 0


def test_split_times_is_one_piece_unless_a_cut_falls_inside() -> None:
    times = ((100, 2), (150, 1), (200, 3))
    for cuts in ([], [50], [201], [50, 201]):
        assert split_times(times, cuts) == [times]
    assert split_times(times, [100]) == [times]  # a cut at the first call: every call on its far side
    assert split_times(times, [101]) == [((100, 2),), ((150, 1), (200, 3))]
    assert split_times(times, [50, 150, 200]) == [((100, 2),), ((150, 1),), ((200, 3),)]


def test_the_agent_s_sorted_times_are_recognised_as_parsed_and_anything_else_is_normalised() -> None:
    """monitor.instrument.protocol marks an aggregate's times that are already as norm_times makes them (the agent
    sorts them): norm_times takes those as they are, and still sorts and merges any other order."""
    from monitor.instrument.protocol import PROTOCOL_VERSION, parse_payload

    def parsed(times: list) -> tuple:
        ev = {"seq": 1, "api": "a.B.c", "ts": times[0][0], "thread": "main", "stack": [], "times": times}
        msg = parse_payload({"type": "events:add", "v": PROTOCOL_VERSION, "frames": [], "events": [ev]})
        return msg.events[0].times

    ascending = parsed([[100, 2], [101, 1], [205, 7]])
    assert norm_times(ascending) is ascending == ((100, 2), (101, 1), (205, 7))
    for raw, want in (([[205, 1], [100, 2]], ((100, 2), (205, 1))),  # out of order
                      ([[100, 2], [100, 3], [101, 1]], ((100, 5), (101, 1)))):  # a millisecond twice
        times = parsed(raw)
        assert norm_times(times) is not times and norm_times(times) == want
