"""Run the rules over a timeline: ``evaluate(timeline, config) -> list[Finding]``."""

from __future__ import annotations

from typing import Any, Iterable

from monitor.rules.config import RuleConfig
from monitor.rules.finding import Finding, group_hits
from monitor.rules.registry import Rule, all_rules
from monitor.timeline import Timeline


def evaluate(timeline: Timeline, config: RuleConfig | None = None, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every enabled rule's findings, grouped (rule × api × caller × phase), ordered by rule then time."""
    cfg = config or RuleConfig()
    out: list[Finding] = []
    for r in rules if rules is not None else all_rules():
        if r.code in cfg.disabled:
            continue
        out += group_hits(r, r.func(timeline, cfg))
    return sorted(out, key=lambda f: (f.rule, f.first_ms, f.api, f.caller, f.phase))


def analyse_run(store: Any, run_id: int, config: RuleConfig | None = None) -> list[Finding]:
    """Evaluate a stored run and store its findings (replacing earlier ones); returns them."""
    findings = evaluate(store.load_timeline(run_id), config)
    store.replace_findings(run_id, findings)
    return findings
