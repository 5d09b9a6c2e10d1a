"""What the report pages show, computed once for every format (HTML, PDF, xlsx, terminal): the verdict table,
the per-SDK summary, finding cards grouped by SDK × phase × article with times relative to the consent
transitions, the scenario's step log, every recorded call, and the screenshots. Pure: ``ReportData`` and a
``gettext`` in, plain dicts and dataclasses out — templates only lay them out (so a new field is one line
here and one cell there).
"""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from monitor.reports import words as W
from monitor.reports.i18n import N_
from monitor.reports.verdict import articles_of, as_dicts, verdicts

Gettext = Callable[[str], str]
ARTICLES_FILE = Path(__file__).resolve().parent / "articles.yaml"

# short titles of the articles pimon checks (the verdict table's first column)
ARTICLE_TITLES = {
    "6(1)": N_("Tell users the rules at first use (pop-up)"),
    "6(2)": N_("No consent by default selection"),
    "6(3)": N_("No personal information before consent or after refusal"),
    "6(4)": N_("Permissions only when the function needs them"),
    "6(5)": N_("Tell users which third parties receive personal information"),
    "6(6)": N_("Separate consent for sensitive personal information"),
    "7(1)": N_("Only as much, as often and as precise as the service needs"),
    "7(2)": N_("Local operations only as needed and consented"),
    "7(3)": N_("No forced exit or repeated prompts after a refusal"),
    "7(4)": N_("No self-start or starting other apps without need"),
    "8(3)": N_("Manage third-party services"),
    "10(3)": N_("SDKs do not start or call apps without consent"),
    "10(5)": N_("SDKs do not share personal information without consent"),
    "13": N_("Security measures such as encryption"),
}

PI_NAMES = {
    "imei": N_("IMEI"), "meid": N_("MEID"), "serial": N_("device serial number"),
    "hardware-serial": N_("hardware serial number"), "android_id": N_("Android ID"), "oaid": N_("OAID"),
    "gaid": N_("Google advertising ID"), "aaid": N_("AAID"), "vaid": N_("VAID"), "udid": N_("UDID"),
    "imsi": N_("IMSI"), "iccid": N_("ICCID"), "mac": N_("MAC address"), "ip": N_("IP address"),
    "ssid": N_("Wi-Fi name (SSID)"), "bssid": N_("Wi-Fi BSSID"), "wifi-info": N_("Wi-Fi connection info"),
    "wifi-scan": N_("Wi-Fi scan results"), "installed-packages": N_("the installed app list"),
    "package-info": N_("information about other apps"), "running-processes": N_("running processes"),
    "running-tasks": N_("running tasks"), "running-services": N_("running services"),
    "location": N_("location"), "latitude": N_("latitude"), "longitude": N_("longitude"),
    "cell": N_("cell tower information"), "phone-number": N_("phone number"), "contacts": N_("contacts"),
    "sms": N_("text messages"), "call-log": N_("call records"), "calendar": N_("calendar"),
    "clipboard": N_("clipboard contents"), "accounts": N_("accounts"), "operator": N_("mobile operator"),
    "bluetooth-mac": N_("Bluetooth address"), "sensor-list": N_("sensor list"), "camera": N_("camera"),
    "audio": N_("microphone audio"), "widevine-id": N_("Widevine ID"), "system-property": N_("system properties"),
    "system-file": N_("system files"), "device-name": N_("device name"), "hostname": N_("host name"),
}


@lru_cache(maxsize=1)
def article_texts() -> dict[str, dict[str, str | None]]:
    with ARTICLES_FILE.open(encoding="utf-8") as fh:
        return {str(k): v for k, v in (yaml.safe_load(fh) or {}).items()}


def quote(article: str, lang: str) -> dict[str, Any]:
    """The article's text to quote: Chinese source where we have it, else the English translation, labelled."""
    t = article_texts().get(article) or {}
    if lang == "zh-CN" and t.get("zh"):
        return {"text": t["zh"], "translation": False}
    return {"text": t.get("en") or "", "translation": True}


