"""``diff(A, B)``: which findings are new in B, fixed since A, unchanged, or changed severity.

Identity is the fingerprint (``monitor.findings.fingerprint``). A finding missing from B whose
app × scenario did not complete in B is *fixed* only in appearance: it is listed with
``verified: false`` (the run that would have re-checked it ended early).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.findings.model import FindingRecord, FindingSet


@dataclass
class Diff:
    a: str
    b: str
    new: list[FindingRecord] = field(default_factory=list)
    fixed: list[FindingRecord] = field(default_factory=list)
    unchanged: list[FindingRecord] = field(default_factory=list)
    changed: list[tuple[FindingRecord, FindingRecord]] = field(default_factory=list)  # (in A, in B)
    unverified: set[str] = field(default_factory=set)  # fingerprints of 'fixed' whose cell did not complete in B
    incomplete: list[tuple[str, str, str]] = field(default_factory=list)  # (app, scenario, status) in B

    @property
    def empty(self) -> bool:
        """Nothing new, nothing fixed, no severity changed."""
        return not (self.new or self.fixed or self.changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "pimon-diff", "version": 1, "a": self.a, "b": self.b,
            "summary": {"new": len(self.new), "fixed": len(self.fixed), "unchanged": len(self.unchanged),
                        "changed_severity": len(self.changed)},
            "new": [r.as_dict() for r in self.new],
            "fixed": [{**r.as_dict(), "verified": r.fingerprint not in self.unverified} for r in self.fixed],
            "unchanged": [r.as_dict() for r in self.unchanged],
            "changed_severity": [{**new.as_dict(), "severity_before": old.severity} for old, new in self.changed],
            "incomplete": [{"app": a, "scenario": s, "status": st} for a, s, st in self.incomplete],
        }


def _order(r: FindingRecord) -> tuple[str, ...]:
    return (r.app, r.scenario, r.rule, r.api, r.caller, r.phase)


def diff(a: FindingSet, b: FindingSet) -> Diff:
    """Compare finding sets ``a`` (before) and ``b`` (after)."""
    old, new = a.by_fingerprint(), b.by_fingerprint()
    out = Diff(a.label, b.label)
    for fp, rec in new.items():
        before = old.get(fp)
        if before is None:
            out.new.append(rec)
        elif before.severity != rec.severity:
            out.changed.append((before, rec))
        else:
            out.unchanged.append(rec)
    done = b.completed_cells()
    for fp, rec in old.items():
        if fp not in new:
            out.fixed.append(rec)
            if b.runs and (rec.app, rec.scenario) not in done:
                out.unverified.add(fp)
    out.new.sort(key=_order)
    out.fixed.sort(key=_order)
    out.unchanged.sort(key=_order)
    out.changed.sort(key=lambda p: _order(p[1]))
    out.incomplete = sorted({(r.app, r.scenario, r.status) for r in b.runs if r.status != "completed"})
    return out
