"""Human words for machine values: consent phases, PI categories (GB/T 35273 names), severities, verdicts,
and times relative to what the user did. Every text is an English message id translated by ``i18n``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitor.reports.i18n import N_

Gettext = Callable[[str], str]

# `unknown` is what the state machine calls the time before any consent dialog was seen (architecture §4).
PHASES = {
    "unknown": N_("before any privacy dialog"),
    "pre-consent": N_("privacy dialog shown, not answered"),
    "consented": N_("after consenting"),
    "refused": N_("after refusing"),
    "withdrawn": N_("after withdrawing consent"),
}

# The catalog's categories as GB/T 35273-2020 Annex A/B (and Article 6(6)) name the kinds of PI.
CATEGORIES = {
    "device-id": N_("unique device identifiers (IMEI, Android ID, serial)"),
    "advertising-id": N_("unique device identifiers (advertising ID, OAID)"),
    "network-id": N_("device MAC address and network identifiers"),
    "phone-number": N_("personal phone number"),
    "location": N_("personal whereabouts (precise location)"),
    "contacts": N_("address book"),
    "sms": N_("text messages"),
    "call-log": N_("call records"),
    "calendar": N_("calendar and schedule"),
    "media": N_("personal images, audio and video"),
    "browser": N_("web browsing records"),
    "installed-apps": N_("software list (installed apps)"),
    "running-apps": N_("running apps and processes"),
    "accounts": N_("personal account information"),
    "clipboard": N_("clipboard contents"),
    "sensors": N_("sensor information"),
    "camera": N_("camera (facial images, biometric)"),
    "microphone": N_("microphone (voiceprint, biometric)"),
    "bluetooth": N_("Bluetooth address and paired devices"),
    "device-info": N_("common device information (SIM, operator, network)"),
    "native": N_("device identifiers read natively (/sys, /proc, properties)"),
    "pi-sent": N_("personal information sent over the network"),
}

SEVERITIES = {"critical": N_("critical"), "high": N_("high"), "medium": N_("medium"), "low": N_("low"),
              "info": N_("info")}
SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]

VERDICTS = {"fail": N_("fail"), "needs-review": N_("needs review"), "pass": N_("pass"),
            "not-checked": N_("not checked by this scenario")}


def phase(value: str | None, _: Gettext) -> str:
    return _(PHASES[value]) if value in PHASES else str(value)


def category(value: str | None, _: Gettext) -> str:
    return _(CATEGORIES[value]) if value in CATEGORIES else str(value)


def severity(value: Any, _: Gettext) -> str:
    v = str(getattr(value, "value", value))
    return _(SEVERITIES[v]) if v in SEVERITIES else v


def worst(severities: Any) -> str | None:
    got = {str(getattr(s, "value", s)) for s in severities}
    return next((s for s in SEVERITY_ORDER if s in got), None)


def duration(ms: int, _: Gettext) -> str:
    """6 ms, 0.64 s, 12.3 s, 2 min 5 s (as the issue's testers wrote them)."""
    ms = abs(ms)
    if ms < 100:
        return _("%(n)s ms") % {"n": ms}
    if ms < 60_000:
        return _("%(n)s s") % {"n": f"{ms / 1000:.2f}".rstrip("0").rstrip(".")}
    return _("%(m)s min %(s)s s") % {"m": ms // 60_000, "s": (ms % 60_000) // 1000}


@dataclass(frozen=True)
class Anchor:
    """Something the user did or saw, that other moments are told relative to."""
    ts: int
    kind: str  # dialog | tap | transition
    text: str = ""  # the tapped control's text
    state: str = ""  # the consent state it led to


def anchors(tl: Any) -> list[Anchor]:
    """The consent dialog(s) appearing and the consent transitions (with the tapped control's text)."""
    actions = {a.id: a for a in tl.ui_actions}
    out = [Anchor(d.ts, "dialog") for d in tl.dialogs if d.kind == "consent"]
    for t in tl.transitions:
        if t.source == "derived":
            continue
        if t.to_state == "pre-consent":  # the privacy dialog appeared (seen by the app, the device or the scenario)
            out.append(Anchor(t.ts, "dialog"))
            continue
        a = actions.get(t.ui_action_id)
        text = str((a.target or {}).get("text") or "") if a is not None else ""
        out.append(Anchor(t.ts, "tap" if text else "transition", text[:60], t.to_state))
    out.sort(key=lambda x: x.ts)
    kept: list[Anchor] = []
    for x in out:  # one dialog anchor per appearance: the earliest of its sources within 3 s
        if x.kind == "dialog" and any(k.kind == "dialog" and 0 <= x.ts - k.ts <= 3000 for k in kept):
            continue
        kept.append(x)
    return kept


def _anchor_words(a: Anchor, _: Gettext) -> str:
    if a.kind == "dialog":
        return _("the privacy dialog appeared")
    if a.kind == "tap":
        return _("tapping “%(text)s”") % {"text": a.text}
    return _("the consent state became “%(state)s”") % {"state": phase(a.state, _)}


def relative(ts: int | None, marks: list[Anchor], _: Gettext) -> str:
    """“0.64 s before the privacy dialog appeared”, “6 ms after tapping “不同意””: relative to the last anchor at or
    before ``ts``, else to the first after it; empty when the run has no anchor."""
    if ts is None or not marks:
        return ""
    before = [a for a in marks if a.ts <= ts]
    if before:
        a = before[-1]
        return _("%(d)s after %(what)s") % {"d": duration(ts - a.ts, _), "what": _anchor_words(a, _)}
    a = marks[0]
    return _("%(d)s before %(what)s") % {"d": duration(a.ts - ts, _), "what": _anchor_words(a, _)}
