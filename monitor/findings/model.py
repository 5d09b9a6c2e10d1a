"""Findings as sets keyed by fingerprint: what ``diff`` compares and what a baseline accepts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from monitor.findings.fingerprint import fingerprint_of

SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else -1


@dataclass(frozen=True)
class FindingRecord:
    """One finding of one run, reduced to its identity and what may change between runs."""

    fingerprint: str
    app: str
    scenario: str
    rule: str
    api: str
    category: str
    caller: str
    phase: str
    severity: str
    article: str = ""
    count: int = 1
    message: str = ""
    run_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, finding: Any, app: str, scenario: str | None, run_id: int | None = None) -> FindingRecord:
        get = finding.get if isinstance(finding, dict) else lambda k, d=None: getattr(finding, k, d)
        fp = get("fingerprint") or fingerprint_of(finding, app, scenario)
        sev = get("severity")
        return cls(fingerprint=fp, app=app, scenario=scenario or "", rule=str(get("rule")), api=str(get("api")),
                   category=str(get("category") or "-"), caller=str(get("caller")), phase=str(get("phase")),
                   severity=str(getattr(sev, "value", sev)), article=str(get("article") or ""),
                   count=int(get("count") or 1), message=str(get("message") or ""), run_id=run_id)


@dataclass(frozen=True)
class RunRef:
    """A run that contributed to a finding set (so a diff can tell 'fixed' from 'not re-checked')."""

    app: str
    scenario: str
    status: str
    run_id: int | None = None


@dataclass
class FindingSet:
    """The findings of one run, one suite run or one findings file, keyed by fingerprint."""

    label: str
    records: list[FindingRecord] = field(default_factory=list)
    runs: list[RunRef] = field(default_factory=list)

    def by_fingerprint(self) -> dict[str, FindingRecord]:
        """One record per fingerprint; when a suite ran the same cell on several devices, the worst severity."""
        out: dict[str, FindingRecord] = {}
        for r in self.records:
            have = out.get(r.fingerprint)
            if have is None or severity_rank(r.severity) > severity_rank(have.severity):
                out[r.fingerprint] = r
        return out

    def completed_cells(self) -> set[tuple[str, str]]:
        return {(r.app, r.scenario) for r in self.runs if r.status == "completed"}
