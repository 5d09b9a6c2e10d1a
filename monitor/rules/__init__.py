"""Rules: each one a decorated function tied to an article of the CAC provisions (architecture §7).

    from monitor.rules import evaluate, all_rules, RuleConfig, load_config
    findings = evaluate(timeline, load_config("rules.yaml"))   # list[Finding]

The names below load their module on first use (PEP 562): the store needs only ``monitor.rules.attribution``
at insert, and a run's start should not pay for the rule configuration's models (pydantic, ~0.1 s) that its
end imports while the scenario waits (``monitor.warmup``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.rules.attribution import Attribution, attribute, attribute_class
    from monitor.rules.config import RuleConfig, load_config
    from monitor.rules.engine import analyse_run, evaluate
    from monitor.rules.finding import Finding, Hit, Severity, at_or_above
    from monitor.rules.registry import Rule, RuleDefinitionError, all_rules, get_rule, rule

_WHERE = {
    "Attribution": "attribution", "attribute": "attribution", "attribute_class": "attribution",
    "RuleConfig": "config", "load_config": "config", "analyse_run": "engine", "evaluate": "engine",
    "Finding": "finding", "Hit": "finding", "Severity": "finding", "at_or_above": "finding",
    "Rule": "registry", "RuleDefinitionError": "registry", "all_rules": "registry", "get_rule": "registry",
    "rule": "registry",
}  # fmt: skip
__all__ = [
    "Attribution", "Finding", "Hit", "Rule", "RuleConfig", "RuleDefinitionError", "Severity", "all_rules",
    "analyse_run", "at_or_above", "attribute", "attribute_class", "evaluate", "get_rule", "load_config", "rule",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'monitor.rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"monitor.rules.{where}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
