"""Findings and severities, and the grouping of hits (one finding per rule × api × caller × phase)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from monitor.timeline.model import Frame

MAX_EVIDENCE_STR = 512
MAX_EVIDENCE_FRAMES = 32

# A finding's kind: ``auto`` — the machine decided; ``assisted`` — the machine gathered the evidence and a
# reviewer confirms (shown as "needs review", never as a pass).
KINDS = ("auto", "assisted")


class Severity(str, Enum):
    """Ordered severities; ``--fail-on`` compares with :meth:`rank`."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        try:
            return cls(str(getattr(value, "value", value)).lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (one of {names})") from None


@dataclass(frozen=True)
class Hit:
    """One occurrence a rule found, before grouping."""

    ts: int
    api: str
    caller: str
    phase: str
    category: str = "-"
    frame: Frame | None = None
    chain: tuple[str, ...] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    call: Any = None  # the Call, when the hit is a call: its frame, chain and evidence are derived lazily
    kind: str | None = None  # "auto" | "assisted"; None = the rule's kind
    count: int = 1  # occurrences this hit stands for (an aggregate of repeats: monitor/timeline/repeats.py)
    last: int | None = None  # time of the last of them (None: ``ts``)


@dataclass
class Finding:
    rule: str
    article: str
    severity: str
    api: str
    category: str
    caller: str
    phase: str
    count: int
    first_ms: int
    last_ms: int
    message: str
    caller_frame: dict[str, Any] | None = None
    chain: list[str] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    kind: str = "auto"
    fingerprint: str = ""  # set by the store (monitor.findings.fingerprint: app + scenario + identity fields)

    @property
    def needs_review(self) -> bool:
        """An assisted finding: a reviewer confirms it (it is never a pass)."""
        return self.kind == "assisted"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.api, self.caller, self.phase)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in names})


def at_or_above(findings: Iterable[Finding], severity: str | Severity) -> list[Finding]:
    """The findings whose severity is ``severity`` or worse (for ``--fail-on``)."""
    floor = Severity.parse(severity).rank
    return [f for f in findings if Severity.parse(f.severity).rank >= floor]


def clip(value: Any, limit: int = MAX_EVIDENCE_STR) -> Any:
    """Bound strings (and strings inside lists/dicts) for evidence."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + f"…(+{len(value) - limit})"
    if isinstance(value, (list, tuple)):
        return [clip(v, limit) for v in value[:64]]
    if isinstance(value, dict):
        return {str(k)[:128]: clip(v, limit) for k, v in list(value.items())[:64]}
    return value


class _SafeDict(dict):  # message templates never fail on a missing field
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _group_kind(hits: list[Hit], default: str) -> str:
    """A group is ``auto`` when any of its hits is decided by the machine, else ``assisted``."""
    return "auto" if any((h.kind or default) == "auto" for h in hits) else "assisted"


def group_hits(meta: Any, hits: Iterable[Hit], app_package: str = "",
               call_evidence: Callable[[Any, str], tuple[Frame | None, tuple[str, ...] | None, dict[str, Any]]]
               | None = None) -> list[Finding]:
    """Group hits into findings of rule ``meta`` (a :class:`~monitor.rules.registry.Rule`).

    Evidence is the first hit's; for call hits, ``call_evidence(call, app_package)`` derives the frame,
    chain and args/ret/stack of the first call only (a hot loop makes many hits, one finding)."""
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    for h in hits:
        groups.setdefault((h.api, h.caller, h.phase), []).append(h)
    out = []
    for (api, caller, phase), hs in groups.items():
        hs.sort(key=lambda h: h.ts)
        first = hs[0]
        frame, chain, evidence = first.frame, first.chain, dict(first.evidence)
        if first.call is not None and call_evidence is not None:
            frame, chain, base = call_evidence(first.call, app_package)
            evidence = {**base, **evidence}
        count = sum(h.count for h in hs)
        last = max((h.ts if h.last is None else h.last) for h in hs)
        fields = _SafeDict(api=api, caller=caller, phase=phase, count=count, category=first.category)
        fields.update({k: v for k, v in evidence.items() if isinstance(v, (str, int, float))})
        evidence = clip(evidence)
        if len(hs) > 1:
            ids = sorted({i for h in hs for i in h.evidence.get("ui_action_ids", [])})
            if ids:
                evidence["ui_action_ids"] = ids
        out.append(
            Finding(
                kind=_group_kind(hs, getattr(meta, "kind", "auto")),
                rule=meta.code,
                name=meta.name,
                article=meta.article,
                severity=meta.severity.value,
                api=api,
                category=first.category,
                caller=caller,
                phase=phase,
                count=count,
                first_ms=first.ts,
                last_ms=last,
                message=meta.message.format_map(fields),
                caller_frame=frame.as_dict() if frame else None,
                chain=list(chain) if chain else None,
                evidence=evidence,
            )
        )
    return sorted(out, key=lambda f: (f.first_ms, f.api, f.caller))