def sdk_label(caller: str | None, lang: str) -> str:
    """``sdk:umeng`` -> ``友盟+`` (zh-CN: the SDK's first Chinese alias) or ``Umeng+ (…)``; ``app`` -> the app."""
    from monitor.sdk import load

    if not caller:
        return "app"
    if caller.startswith("sdk:"):
        sdk = load().get(caller[4:])
        if sdk is not None:
            zh = next((a for a in sdk.aliases if re.search(r"[\u4e00-\u9fff]", a)), None)
            return zh if (lang == "zh-CN" and zh) else sdk.name.split(" (")[0]
    return caller


def zh_name(sdk_id: str) -> str:
    from monitor.sdk import load

    sdk = load().get(sdk_id)
    if sdk is None:
        return ""
    return next((a for a in sdk.aliases if re.search(r"[\u4e00-\u9fff]", a)), "")


def prose(doc: str) -> list[str]:
    """A rule's docstring as plain paragraphs: no reStructuredText roles or backticks, no source paths."""
    text = re.sub(r":(?:mod|func|class|meth|attr):`~?([^`]+)`", r"\1", doc or "")
    text = re.sub(r"[ \t]*\n[ \t]*(?=\S)", " ", text).replace("\n ", "\n\n")  # paragraphs stay apart
    path = r"(?:see|format in)\s+(?:``)?monitor[/.][\w/.]+(?:``)?(?:\s+for\s+the\s+reasoning)?"
    text = re.sub(r"\s*\(\s*" + path + r"\s*\)", "", text)  # a whole parenthesis naming a source file
    text = re.sub(r"\s*[;,]?\s*" + path, "", text)  # a trailing "; see monitor/…"
    text = re.sub(r"\s*\(\s*(?:``)?monitor[/.][\w/.]+(?:``)?\s*\)", "", text)  # "(``monitor/x.py``)"
    text = re.sub(r"``([^`]+)``", r"“\1”", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"\*([^*]+)\*", r"\1", text)
    text = re.sub(r"\(\s*[;,]?\s*\)", "", text)
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [re.sub(r"\s+([,.;)])", r"\1", p) for p in paras if p]


@dataclass
class Shot:
    id: int
    ts: int
    label: str
    uri: str
    width: int | None
    height: int | None
    ui_action_id: int | None = None
    relative: str = ""


@dataclass
class Card:
    """One SDK × phase × article: a sentence, times, a picture, and the findings it groups."""
    key: str
    caller: str
    who: str
    phase: str
    article: str
    severity: str
    title: str
    findings: list[Any] = field(default_factory=list)
    first_ms: int = 0
    relative: str = ""
    shot: Shot | None = None
    review: bool = False


def shots(data: Any) -> list[Shot]:
    out = []
    for s in getattr(data, "screenshots", None) or []:
        uri = "data:image/png;base64," + base64.b64encode(s.png).decode("ascii")
        out.append(Shot(s.id, s.ts, s.label, uri, s.width, s.height, s.ui_action_id))
    return out


def shot_at(all_shots: list[Shot], ts: int | None) -> Shot | None:
    """The last picture taken at or before ``ts`` (else the first after it)."""
    if not all_shots or ts is None:
        return None
    before = [s for s in all_shots if s.ts <= ts]
    return before[-1] if before else all_shots[0]


def _pi_words(names: list[str], _: Gettext) -> str:
    shown = [_(PI_NAMES[n]) if n in PI_NAMES else n for n in names]
    if len(shown) > 6:
        shown = shown[:6] + [_("%(n)s more") % {"n": len(names) - 6}]
    return _(", ").join(shown)


