from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.timeline import (
    ConsentTransition,
    Dialog,
    Lifecycle,
    Segment,
    Timeline,
    load_timeline_file,
    timeline_from_dict,
)


def tl(**kw) -> Timeline:
    return Timeline("com.example.app", **kw)


def test_phases_over_time() -> None:
    t = tl(transitions=[ConsentTransition(100, "unknown", "pre-consent", 1),
                        ConsentTransition(200, "pre-consent", "consented", 2),
                        ConsentTransition(300, "consented", "withdrawn", 3)], started_ms=0, ended_ms=400)
    assert [t.phase_at(x) for x in (0, 99, 100, 150, 200, 299, 300, 10**12)] == [
        "unknown", "unknown", "pre-consent", "pre-consent", "consented", "consented", "withdrawn", "withdrawn"]
    assert t.transition_at(250).ui_action_id == 2 and t.transition_at(50) is None
    assert [(s.state, s.start, s.end) for s in t.segments()] == [
        ("unknown", 0, 100), ("pre-consent", 100, 200), ("consented", 200, 300), ("withdrawn", 300, 400)]


def test_a_consent_dialog_alone_starts_pre_consent() -> None:
    t = tl(dialogs=[Dialog(100, "consent")], transitions=[ConsentTransition(500, "pre-consent", "refused")])
    assert [t.phase_at(x) for x in (99, 100, 499, 500)] == ["unknown", "pre-consent", "pre-consent", "refused"]
    assert t.transitions[0].source == "derived"
    assert t.consent_dialog_seen()


def test_no_dialog_no_consent() -> None:
    t = tl()
    assert t.phase_at(5) == "unknown" and not t.consent_dialog_seen()
    assert t.segments() == [Segment("unknown", 0, None)]
    perm_only = tl(dialogs=[Dialog(10, "permission")])
    assert not perm_only.consent_dialog_seen() and perm_only.phase_at(20) == "unknown"


def test_foreground_background_and_restarts() -> None:
    t = tl(lifecycle=[Lifecycle(0, "process-start"), Lifecycle(10, "foreground"), Lifecycle(100, "background"),
                      Lifecycle(200, "foreground"), Lifecycle(300, "process-exit"),
                      Lifecycle(400, "process-start", {"background": True}), Lifecycle(500, "foreground"),
                      Lifecycle(600, "restart"), Lifecycle(600, "process-start")])
    assert [t.foreground_at(x) for x in (-5, 5, 50, 150, 250, 350, 450, 550)] == [
        True, True, True, False, True, False, False, True]
    assert t.restarts() == [400, 600]


def test_loader_and_its_errors(tmp_path: Path) -> None:
    t = timeline_from_dict({"app": "a.b", "calls": [{"ts": 5, "api": "x.Y.z", "stack": ["com.q.W.e", {"class": "k.L"}]}]})
    c = t.calls[0]
    assert (c.cls, c.method, c.stack[0].cls, c.stack[0].method, c.stack[1].cls) == ("x.Y", "z", "com.q.W", "e", "k.L")
    bad = tmp_path / "t.yaml"
    bad.write_text("app: x\ncalls:\n  - {ts: 1}\n")
    with pytest.raises(ConfigError, match="missing key 'api'"):
        load_timeline_file(bad)
    bad.write_text("app: x\ncalls: [\n")
    with pytest.raises(ConfigError, match=r"t\.yaml:\d+:"):
        load_timeline_file(bad)



def test_the_dialog_starts_pre_consent_even_if_the_scenario_records_it_a_moment_later() -> None:
    t = tl(dialogs=[Dialog(100, "consent")], transitions=[ConsentTransition(101, "unknown", "pre-consent")])
    assert [x.source for x in t.transitions] == ["derived", "scenario"] and t.phase_at(100) == "pre-consent"
