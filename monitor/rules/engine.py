"""Run the rules over a timeline: ``evaluate(timeline, config) -> list[Finding]``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from monitor.rules.attribution import SYSTEM
from monitor.rules.common import call_evidence, caller_of
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Finding, group_hits
from monitor.rules.registry import Rule, all_rules
from monitor.timeline import Timeline

# Package-manager lookups that name one package: asking about itself is not collecting the
# installed-app list (an app reading its own version name).
_SINGLE_PACKAGE_LOOKUPS = ("getPackageInfo", "getApplicationInfo", "getInstallerPackageName",
                           "getInstallSourceInfo", "getLaunchIntentForPackage")


def _own_package_lookup(call: Any, app_package: str) -> bool:
    method = call.api.rpartition(".")[2]
    return (method in _SINGLE_PACKAGE_LOOKUPS and bool(call.args)
            and str(call.args[0]).strip('"') == app_package)


def without_system_calls(timeline: Timeline) -> Timeline:
    """The timeline less what is not the app collecting: calls the platform made on its own (caller
    ``system``) and package lookups of the app's own package."""
    pkg = timeline.app_package
    kept = [c for c in timeline.calls if caller_of(c, pkg) != SYSTEM and not _own_package_lookup(c, pkg)]
    return timeline if len(kept) == len(timeline.calls) else dataclasses.replace(timeline, calls=kept)


def evaluate(timeline: Timeline, config: RuleConfig | None = None, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every enabled rule's findings, grouped (rule × api × caller × phase), ordered by rule then time."""
    cfg = config or RuleConfig()
    timeline = without_system_calls(timeline)
    out: list[Finding] = []
    for r in rules if rules is not None else all_rules():
        if r.code in cfg.disabled:
            continue
        out += group_hits(r, r.func(timeline, cfg), timeline.app_package, call_evidence)
    return sorted(out, key=lambda f: (f.rule, f.first_ms, f.api, f.caller, f.phase))


def analyse_run(store: Any, run_id: int, config: RuleConfig | None = None) -> list[Finding]:
    """Evaluate a stored run and store its findings (replacing earlier ones); returns them."""
    findings = evaluate(store.load_timeline(run_id), config)
    store.replace_findings(run_id, findings)
    return findings