def cards(data: Any, _: Gettext, lang: str, all_shots: list[Shot]) -> list[Card]:
    tl = data.timeline
    marks = W.anchors(tl)
    pis: dict[str, set[str]] = defaultdict(set)
    for c in tl.calls:
        if c.pi:
            pis[c.api].add(c.pi)
    flows_pi: dict[str, set[str]] = defaultdict(set)
    for fl in tl.flows:
        for m in fl.matches:
            flows_pi[f"net:{fl.host}"].add(str(m.get("kind")))
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for f in data.findings:
        art = (articles_of(f.article) or [f.article])[0]
        groups[(f.caller, f.phase, art)].append(f)
    out = []
    for (caller, phase, art), fs in groups.items():
        fs.sort(key=lambda f: f.first_ms)
        who = sdk_label(caller, lang) if caller != "app" else _("the app")
        reads = sorted({p for f in fs if not f.api.startswith("net:") and f.api != "-" for p in
                        (pis.get(f.api) or {f.api.rsplit(".", 1)[-1]})})
        hosts = sorted({f.api[4:] for f in fs if f.api.startswith("net:")})
        sent = sorted({k for f in fs if f.api.startswith("net:") for k in flows_pi.get(f.api, ())})
        ph = W.phase(phase, _)
        parts = []
        if reads:
            parts.append(_("%(who)s read %(what)s (%(phase)s)") % {"who": who, "what": _pi_words(reads, _), "phase": ph})
        if hosts:
            parts.append(_("%(who)s sent %(what)s to %(hosts)s (%(phase)s)") % {
                "who": who, "what": _pi_words(sent, _) or _("personal information"), "hosts": _(", ").join(hosts[:4]),
                "phase": ph})
        others = sorted({f.rule for f in fs if f.api == "-" or not (f.api.startswith("net:") or pis.get(f.api)
                                                                      or f.category in W.CATEGORIES)})
        if not parts or others:
            rules = {r.code: r for r in getattr(data, "rules", [])}
            for code in others or sorted({f.rule for f in fs}):
                r = rules.get(code)
                parts.append(_("%(what)s (%(who)s, %(phase)s)") % {
                    "what": _(r.summary).rstrip(".。") if r else code, "who": who, "phase": ph})
        first = fs[0].first_ms
        out.append(Card(
            key=re.sub(r"[^A-Za-z0-9]+", "-", f"{caller}-{phase}-{art}").strip("-"), caller=caller, who=who,
            phase=phase, article=art, severity=W.worst(f.severity for f in fs) or "info", title=_("; ").join(parts),
            findings=fs, first_ms=first, relative=W.relative(first, marks, _), shot=shot_at(all_shots, first),
            review=all(getattr(f, "kind", "auto") == "assisted" for f in fs)))
    order = {s: i for i, s in enumerate(W.SEVERITY_ORDER)}
    out.sort(key=lambda c: (order.get(c.severity, 9), c.first_ms))
    return out


def step_log(data: Any, _: Gettext, all_shots: list[Shot]) -> list[dict[str, Any]]:
    """The scenario as it ran: each UI action (with the tapped control's text), dialog, consent transition and
    mark (asserts and notes say whether they held), with the picture taken then."""
    tl = data.timeline
    by_action = {s.ui_action_id: s for s in all_shots if s.ui_action_id is not None}
    rows: list[dict[str, Any]] = []
    for a in tl.ui_actions:
        target = a.target or {}
        text = target.get("text") or target.get("resource-id") or target.get("content-desc") or ""
        rows.append({"ts": a.ts, "what": _("action"), "detail": a.kind, "text": str(text)[:200],
                     "ok": True, "shot": by_action.get(a.id) or shot_at([s for s in all_shots if s.label == a.kind]
                                                                          , a.ts)})
    for d in tl.dialogs:
        rows.append({"ts": d.ts, "what": _("dialog"), "detail": d.kind + (" (preselected)" if d.preselected else ""),
                     "text": "", "ok": not d.preselected,
                     "shot": next((s for s in all_shots if s.label == f"dialog: {d.kind}" and abs(s.ts - d.ts) < 3000),
                                  None)})
    for t in tl.transitions:
        if t.source == "derived":
            continue
        rows.append({"ts": t.ts, "what": _("consent"), "detail": f"{W.phase(t.from_state, _)} → {W.phase(t.to_state, _)}",
                     "text": "", "ok": True,
                     "shot": next((s for s in all_shots if s.label == f"consent: {t.to_state}"
                                   and abs(s.ts - t.ts) < 3000), None)})
    for m in tl.marks:
        failed = "FAILED" in m.note or "not found" in m.note or "failed" in m.note
        rows.append({"ts": m.ts, "what": _("note"), "detail": m.note[:500], "text": "", "ok": not failed,
                     "shot": None})
    rows.sort(key=lambda r: r["ts"])
    return rows


