"""diff and baseline semantics, as properties over random finding sets (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from monitor.errors import ConfigError
from monitor.findings.baseline import check_expired, load_baseline, make_baseline, open_baseline, split
from monitor.findings.diff import diff
from monitor.findings.fingerprint import fingerprint
from monitor.findings.model import FindingRecord, FindingSet, RunRef, severity_rank
from tests.findings.strategies import finding_sets, records

TODAY = dt.date(2026, 12, 3)
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def test_fingerprint_is_identity_not_run_details() -> None:
    a = fingerprint("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "sdk:umeng",
                    "unknown")
    assert a == fingerprint("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id",
                            "sdk:umeng", "unknown")
    assert len(a) == 32 and int(a, 16) >= 0
    others = {fingerprint(*p) for p in [
        ("com.y", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "sdk:umeng", "unknown"),
        ("com.x", "first-launch-agree", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "sdk:umeng", "unknown"),
        ("com.x", "first-launch-refuse", "PI-6.3-AFTER-REFUSAL", "api.A.b", "device-id", "sdk:umeng", "unknown"),
        ("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.c", "device-id", "sdk:umeng", "unknown"),
        ("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "location", "sdk:umeng", "unknown"),
        ("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "app", "unknown"),
        ("com.x", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "sdk:umeng", "refused"),
        # field boundaries matter: moving a character from one field to the next is another finding
        ("com.xf", "irst-launch-refuse", "PI-6.3-BEFORE-CONSENT", "api.A.b", "device-id", "sdk:umeng", "unknown"),
    ]}
    assert a not in others and len(others) == 8


@PROPERTY
@given(finding_sets())
def test_diff_of_a_set_with_itself_is_empty(a: FindingSet) -> None:
    d = diff(a, a)
    assert d.empty and not d.new and not d.fixed and not d.changed
    assert len(d.unchanged) == len(a.by_fingerprint())


@PROPERTY
@given(finding_sets("A"), finding_sets("B"))
def test_diff_partitions_both_sides(a: FindingSet, b: FindingSet) -> None:
    d = diff(a, b)
    old, new = set(a.by_fingerprint()), set(b.by_fingerprint())
    assert {r.fingerprint for r in d.new} == new - old
    assert {r.fingerprint for r in d.fixed} == old - new
    assert {r.fingerprint for r in d.unchanged} | {n.fingerprint for _, n in d.changed} == old & new
    assert all(o.severity != n.severity for o, n in d.changed)
    assert all(a.by_fingerprint()[r.fingerprint].severity == r.severity for r in d.unchanged)
    # and the reverse diff swaps new and fixed
    r = diff(b, a)
    assert {x.fingerprint for x in r.new} == {x.fingerprint for x in d.fixed}
    assert {x.fingerprint for x in r.fixed} == {x.fingerprint for x in d.new}


@PROPERTY
@given(finding_sets())
def test_counts_times_and_messages_do_not_make_a_finding_new(a: FindingSet) -> None:
    changed = FindingSet("B", [dataclasses.replace(r, count=r.count + 1, message=r.message + "!", run_id=99)
                               for r in a.records], a.runs)
    assert diff(a, changed).empty


@PROPERTY
@given(finding_sets())
def test_baseline_from_a_applied_to_a_leaves_nothing_failing(a: FindingSet) -> None:
    doc = make_baseline(a.records, reason="reviewed", by="qa", until=TODAY + dt.timedelta(days=30))
    text = yaml.safe_dump(doc)
    base = _baseline_from_text(text)
    check_expired(base, TODAY)
    failing, accepted = split(a.records, base)
    assert failing == [] and len(accepted) == len(a.records)


@PROPERTY
@given(finding_sets(), records())
def test_a_finding_not_in_the_baseline_still_fails(a: FindingSet, extra) -> None:
    base = _baseline_from_text(yaml.safe_dump(make_baseline(a.records, reason="r", by="b", until=None)))
    failing, _ = split([*a.records, extra], base)
    assert (extra.fingerprint in {r.fingerprint for r in a.records}) == (failing == [])


def _baseline_from_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "b.yaml"
        p.write_text(text, encoding="utf-8")
        return load_baseline(p)


def test_expired_entries_fail_loudly_naming_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "baseline.yaml"
    p.write_text("version: 1\naccepted:\n"
                 f"  - {{fingerprint: {'a' * 32}, reason: ok, by: qa, until: 2027-01-01}}\n"
                 f"  - fingerprint: {'b' * 32}\n    rule: PI-6.3-BEFORE-CONSENT\n    reason: old\n    by: qa\n"
                 "    until: 2026-11-30\n", encoding="utf-8")
    b = load_baseline(p)
    check_expired(b, dt.date(2026, 11, 30))  # valid through its last day
    with pytest.raises(ConfigError) as e:
        check_expired(b, TODAY)
    assert str(e.value).startswith(f"{p}:4: 1 baseline entry expired") and "PI-6.3-BEFORE-CONSENT" in str(e.value)
    with pytest.raises(ConfigError):
        open_baseline(p)  # today is after 2026-11-30 on this machine's clock too


@pytest.mark.parametrize(("text", "where"), [
    ("version: 1\naccepted:\n  - {fingerprint: xyz, reason: r, by: b}\n", ":3: accepted[0].fingerprint"),
    (f"version: 1\naccepted:\n  - fingerprint: {'a' * 32}\n    by: b\n", ":3: accepted[0].reason: required"),
    (f"version: 1\naccepted:\n  - fingerprint: {'a' * 32}\n    reason: r\n    by: b\n    colour: red\n",
     ":6: accepted[0].colour: unknown key"),
    ((f"version: 1\naccepted:\n  - {{fingerprint: {'a' * 32}, reason: r, by: b}}\n"
      f"  - {{fingerprint: {'a' * 32}, reason: r, by: b}}\n"), ":4: accepted[1]: fingerprint"),
    ("version: 1\naccepted: [\n", ":"),
    ("- just a list\n", ":1: a baseline is a mapping"),
])
def test_bad_baselines_are_one_line_errors_with_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_baseline(p)
    msg = str(e.value)
    assert msg.startswith(str(p)) and where in msg and "\n" not in msg


def _rec(app: str = "com.x", scenario: str = "first-launch-refuse") -> FindingRecord:
    args = (app, scenario, "PI-6.3-BEFORE-CONSENT", "a.B.c", "device-id", "sdk:umeng", "unknown")
    return FindingRecord(fingerprint(*args), *args, severity="high")


def test_a_fixed_finding_of_a_run_that_did_not_complete_is_not_verified() -> None:
    from tests.findings.strategies import APPS, SCENARIOS

    a = FindingSet("A", [], [RunRef(APPS[0], SCENARIOS[0], "completed")])
    rec = _rec(APPS[0], SCENARIOS[0])
    a.records.append(rec)
    b = FindingSet("B", [], [RunRef(APPS[0], SCENARIOS[0], "app-crashed")])
    d = diff(a, b)
    assert [r.fingerprint for r in d.fixed] == [rec.fingerprint] and d.unverified == {rec.fingerprint}
    assert d.as_dict()["fixed"][0]["verified"] is False and d.incomplete == [(APPS[0], SCENARIOS[0], "app-crashed")]


def test_worst_severity_wins_when_a_suite_repeats_a_cell() -> None:
    rec = _rec()
    lo, hi = dataclasses.replace(rec, severity="low"), dataclasses.replace(rec, severity="critical")
    assert FindingSet("x", [lo, hi]).by_fingerprint()[rec.fingerprint].severity == "critical"
    assert severity_rank("critical") > severity_rank("low") > severity_rank("bogus")
