"""Every rule ships a bad and a good example timeline: bad must fire (exactly as its ``expect`` says),
good must not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.rules import all_rules, evaluate, get_rule
from monitor.timeline import timeline_from_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "monitor" / "rules" / "examples"
CODES = [r.code for r in all_rules()]


def _load(code: str, kind: str) -> dict:
    return yaml.safe_load((EXAMPLES / code / f"{kind}.yaml").read_text(encoding="utf-8"))


def test_every_rule_has_examples_and_every_example_a_rule() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()) == sorted(CODES)
    for code in CODES:
        assert (EXAMPLES / code / "bad.yaml").is_file() and (EXAMPLES / code / "good.yaml").is_file()


@pytest.mark.parametrize("code", CODES)
def test_bad_example_fires(code: str) -> None:
    data = _load(code, "bad")
    findings = evaluate(timeline_from_dict(data), rules=[get_rule(code)])
    assert findings, f"{code}: bad example did not fire"
    assert {f.rule for f in findings} == {code}
    if "expect" in data:
        got = {(f.api, f.caller, f.phase) for f in findings}
        assert got == {(e["api"], e["caller"], e["phase"]) for e in data["expect"]}
        kinds = {(f.api, f.caller, f.phase): f.kind for f in findings}
        for e in data["expect"]:  # ``kind: assisted`` where a reviewer confirms; auto otherwise
            assert kinds[(e["api"], e["caller"], e["phase"])] == e.get("kind", "auto"), e


@pytest.mark.parametrize("code", CODES)
def test_good_example_is_quiet(code: str) -> None:
    findings = evaluate(timeline_from_dict(_load(code, "good")), rules=[get_rule(code)])
    assert findings == []
