"""Articles 7(6), 7(3) and 8(2): how consent is asked (a real choice, one purpose at a time) and whether
the user can turn personalisation off."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from monitor.rules.config import RuleConfig
from monitor.rules.facts import facts
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.scenarios.vocab import AGREE_STRONG, AGREE_WEAK, REFUSE_STRONG, REFUSE_WEAK, normalise
from monitor.timeline import Timeline

EXITS = re.compile(r"退出|关闭应用|exit|quit|closeapp", re.IGNORECASE)
BUNDLED = re.compile(r"营销|推广|广告推送|个性化(?:推荐|广告|推送|服务)|精准推送|改善|改进|提升.{0,6}体验|用户体验计划|"
                     r"marketing|promotion|personali[sz]ed|improv(?:e|ing)\s+(?:the|our|your)?\s*(?:experience|services?)",
                     re.IGNORECASE)


def _nodes(xml: str | None) -> list[ET.Element]:
    if not xml:
        return []
    try:
        return list(ET.fromstring(xml).iter("node"))
    except ET.ParseError:
        return []


def _label(n: ET.Element) -> str:
    return n.get("text") or n.get("content-desc") or ""


def dialog_controls(xml: str | None) -> tuple[list[str], list[str], list[str], str]:
    """(agree labels, refuse labels, exit labels, whole text) of a consent dialog's hierarchy dump."""
    agree, refuse, exits, text = [], [], [], []
    for n in _nodes(xml):
        label = _label(n)
        text.append(label)
        if n.get("clickable") != "true" or not label:
            continue
        norm = normalise(label)
        if REFUSE_STRONG.fullmatch(norm):
            (exits if EXITS.search(label) else refuse).append(label)
        elif AGREE_STRONG.fullmatch(norm) or AGREE_WEAK.fullmatch(norm):
            agree.append(label)
        elif REFUSE_WEAK.fullmatch(norm) or EXITS.search(label):
            (exits if EXITS.search(label) else refuse).append(label)
    return agree, refuse, exits, " ".join(t for t in text if t)


def _has_options(xml: str | None) -> bool:
    """Separate checkboxes/switches besides an agreement box: purposes the user can pick one by one."""
    boxes = [n for n in _nodes(xml) if n.get("checkable") == "true"]
    return len(boxes) >= 2


@rule(code="PI-7.6-BUNDLED-CONSENT", name="bundled-or-forced-consent", article="7(6), 7(3)", severity="high",
      message="the privacy dialog {problem}")
def bundled_consent(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """A privacy dialog that gives no real choice, or bundles unrelated purposes into one consent.

    Judged from each consent dialog's hierarchy dump (its controls and text):

    * **no way to refuse** (auto, api ``dialog:no-refuse-option``): its only controls are agreeing and
      leaving — 同意 / 退出应用, or a refuse button that itself exits (不同意并退出);
    * **purposes bundled** (assisted, api ``dialog:bundled-purposes``): its text asks one agreement for the
      basic service and for marketing, personalised recommendations/ads/push or "improving the
      experience", with no separate switch for them; a reviewer confirms the purposes are unrelated.

    Article 7(6): consent is not obtained by bundling several purposes, or by refusing service when
    the user declines; 7(3): refusing must not close the app. Severity high. Fix: offer 不同意 that
    keeps basic functions, and ask for each extra purpose separately.
    """
    for d in tl.dialogs:
        if d.kind != "consent":
            continue
        agree, refuse, exits, text = dialog_controls(d.evidence)
        if not agree:
            continue  # not enough of the dialog in the dump to judge
        ev = {"dialog_id": d.id, "agree": agree[:5], "refuse": refuse[:5], "exit": exits[:5]}
        if not refuse:
            problem = "offers no way to refuse (refusing exits the app)" if exits else "offers no way to refuse"
            yield Hit(ts=d.ts, api="dialog:no-refuse-option", caller="app", phase="pre-consent",
                      evidence={**ev, "problem": problem})
        purposes = sorted({m.group(0) for m in BUNDLED.finditer(text)})
        if purposes and not _has_options(d.evidence):
            yield Hit(ts=d.ts, api="dialog:bundled-purposes", caller="app", phase="pre-consent", kind="assisted",
                      evidence={**ev, "problem": "bundles extra purposes into one consent", "purposes": purposes[:10]})


@rule(code="PI-8.2-NO-NONPERSONALISED-OPTION", name="no-non-personalised-option", article="8(2)",
      severity="medium", kind="assisted",
      message="no working option to turn off personalised recommendations/ads was found ({problem})")
def no_nonpersonalised_option(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """No option to turn personalised recommendations or ads off, or one that changes nothing (assisted).

    The ``settings-personalisation`` scenario walks the app's settings (a given path, or a bounded search
    of screens for 个性化推荐/个性化广告/personalized …) and records a ``fact:personalisation`` mark: whether a
    switch was found, and if it was on, when it was turned off (``off_ms``, ``window_ms``). Fires when no
    switch was found (``absent``), or when the app did not collect or send less (personal-category calls
    plus PI-carrying requests) in the window after turning it off than in the window before
    (``no-effect``). Assisted: the switch may sit where a bounded search does not reach. Article 8(2):
    an app that personalises must offer an option not targeted at the user's traits. Severity medium.
    """
    for ts, f in facts(tl, "personalisation"):
        extra: dict[str, int] = {}
        if not f.get("found"):
            problem = "absent"
        elif f.get("turned_off") and isinstance(f.get("off_ms"), int) and isinstance(f.get("window_ms"), int):
            before, after = _activity(tl, f["off_ms"] - f["window_ms"], f["off_ms"]), \
                _activity(tl, f["off_ms"], f["off_ms"] + f["window_ms"])
            if not before or after < before:
                continue  # it collected less afterwards (or there was nothing to compare)
            problem, extra = "no-effect", {"before": before, "after": after}
        else:
            continue
        yield Hit(ts=ts, api="settings:personalisation", caller="app", phase=tl.phase_at(ts),
                  evidence={"problem": problem, **extra,
                            **{k: v for k, v in f.items() if isinstance(v, (str, int, bool, list))}})


def _activity(tl: Timeline, start: int, end: int) -> int:
    """Personal-category calls and PI-carrying requests in [start, end)."""
    from monitor.rules.categories import is_personal

    return (sum(1 for c in tl.calls if start <= c.ts < end and is_personal(c.category))
            + sum(1 for f in tl.flows if start <= f.ts < end and f.matches))