def call_rows(data: Any, limit: int) -> list[dict[str, Any]]:
    tl = data.timeline
    return [{"ts": c.ts, "api": c.api, "category": c.category, "pi": c.pi or "", "caller": c.caller or "app",
             "phase": tl.phase_at(c.ts), "fg": tl.foreground_at(c.ts), "args": ", ".join(c.args)[:300],
             "ret": (c.ret or "")[:200], "exception": (c.exception or "")[:200], "frame": f"{c.stack[0].cls}.{c.stack[0].method}" if c.stack else "",
             "thread": c.thread or "", "count": c.count} for c in tl.calls[:limit]]


def sdk_summary(data: Any, _: Gettext, lang: str) -> list[dict[str, Any]]:
    """The manager's per-SDK row: vendor, Chinese name, what it collected (GB/T 35273 names), in which phases,
    where it sent it, disclosed or not."""
    tl = data.timeline
    phases: dict[str, set[str]] = defaultdict(set)
    for c in tl.calls:
        if c.caller and c.caller != "app":
            phases[c.caller].add(tl.phase_at(c.ts))
    for fl in tl.flows:
        if fl.caller and fl.matches:
            phases[fl.caller].add(tl.phase_at(fl.ts))
    rows = []
    for r in data.sdks:
        caller = r.sdk if r.sdk.startswith("other:") else f"sdk:{r.sdk}"
        rows.append({
            "sdk": r.sdk, "name": r.name.split(" (")[0], "zh": zh_name(r.sdk), "vendor": r.vendor,
            "collected": [W.category(c, _) for c in r.collecting],
            "phases": [W.phase(p, _) for p in sorted(phases.get(caller, ()), key=lambda p: list(W.PHASES).index(p)
                                                     if p in W.PHASES else 9)],
            "sent_to": list(r.sending), "pi_kinds": list(r.pi_kinds),
            "disclosed": r.disclosed, "disclosure_given": r.disclosure_given, "present": r.present,
        })
    return rows


def verdict_rows(data: Any, _: Gettext, lang: str) -> list[dict[str, Any]]:
    rules = getattr(data, "rules", None)
    if rules is None:
        from monitor.rules.registry import all_rules

        rules = all_rules()
    out = []
    for v, d in zip(vs := verdicts(rules, data.findings, data.timeline, data.run.config or {}),
                    as_dicts(vs)):
        d["title"] = _(ARTICLE_TITLES[v.article]) if v.article in ARTICLE_TITLES else ""
        d["quote"] = quote(v.article, lang)
        d["verdict_text"] = _(W.VERDICTS[v.status])
        d["worst_text"] = W.severity(v.worst, _) if v.worst else ""
        for item, raw in zip(d["items"], v.items):
            item["verdict_text"] = _(W.VERDICTS[raw.status])
            item["reason_text"] = _(raw.reason) if raw.reason else ""
            item["name"] = raw.name
        out.append(d)
    return out


def hooks_missing(data: Any) -> list[dict[str, str]]:
    raw = (data.run.config or {}).get("hooks_missing") or []
    return [{"class": str(m.get("class", "")), "method": str(m.get("method", "")), "reason": str(m.get("reason", ""))}
            for m in raw if isinstance(m, dict)]


def hooks_missing_or_none(data: Any) -> list[dict[str, str]] | None:
    """None when the run did not record it (older runs, no agent attached)."""
    if not isinstance((data.run.config or {}).get("hooks_missing"), list):
        return None
    return hooks_missing(data)
