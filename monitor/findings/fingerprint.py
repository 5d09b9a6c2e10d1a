"""Stable finding fingerprints: the identity of a finding across runs.

A finding is *the same finding* in two runs when the app package, the scenario, the rule, the API
(or ``net:<host>``, or ``-``), its PI category, the caller (``app``, ``sdk:<id>``, ``other:<pkg>``) and
the consent phase agree. Nothing else counts: run ids, times, counts, messages and evidence change
from run to run and are left out. The fingerprint is the first 32 hex digits of the SHA-256 of those
seven fields, NUL-separated (``FINGERPRINT_VERSION`` 1); ``fingerprint_fields`` gives them back for humans.
"""

from __future__ import annotations

import hashlib
from typing import Any

FINGERPRINT_VERSION = 1
FIELDS = ("app", "scenario", "rule", "api", "category", "caller", "phase")


def fingerprint(app: str, scenario: str | None, rule: str, api: str, category: str | None, caller: str,
                phase: str) -> str:
    """The fingerprint of a finding of ``rule`` on ``api``/``category`` by ``caller`` in ``phase``, seen when
    ``scenario`` ran ``app``."""
    parts = (app, scenario or "", rule, api, category or "-", caller, phase)
    raw = "\x00".join(str(p) for p in parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def fingerprint_of(finding: Any, app: str, scenario: str | None) -> str:
    """The fingerprint of a :class:`monitor.rules.Finding` (or a mapping with its fields)."""
    get = finding.get if isinstance(finding, dict) else lambda k, d=None: getattr(finding, k, d)
    return fingerprint(app, scenario, get("rule"), get("api"), get("category") or "-", get("caller"), get("phase"))


def fingerprint_fields(app: str, scenario: str | None, finding: Any) -> dict[str, str]:
    """The seven identity fields of a finding, by name."""
    get = finding.get if isinstance(finding, dict) else lambda k, d=None: getattr(finding, k, d)
    return {"app": app, "scenario": scenario or "", "rule": get("rule"), "api": get("api"),
            "category": get("category") or "-", "caller": get("caller"), "phase": get("phase")}
