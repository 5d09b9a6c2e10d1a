"""Compare a run's findings with a fixture app's ``expected.yaml`` (architecture §5).

Used by ``pimon demo`` to say, per run, whether pimon found exactly what the fixture is known to
do. Only rules that the registry has are compared, so a fixture may already list findings of rules
still to come.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Verdict:
    expected_known: bool
    missing: frozenset[Key] = frozenset()
    extra: frozenset[Key] = frozenset()

    @property
    def ok(self) -> bool:
        return self.expected_known and not self.missing and not self.extra


def expected_findings(app_dir: Path, scenario: str, known_rules: Iterable[str]) -> set[Key] | None:
    path = app_dir / "expected.yaml"
    if not path.is_file():
        return None
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scenarios = spec.get("scenarios") or {}
    if scenario not in scenarios:
        return None
    known = set(known_rules)
    return {(f["rule"], f["api"], f["caller"], f["phase"]) for f in scenarios[scenario] or [] if f["rule"] in known}


def expected_status(app_dir: Path, scenario: str) -> str:
    """The run status a fixture's scenario ends with: ``status: {<scenario>: app-crashed}`` in its
    expected.yaml (an app that crashes there), else ``completed``."""
    path = app_dir / "expected.yaml"
    if not path.is_file():
        return "completed"
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return str((spec.get("status") or {}).get(scenario, "completed"))


def verdict(app_dir: Path, scenario: str, findings: Iterable[Any], known_rules: Iterable[str]) -> Verdict:
    want = expected_findings(app_dir, scenario, known_rules)
    if want is None:
        return Verdict(False)
    got = {(f.rule, f.api, f.caller, f.phase) for f in findings}
    return Verdict(True, frozenset(want - got), frozenset(got - want))
