"""The verdict table: per article, pass / fail / needs review / not checked by this scenario.

Every rule is an *item* of each article it names (``"6(1), 6(3)"`` -> 6(1) and 6(3)). An item's
``kind`` decides how it can be judged:

* ``auto`` (default): a machine check. Findings -> ``fail``; none, and the scenario exercised what the rule
  looks at -> ``pass``; none, and the scenario never got there (no refusal, no background, no traffic
  captured ...: :data:`APPLIES`) -> ``not-checked``.
* ``assisted`` (and any other kind but ``auto``): pimon gathered the evidence but a person decides ->
  ``needs-review`` with its findings counted, ``not-checked`` when it gathered nothing (never a pass). A rule declares its kind with its ``kind``
  attribute (``monitor.rules.registry``); an item whose findings are all ``assisted`` is ``needs-review`` rather
  than ``fail``.

An article is ``fail`` if an item fails, else ``needs-review`` if one needs review, else ``pass`` if one
passed, else ``not-checked``. Pure: a function of the timeline, the run config, the rules and the findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from monitor.reports.i18n import N_
from monitor.reports.words import worst

ORDER = ["fail", "needs-review", "pass", "not-checked"]


def _refusal(tl: Any, config: dict[str, Any]) -> bool:
    return any(t.to_state in ("refused", "withdrawn") for t in tl.transitions) or _permission_denied(tl, config)


def _permission_denied(tl: Any, config: dict[str, Any]) -> bool:
    return any(a.kind == "permission-deny" for a in tl.ui_actions) or any(
        x.kind == "permission-result" and (x.data.get("granted") is False
                                           or False in (x.data.get("results") or {}).values())
        for x in tl.lifecycle)


def _background(tl: Any, config: dict[str, Any]) -> bool:
    return any(x.kind == "background" for x in tl.lifecycle)


def _traffic(tl: Any, config: dict[str, Any]) -> bool:
    return bool(config.get("traffic")) or bool(tl.flows)


def _dialog(tl: Any, config: dict[str, Any]) -> bool:
    return bool(tl.consent_dialog_seen())


# rule code -> (does this run exercise what the rule looks at?, why not, in words)
APPLIES: dict[str, tuple[Callable[[Any, dict[str, Any]], bool], str]] = {
    "PI-6.3-AFTER-REFUSAL": (_refusal, N_("the scenario never refused or withdrew consent")),
    "PI-7.3-FORCED-EXIT": (_refusal, N_("the scenario never refused consent or a permission")),
    "PI-7.3-REPROMPT-AFTER-DENIAL": (_permission_denied, N_("the scenario never denied a permission")),
    "PI-7.1-BACKGROUND-COLLECTION": (_background, N_("the app never went to the background")),
    "PI-6.2-PRESELECTED-CONSENT": (_dialog, N_("no privacy dialog was seen")),
    "PI-6.5-UNDISCLOSED-THIRD-PARTY": (_traffic, N_("traffic was not captured")),
    "PI-13-CLEARTEXT": (_traffic, N_("traffic was not captured")),
}


@dataclass
class Item:
    code: str
    name: str
    kind: str
    status: str
    findings: int = 0
    worst: str | None = None
    reason: str = ""  # message id (why not checked)


@dataclass
class ArticleVerdict:
    article: str
    status: str
    items: list[Item] = field(default_factory=list)
    findings: int = 0
    worst: str | None = None


def articles_of(text: str) -> list[str]:
    """``"6(5), 8(3), 10(5)"`` -> ``["6(5)", "8(3)", "10(5)"]``."""
    return [a.strip() for a in re.split(r"[,;]", text or "") if a.strip()]


def article_key(article: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", article)) or (999,)


MACHINE = ("auto", "rule")


def item_status(kind: str, findings: list[Any], applies: bool) -> str:
    if kind not in MACHINE:  # assisted: a reviewer decides; with nothing to review it is not a pass either
        return "needs-review" if findings else "not-checked"
    if any(str(getattr(f, "kind", "auto") or "auto") in MACHINE for f in findings):
        return "fail"
    if findings:  # only assisted findings: a reviewer decides
        return "needs-review"
    return "pass" if applies else "not-checked"


def article_status(items: Iterable[Item]) -> str:
    got = {i.status for i in items}
    return next((s for s in ORDER if s in got), "not-checked")


def verdicts(rules: Iterable[Any], findings: Iterable[Any], tl: Any, config: dict[str, Any] | None = None,
             ) -> list[ArticleVerdict]:
    """One :class:`ArticleVerdict` per article any rule names, in article order."""
    config = config or {}
    found = list(findings)
    by_article: dict[str, ArticleVerdict] = {}
    for r in rules:
        kind = str(getattr(r, "kind", "auto") or "auto")
        mine = [f for f in found if f.rule == r.code]
        test = APPLIES.get(r.code)
        applies = True if test is None else bool(test[0](tl, config))
        status = item_status(kind, mine, applies)
        reason = "" if applies or mine else (test[1] if test else "")
        if kind not in MACHINE and not mine:
            reason = N_("a reviewer decides this one; pimon gathered no evidence for it")
        item = Item(r.code, r.name, kind, status, len(mine), worst(f.severity for f in mine), reason)
        for art in articles_of(r.article):
            av = by_article.setdefault(art, ArticleVerdict(art, "not-checked"))
            av.items.append(item)
    # findings of rules no longer registered still count against their article
    known = {i.code for av in by_article.values() for i in av.items}
    for f in found:
        if f.rule not in known:
            for art in articles_of(f.article):
                av = by_article.setdefault(art, ArticleVerdict(art, "not-checked"))
                if not any(i.code == f.rule for i in av.items):
                    mine = [g for g in found if g.rule == f.rule]
                    av.items.append(Item(f.rule, f.name, "auto", item_status("auto", mine, True), len(mine),
                                         worst(g.severity for g in mine)))
    out = []
    for art in sorted(by_article, key=article_key):
        av = by_article[art]
        av.status = article_status(av.items)
        av.findings = sum(i.findings for i in av.items)
        av.worst = worst(i.worst for i in av.items if i.worst)
        out.append(av)
    return out


def as_dicts(items: list[ArticleVerdict]) -> list[dict[str, Any]]:
    return [{"article": a.article, "verdict": a.status, "findings": a.findings, "worst_severity": a.worst,
             "items": [{"code": i.code, "kind": i.kind, "verdict": i.status, "findings": i.findings,
                        "worst_severity": i.worst, "not_checked_because": i.reason or None} for i in a.items]}
            for a in items]
