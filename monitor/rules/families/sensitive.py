"""Article 6(6): sensitive PI needs its own notice, and Article 7(1): no more precision than the function needs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from monitor.rules.common import call_hit, caller_of
from monitor.rules.config import RuleConfig
from monitor.rules.families.traffic import flow_hit, pi_flows
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Call, Timeline
from monitor.timeline.permissions import permission_requests

# Words an app-level notice uses for each sensitive category (what the notice must name).
NOTICE_WORDS: dict[str, re.Pattern[str]] = {
    "location": re.compile(r"位置|定位|地理|location|gps", re.IGNORECASE),
    "contacts": re.compile(r"通讯录|联系人|contacts?", re.IGNORECASE),
    "sms": re.compile(r"短信|sms|text message", re.IGNORECASE),
    "call-log": re.compile(r"通话记录|call (?:log|history)", re.IGNORECASE),
    "calendar": re.compile(r"日历|日程|calendar", re.IGNORECASE),
    "camera": re.compile(r"相机|摄像头|拍照|拍摄|扫码|人脸|camera|face", re.IGNORECASE),
    "microphone": re.compile(r"麦克风|录音|语音|microphone|voice|audio", re.IGNORECASE),
}
GENERIC = re.compile(r"权限|授权|permission|access", re.IGNORECASE)
# Catalog categories whose calls put words on the screen (dialog titles and messages the app shows).
UI_TEXT = "ui-text"


def _notices(tl: Timeline, start: int, end: int) -> list[str]:
    """Texts the app showed between ``start`` and ``end``: dialog texts (hooked), screens the scenario
    dumped when it acted (UI-action evidence), dialogs other than the consent and system permission ones."""
    out = [" ".join(c.args) for c in tl.calls if c.category == UI_TEXT and start < c.ts <= end]
    out += [a.evidence for a in tl.ui_actions if a.evidence and start < a.ts <= end
            and not a.kind.startswith(("consent", "permission"))]
    out += [d.evidence for d in tl.dialogs if d.evidence and start < d.ts <= end
            and d.kind not in ("consent", "permission", "refuse-confirm")]
    return [t for t in out if t]


def _consented_at(tl: Timeline, ts: int) -> int | None:
    t = tl.transition_at(ts)
    return t.ts if t is not None and t.to_state == "consented" else None


@rule(code="PI-6.6-SENSITIVE-WITHOUT-NOTICE", name="sensitive-without-notice", article="6(6)", severity="high",
      message="{caller} read sensitive personal information ({api}, {category}) with no notice naming it "
              "after the general consent ({count}×)")
def sensitive_without_notice(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Sensitive personal information read without a notice of its own.

    For each call of a *sensitive* category (the catalog marks them: precise location, contacts, SMS,
    call log, calendar, camera, microphone …) made after the user gave the general consent, pimon looks
    for an app-level notice between that consent and the call: a dialog the app showed (its title or
    message, hooked as ``ui-text``), or a screen the scenario acted on, whose text names the category
    (位置/定位/location for location, 通讯录/contacts …). The general consent dialog does not count, nor
    does the system permission dialog alone. No app text at all in between: fires (auto). App text in
    between that names no category but talks of permissions in general: fires as *assisted* (a reviewer
    reads the screen). Article 6(6): sensitive PI is handled only with the user's separate consent,
    after telling them the purpose and the need. Severity high. Fix: before the read (and before the
    permission request), show a notice saying what is read and why.
    """
    for c in tl.calls:
        if not c.sensitive or c.category not in NOTICE_WORDS or not cfg.counts(c.category):
            continue
        since = _consented_at(tl, c.ts)
        if since is None:
            continue  # before consent or after a refusal: the PI-6.3 rules
        texts = _notices(tl, since, c.ts)
        if any(NOTICE_WORDS[c.category].search(t) for t in texts):
            continue
        kind = "assisted" if any(GENERIC.search(t) for t in texts) else None
        yield _with_kind(call_hit(tl, c, notices_seen=len(texts)), kind)


def _with_kind(hit: Hit, kind: str | None) -> Hit:
    import dataclasses

    return dataclasses.replace(hit, kind=kind) if kind else hit


_COORD = re.compile(r"-?\d{1,3}\.(\d+)")
FULL_LIST = ("getInstalledPackages", "getInstalledApplications", "queryIntentActivities", "getInstalledModules")


def _decimals(calls: list[Call]) -> int:
    """The most decimals among the coordinates location calls returned."""
    best = 0
    for c in calls:
        for m in _COORD.finditer(c.ret or ""):
            best = max(best, len(m.group(1)))
    return best


@rule(code="PI-7.1-PRECISION-BEYOND-NEED", name="precision-beyond-need", article="7(1)", severity="low",
      kind="assisted", message="{caller}: {api} — more precision than a {need} function needs? ({count}×)")
def precision_beyond_need(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """More precise personal information than the function in use needs (assisted).

    Evidence of three kinds, each an assisted finding a reviewer confirms against what the app does:

    * fine location requested (``ACCESS_FINE_LOCATION``) — a weather or city-level feature needs only
      coarse (api ``permission:ACCESS_FINE_LOCATION``; evidence: the location reads that followed);
    * coordinates sent at full precision — a request carrying the location the hooks read, whose
      coordinates have at least ``precision.min_decimals`` decimals (default 5: about a metre; 2-3 would
      do for a city) (api ``net:<host>``);
    * the full installed-app list read (``getInstalledPackages`` …) where one ``getPackageInfo`` of a
      partner app would answer (api the call's).

    Thresholds in the rules config: ``precision: {min_decimals: 5, fine_location: true, app_list: true}``.
    Article 7(1): PI is collected only as far as the service needs. Severity low.
    """
    pc = cfg.precision
    pkg = tl.app_package
    loc_calls = [c for c in tl.calls if c.category == "location"]
    if pc.fine_location:
        for req in permission_requests(tl):
            if "android.permission.ACCESS_FINE_LOCATION" in req.permissions:
                from monitor.rules.common import attribute_stack

                att = attribute_stack(req.stack, pkg)
                reads = [c for c in loc_calls if c.ts >= req.ts]
                yield Hit(ts=req.ts, api="permission:ACCESS_FINE_LOCATION", caller=att.caller,
                          phase=tl.phase_at(req.ts), category="permission",
                          evidence={"need": "coarse", "requested": list(req.permissions)[:10],
                                    "location_reads": len(reads),
                                    "read_apis": sorted({c.api for c in reads})[:10]})
    decimals = _decimals(loc_calls)
    if decimals >= pc.min_decimals:
        for f in pi_flows(tl):
            if any(m.get("kind") in ("location", "latitude", "longitude") for m in f.matches):
                h = flow_hit(tl, f, need="coarse", decimals=decimals)
                yield h
    if pc.app_list:
        for c in tl.calls:
            if c.category == "installed-apps" and c.api.rpartition(".")[2] in FULL_LIST:
                yield call_hit(tl, c, need="single-package", caller_hint=caller_of(c, pkg))
