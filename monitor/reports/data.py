"""What every report is made of: the run, its timeline and its findings, cleaned for output."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from monitor import __version__
from monitor.rules.finding import Finding
from monitor.store import RunInfo, Store
from monitor.store.clean import clean_tree
from monitor.timeline import Timeline


@dataclass
class ReportData:
    run: RunInfo
    timeline: Timeline
    findings: list[Finding]
    generated_ms: int
    flows: list[Any] = field(default_factory=list)  # monitor.store.flows.Flow rows (with request bodies)
    inventory: Any = None  # monitor.inspect.Inventory of the app file, when the run stored one (config.inventory)
    sdks: list[Any] = field(default_factory=list)  # monitor.reports.sdk_table.SdkRow: static vs dynamic vs declared
    reveal: bool = False  # report.html shows PI values matched in requests (else masked; architecture §9)
    baseline: Any = None  # monitor.findings.baseline.Baseline: findings it lists are shown as accepted
    screenshots: list[Any] = field(default_factory=list)  # monitor.store.screenshots.Screenshot rows (PNG)
    lang: str = "en"  # the language of the human-facing formats (monitor.reports.i18n)
    rules: list[Any] = field(default_factory=list)  # the registry's rules (the verdict's items)

    def accepted(self, f: Finding) -> Any:
        """The baseline entry accepting finding ``f``, or None."""
        return self.baseline.accepted(f.fingerprint) if self.baseline is not None and f.fingerprint else None
    destinations: list[Any] = field(default_factory=list)  # monitor.store.flows.Destination rows (in-process source)


def collect(store: Store, run_id: int, findings: Sequence[Finding] | None = None) -> ReportData:
    """The run, its timeline and findings (``None``: the findings stored by the last evaluation)."""
    run = store.get_run(run_id)
    found = list(findings) if findings is not None else store.get_findings(run_id)
    found = [Finding.from_dict(clean_tree(f.as_dict())) for f in found]
    found.sort(key=lambda f: (f.article, f.rule, f.first_ms, f.api, f.caller))
    from monitor.rules.registry import all_rules
    from monitor.store.flows import get_destinations, get_flows
    from monitor.store.screenshots import get_screenshots

    tl = store.load_timeline(run_id)
    inventory = stored_inventory(run.config)
    return ReportData(run, tl, found, time.time_ns() // 1_000_000, get_flows(store, run_id), inventory,
                      sdk_rows(inventory, tl), screenshots=get_screenshots(store, run_id), rules=all_rules(),
                      destinations=get_destinations(store, run_id))


def stored_inventory(config: dict[str, Any] | None) -> Any:
    """The run's static inventory (``config.inventory``) as a ``monitor.inspect.Inventory``, or None (none stored,
    or stored by a pimon whose model differs: the report then goes without it)."""
    raw = (config or {}).get("inventory")
    if not isinstance(raw, dict):
        return None
    from pydantic import ValidationError

    from monitor.inspect.model import Inventory

    try:
        return Inventory.model_validate(raw)
    except ValidationError:
        return None


def sdk_rows(inventory: Any, tl: Timeline) -> list[Any]:
    """Static vs dynamic vs declared per SDK (:func:`monitor.reports.sdk_table.sdk_table`), personal categories only."""
    from monitor.catalog import load_categories
    from monitor.errors import ConfigError
    from monitor.reports.sdk_table import sdk_table
    from monitor.traffic.disclosure import disclosure_from_dict

    personal: Callable[[str], bool] | None = None
    try:
        cats = load_categories()
    except ConfigError:
        cats = None
    if cats is not None:
        def personal(category: str) -> bool:
            return bool(getattr(cats.get(category), "personal", False))
    try:
        disclosure = disclosure_from_dict(tl.meta.get("disclosure"))
    except ValueError:  # a malformed stored disclosure: as if none was given
        disclosure = None
    return sdk_table(inventory, tl.calls, tl.flows, disclosure, personal=personal)


def system_summary(tl: Timeline) -> dict[str, Any]:
    """Calls whose stack holds no app or SDK frame (caller ``system``): not counted by the rules, never
    dropped silently — counted, by api, so a reviewer sees what the platform alone did (or what lost its frames)."""
    from monitor.rules.attribution import SYSTEM
    from monitor.rules.common import caller_of

    by_api: Counter[str] = Counter()
    for c in tl.calls:
        if caller_of(c, tl.app_package) == SYSTEM:
            by_api[c.api] += c.count
    return {"system_calls": sum(by_api.values()), "system_by_api": dict(sorted(by_api.items()))}


def findings_document(data: ReportData) -> dict[str, Any]:
    """The ``findings.json`` document (schema: ``findings.schema.json`` beside this module)."""
    r, tl = data.run, data.timeline
    return {
        "format": "pimon-findings",
        "version": 1,
        "pimon_version": __version__,
        "generated_ms": data.generated_ms,
        "run": {
            "id": r.id,
            "app": {"package": r.app_package, "label": r.app_label},
            "device": {"kind": r.device_kind, "serial": r.device_serial},
            "scenario": r.scenario,
            "pimon_version": r.pimon_version,
            "started_ms": r.started_ms,
            "ended_ms": r.ended_ms,
            "status": r.status,
            "status_reason": r.status_reason,
            "config": {k: v for k, v in r.config.items() if k not in ("inventory", "hooks_missing")}
            if r.config else r.config,
        },
        "summary": {
            "findings": len(data.findings),
            "accepted": sum(1 for f in data.findings if data.accepted(f) is not None),
            "by_severity": dict(Counter(f.severity for f in data.findings)),
            "by_rule": dict(Counter(f.rule for f in data.findings)),
            "calls": sum(c.count for c in tl.calls),
            **system_summary(tl),
            "needs_review": sum(1 for f in data.findings if f.kind == "assisted"),
            "flows": len(tl.flows),
            "flows_with_pi": sum(1 for f in tl.flows if f.matches),
            "consent_dialog_seen": tl.consent_dialog_seen(),
            "phases": [{"state": s.state, "start_ms": s.start, "end_ms": s.end,
                        "ui_action_id": s.transition.ui_action_id if s.transition else None,
                        "source": s.transition.source if s.transition else None} for s in tl.segments()],
        },
        "verdicts": _verdicts(data),
        "hooks_missing": _hooks_missing(r.config),
        "screenshots": [{"id": s.id, "ts": s.ts, "label": s.label, "ui_action_id": s.ui_action_id,
                         "source": s.source, "width": s.width, "height": s.height} for s in data.screenshots],
        "findings": [_finding(f, data.accepted(f)) for f in data.findings],
        "flows": [_flow(f, tl) for f in tl.flows],
        "destinations": [destination_dict(d) for d in data.destinations],
        "sdks": [r.as_dict() for r in data.sdks],
        **({"inventory": data.inventory.model_dump(mode="json")} if data.inventory is not None else {}),
        **({"crash": r.config["crash"]} if r.config and r.config.get("crash") else {}),
        **({"detection": r.config["detection"]} if r.config and r.config.get("detection") else {}),
    }


def _verdicts(data: ReportData) -> list[dict[str, Any]]:
    """Per article: pass / fail / needs-review / not-checked (``monitor.reports.verdict``)."""
    from monitor.reports.verdict import as_dicts, verdicts

    return as_dicts(verdicts(data.rules, data.findings, data.timeline, data.run.config or {}))


def _hooks_missing(config: dict[str, Any] | None) -> list[dict[str, str]] | None:
    """The hooks the agent could not install on this device (None: the run did not record it)."""
    raw = (config or {}).get("hooks_missing")
    if not isinstance(raw, list):
        return None
    return [{"class": str(m.get("class", "")), "method": str(m.get("method", "")), "reason": str(m.get("reason", ""))}
            for m in raw if isinstance(m, dict)]


def _flow(f: Any, tl: Timeline) -> dict[str, Any]:
    """A flow without its URL path, headers or bodies (they may hold the values): where, when, what kinds."""
    return {
        "id": f.id, "flow_id": f.flow_id, "ts": f.ts, "phase": tl.phase_at(f.ts), "method": f.method,
        "scheme": f.scheme, "host": f.host, "port": f.port, "tls": f.tls, "offline": f.offline,
        "caller": f.caller, "matches": [{k: m.get(k) for k in ("kind", "value_id", "encoding", "location", "layers")}
                                        for m in f.matches],
        "source": f.source, "attributed_by": f.attributed_by,
    }


def destination_dict(d: Any) -> dict[str, Any]:
    """A destination the app reached or looked up (in-process source): where, by whom, how many flows over it."""
    return {"ts": d.ts, "kind": d.kind, "host": d.host, "ip": d.ip, "port": d.port, "transport": d.transport,
            "process": d.process, "caller": d.caller, "attributed_by": d.attributed_by, "blocked": d.blocked,
            "flows": d.flows, "addresses": d.addresses or []}


def _finding(f: Finding, accepted: Any = None) -> dict[str, Any]:
    from monitor.findings.baseline import entry_dict

    return {
        "fingerprint": f.fingerprint, "accepted": entry_dict(accepted) if accepted is not None else None,
        "rule": f.rule, "name": f.name, "article": f.article, "severity": f.severity, "api": f.api,
        "category": f.category, "caller": f.caller, "caller_frame": f.caller_frame, "chain": f.chain,
        "phase": f.phase, "count": f.count, "first_ms": f.first_ms, "last_ms": f.last_ms,
        "evidence": f.evidence, "message": f.message, "kind": f.kind,
    }
