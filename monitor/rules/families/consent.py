"""Article 6(2) and 6(3): consent before collection, no collection after refusal, no preselection."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from monitor.rules.common import call_hit
from monitor.rules.config import RuleConfig
from monitor.rules.families.traffic import flows_in_phases
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Timeline


@rule(code="PI-6.3-BEFORE-CONSENT", name="collect-before-consent", article="6(3)", severity="high",
      message="{caller} read or sent personal information ({api}) {count}× before the user consented "
              "(phase {phase})")
def before_consent(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Personal information read before the user consented.

    Fires for every call of a personal category whose phase is ``unknown`` (no consent dialog seen yet) or
    ``pre-consent`` (dialog on screen, not answered). Article 6(3): personal information must not be
    handled before consent is obtained. Typical cause: an SDK initialised in
    ``Application.onCreate``. Fix: initialise SDKs only after the user agreed (most vendors ship a
    "pre-init" or "privacy mode" API for this). Severity high: the core obligation of the article.
    Also fires for every request that *sent* PI in those phases (api ``net:<host>``, caller the flow's
    attribution, evidence the flow and each match's kind, encoding and location; see
    ``monitor/rules/families/traffic.py``).
    """
    for c in tl.calls:
        phase = tl.phase_at(c.ts)
        if phase in ("unknown", "pre-consent") and cfg.counts(c.category):
            yield call_hit(tl, c, phase)
    yield from flows_in_phases(tl, ("unknown", "pre-consent"))


@rule(code="PI-6.3-AFTER-REFUSAL", name="collect-after-refusal", article="6(3)", severity="critical",
      message="{caller} read or sent personal information ({api}) {count}× after consent was {phase}")
def after_refusal(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Personal information read after the user refused or withdrew consent.

    Fires for every call of a personal category whose phase is ``refused`` or ``withdrawn``. Article 6(3) forbids
    handling personal information after the user expresses refusal. Severity critical: the user
    said no explicitly, and the app went on anyway. Also fires for every request that *sent* PI in
    those phases (api ``net:<host>``, as for PI-6.3-BEFORE-CONSENT).
    """
    for c in tl.calls:
        phase = tl.phase_at(c.ts)
        if phase in ("refused", "withdrawn") and cfg.counts(c.category):
            yield call_hit(tl, c, phase)
    yield from flows_in_phases(tl, ("refused", "withdrawn"))


@rule(code="PI-6.3-NO-CONSENT-DIALOG", name="no-consent-dialog", article="6(1), 6(3)", severity="high",
      message="personal information was read ({count} calls) but no consent dialog was shown during the run")
def no_consent_dialog(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The app read personal information and never showed a consent dialog.

    Fires once per run (count = number of calls) when personal information was read and neither a consent
    dialog nor any consent transition was recorded. Article 6(1) asks for a pop-up or similar
    notice at first use; 6(3) for consent before handling. Severity high. If the app does have a
    dialog that pimon did not recognise, the scenario's dialog detection needs its wording.
    Not when the app crashed without showing a dialog (the run is ``app-crashed``: the crash may have
    kept the dialog from showing), nor when the run is ``instrumentation-detected`` or ``ui-unreadable``.
    """
    calls = [c for c in tl.calls if cfg.counts(c.category)]
    if not calls or tl.consent_dialog_seen() or tl.crashes():
        return  # a crash (the run is app-crashed) may have kept the dialog from showing: not evidence
    if tl.meta.get("status") in ("failed", "instrumentation-detected", "ui-unreadable"):
        return  # the scenario did not finish (the UI driver failed, the app quit on seeing Frida, the screen
        # could not be read): "no dialog seen" is no evidence
    apis = sorted({c.api for c in calls})
    evidence = {"calls": sum(c.count for c in calls), "apis": apis[:20]}
    for c in calls:
        yield Hit(ts=c.ts, api="-", caller="app", phase="unknown", evidence=evidence, count=c.count, last=c.last_ts)


def _checked_boxes(xml: str | None) -> list[str]:
    if not xml:
        return []
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return []
    out = []
    for node in root.iter("node"):
        if node.get("checkable") == "true" and node.get("checked") == "true":
            out.append(node.get("text") or node.get("content-desc") or node.get("resource-id") or "?")
    return out


@rule(code="PI-6.2-PRESELECTED-CONSENT", name="preselected-consent", article="6(2)", severity="medium",
      message="the consent dialog's agreement box was already checked before any user action")
def preselected_consent(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Consent obtained through a default-selected option.

    Fires for each consent dialog recorded with ``preselected: true`` — its agreement checkbox was
    checked when it appeared, before the user touched anything. Article 6(2): consent must be
    obtained by methods other than default selection. Severity medium: the user can still untick
    it, but silence is being counted as agreement.
    """
    for d in tl.dialogs:
        if d.kind == "consent" and d.preselected:
            yield Hit(ts=d.ts, api="-", caller="app", phase="pre-consent",
                      evidence={"dialog_id": d.id, "checked": _checked_boxes(d.evidence)[:10]})
