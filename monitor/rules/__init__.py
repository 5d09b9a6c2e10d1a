"""Rules: each one a decorated function tied to an article of the CAC provisions (architecture §7).

    from monitor.rules import evaluate, all_rules, RuleConfig, load_config
    findings = evaluate(timeline, load_config("rules.yaml"))   # list[Finding]
"""

from monitor.rules.attribution import Attribution, attribute, attribute_class
from monitor.rules.config import RuleConfig, load_config
from monitor.rules.engine import analyse_run, evaluate
from monitor.rules.finding import Finding, Hit, Severity, at_or_above
from monitor.rules.registry import Rule, RuleDefinitionError, all_rules, get_rule, rule

__all__ = [
    "Attribution", "Finding", "Hit", "Rule", "RuleConfig", "RuleDefinitionError", "Severity", "all_rules",
    "analyse_run", "at_or_above", "attribute", "attribute_class", "evaluate", "get_rule", "load_config", "rule",
]
