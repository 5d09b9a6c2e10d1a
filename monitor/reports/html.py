"""The self-contained ``report.html``: jinja2 with autoescape, no script, no external resources.

A Content-Security-Policy forbids every script and remote fetch, so even an escaping bug could not
run app-controlled code; the escaping itself is tested with hostile strings in a real browser.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from monitor.reports.data import ReportData
from monitor.reports.flows import request_view
from monitor.rules.registry import all_rules

WIDTH = 1000  # SVG user units of the time axis
MAX_CALLER_ROWS = 12
MAX_FLOW_ROWS = 300
MAX_CALL_ROWS = 5000  # the report's call table (the xlsx holds up to 200 000)
PHASE_COLOURS = {"unknown": "#9e9e9e", "pre-consent": "#f0a202", "consented": "#2e7d32", "refused": "#c62828",
                 "withdrawn": "#6a1b9a"}
SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def show(value: Any, limit: int = 300) -> Markup:
    """Escape an app-controlled value for display: bounded, bidi overrides and controls made visible."""
    s = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    more = len(s) - limit
    if more > 0:
        s = s[:limit]
    s = s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    s = _BIDI.sub(lambda m: f"\u27e6U+{ord(m.group()):04X}\u27e7", s)
    s = _CTRL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)
    out = escape(s)
    if more > 0:
        out += Markup('<span class="more">… {} more characters</span>').format(more)
    return out


def short(value: Any, limit: int = 300) -> str:
    """Plain-text variant of :func:`show` for SVG text and titles (HTML markup would break out of SVG)."""
    s = value if isinstance(value, str) else str(value)
    if len(s) > limit:
        s = s[: max(limit - 1, 1)] + "…"
    s = s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    s = _BIDI.sub(lambda m: f"\u27e6U+{ord(m.group()):04X}\u27e7", s)
    return _CTRL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


@dataclass
class Box:
    x: float
    w: float
    label: str
    colour: str
    title: str


def _clock(ms: int | None) -> str:
    if ms is None:
        return "—"
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"


class _Axis:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.span = start, max(end - start, 1)

    def x(self, ts: int) -> float:
        return round((ts - self.start) * WIDTH / self.span, 2)

    def rel(self, ts: int | None) -> str:
        return "—" if ts is None else f"+{(ts - self.start) / 1000:.3f} s"


def _timeline_view(data: ReportData, tr: Any = None, labels: Any = None) -> dict[str, Any]:
    """The SVG's rows and marks; ``tr`` translates, ``labels`` names a caller (``sdk:umeng`` -> 友盟+)."""
    from monitor.reports import words as W

    tr = tr or (lambda s: s)
    labels = labels or (lambda c: c)
    tl = data.timeline
    axis = _Axis(tl.start, tl.end)
    end = tl.end
    phases = []
    for s in tl.segments():
        stop = s.end if s.end is not None else end
        x, x2 = axis.x(s.start), axis.x(max(stop, s.start))
        phases.append(Box(x, max(x2 - x, 0.5), W.phase(s.state, tr), PHASE_COLOURS.get(s.state, "#000"),
                          f"{W.phase(s.state, tr)}: {axis.rel(s.start)} – {axis.rel(stop)}"))
    fg: list[Box] = []
    marks = [x for x in tl.lifecycle if x.kind in ("foreground", "background", "process-start", "process-exit")]
    points = [(tl.start, tl.foreground_at(tl.start))] + [(x.ts, tl.foreground_at(x.ts)) for x in marks]
    for (a, state), (b, _) in zip(points, points[1:] + [(end, None)]):
        if b > a:
            fg.append(Box(axis.x(a), axis.x(b) - axis.x(a), "foreground" if state else "background",
                          "#90caf9" if state else "#37474f", f"{'foreground' if state else 'background'} "
                                                             f"{axis.rel(a)} – {axis.rel(b)}"))
    callers: dict[str, list[Any]] = defaultdict(list)
    for c in tl.calls:
        callers[c.caller or "app"].append(c)
    ordered = sorted(callers.items(), key=lambda kv: -sum(c.count for c in kv[1]))
    if len(ordered) > MAX_CALLER_ROWS:
        rest = [c for _, cs in ordered[MAX_CALLER_ROWS - 1:] for c in cs]
        ordered = ordered[: MAX_CALLER_ROWS - 1] + [(f"{len(ordered) - MAX_CALLER_ROWS + 1} more callers", rest)]
    rows = []
    for caller, calls in ordered:
        ticks: dict[int, list[Any]] = {}
        for c in calls:  # one tick per pixel: bounded however many calls there were
            ticks.setdefault(int(axis.x(c.ts)), []).append(c)
        rows.append({"caller": caller, "label": labels(caller), "count": sum(c.count for c in calls), "ticks": [
            {"x": px, "colour": PHASE_COLOURS.get(tl.phase_at(cs[0].ts), "#000"),
             "title": f"{cs[0].api} {axis.rel(cs[0].ts)}" + (f" (+{len(cs) - 1} more)" if len(cs) > 1 else "")}
            for px, cs in sorted(ticks.items())]})
    by_action = {s.ui_action_id: s.id for s in data.screenshots if s.ui_action_id is not None}
    shot_ids = [(s.ts, s.id, s.label) for s in data.screenshots]

    def dialog_shot(d: Any) -> int | None:
        return next((i for ts, i, label in shot_ids if label == f"dialog: {d.kind}" and abs(ts - d.ts) < 3000), None)

    events = [{"x": axis.x(a.ts), "title": f"UI {a.kind} {axis.rel(a.ts)} (#{a.id})"
               + (f" “{str(a.target.get('text'))[:60]}”" if a.target and a.target.get("text") else ""),
               "shot": by_action.get(a.id)} for a in tl.ui_actions[:500]]
    events += [{"x": axis.x(d.ts), "title": f"{d.kind} dialog{' (preselected)' if d.preselected else ''} "
                                            f"{axis.rel(d.ts)}", "shot": dialog_shot(d)} for d in tl.dialogs[:200]]
    restarts = [{"x": axis.x(ts), "title": f"restart {axis.rel(ts)}"} for ts in tl.restarts()[:200]]
    notes = [{"x": axis.x(m.ts), "title": f"mark {axis.rel(m.ts)}: {m.note[:200]}"} for m in tl.marks[:200]]
    net = _net_ticks(tl, axis)
    consent_lines = []
    for a in W.anchors(tl)[:50]:  # the privacy dialog and each consent transition, across every row
        if a.kind == "dialog":
            label, colour = tr("privacy dialog"), PHASE_COLOURS["pre-consent"]
        else:
            label = f"“{a.text}”" if a.text else W.phase(a.state, tr)
            colour = PHASE_COLOURS.get(a.state, "#000")
        consent_lines.append({"x": axis.x(a.ts), "label": label, "colour": colour,
                              "title": f"{label} {axis.rel(a.ts)} → {W.phase(a.state, tr) if a.state else ''}"})
    return {"phases": phases, "fg": fg, "rows": rows, "events": events, "restarts": restarts, "notes": notes,
            "consent_lines": consent_lines,
            "net": net, "net_y": 96 + 18 * len(rows), "height": 110 + 18 * (len(rows) + bool(net)), "axis": axis,
            "end": end}


def _net_ticks(tl: Any, axis: _Axis) -> list[dict[str, Any]]:
    """One tick per pixel of the requests row: full height and phase colour when PI was sent."""
    ticks: dict[int, list[Any]] = {}
    for f in tl.flows:
        ticks.setdefault(int(axis.x(f.ts)), []).append(f)
    out = []
    for px, fs in sorted(ticks.items()):
        pi = [f for f in fs if f.matches]
        first = (pi or fs)[0]
        kinds = sorted({str(m.get("kind")) for m in first.matches})
        title = (f"{first.method} {first.scheme}://{first.host} {axis.rel(first.ts)}"
                 + (f" — PI: {', '.join(kinds)}" if kinds else " — no PI found")
                 + (f" (+{len(fs) - 1} more)" if len(fs) > 1 else ""))
        out.append({"x": px, "pi": bool(pi), "title": title,
                    "colour": PHASE_COLOURS.get(tl.phase_at(first.ts), "#000") if pi else "#bdbdbd"})
    return out


def _shown_transitions(data: ReportData) -> list[Any]:
    """Transitions for the table: a derived ``pre-consent`` is left out when the scenario recorded its own
    within 2 s (the phase still starts at the dialog)."""
    ts = data.timeline.transitions
    return [t for i, t in enumerate(ts)
            if not (t.source == "derived" and i + 1 < len(ts) and ts[i + 1].to_state == t.to_state
                    and ts[i + 1].ts - t.ts <= 2000)]


def css_string(value: Any) -> Markup:
    """Text for a CSS string literal inside <style> (page headers): everything but plain letters, digits, CJK
    and a few punctuation marks as CSS hex escapes, so no quote, backslash or ``</style>`` can break out."""
    s = short(value, 200)
    return Markup("".join(ch if (ch.isalnum() and ord(ch) < 0x2000) or "\u4e00" <= ch <= "\u9fff" or ch in " .,:#()_-+·/"
                          else f"\\{ord(ch):06x} " for ch in s))


class _CompiledTemplates(BytecodeCache):
    """The report templates' compiled code, kept for the process: every report environment has the same options,
    so a template is compiled once (jinja checks the source's checksum before it reuses the code)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Any) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _env(lang: str = "en") -> Environment:
    from monitor.reports.i18n import translations

    env = Environment(loader=PackageLoader("monitor.reports", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
                      bytecode_cache=_COMPILED)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.filters["show"] = show
    env.filters["short"] = short
    env.filters["clock"] = _clock
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1, default=str)
    return env


def render_html(data: ReportData, *, print_mode: bool = False, nav: Markup | None = None) -> str:
    """report.html in ``data.lang``; ``print_mode``: every section expanded (the PDF's source); ``nav``: markup
    put above the report (``pimon serve``'s Run page: the same template, with its links)."""
    from monitor.reports import view as V
    from monitor.reports import words as W
    from monitor.reports.data import system_summary
    from monitor.reports.i18n import translations

    lang = data.lang
    _ = translations(lang).gettext
    view = _timeline_view(data, _, lambda c: V.sdk_label(c, lang) if c.startswith("sdk:") else c)
    axis = view["axis"]
    by_article = [(art, list(fs)) for art, fs in groupby(data.findings, key=lambda f: f.article)]
    rules = {r.code: r for r in (data.rules or all_rules())}
    all_shots = V.shots(data)
    marks = W.anchors(data.timeline)
    for s in all_shots:
        s.relative = W.relative(s.ts, marks, _)  # type: ignore[attr-defined]
    inv = data.inventory
    config = data.run.config or {}
    seal = config.get("seal")
    seal_text = (seal.get("head") or "") if isinstance(seal, dict) else ""
    header = f"pimon · {data.run.app_package}" + (f" {inv.version_name}" if inv is not None and
                                                   getattr(inv, "version_name", None) else "") + f" · run {data.run.id}"
    extra_meta = [(_("Seal"), str(seal_text))] if seal_text else []
    counts = {s: sum(1 for f in data.findings if f.severity == s) for s in SEVERITY_ORDER}
    flows = {f.id: f for f in data.flows}

    def request_for(evidence: Any) -> Any:
        flow = flows.get(evidence.get("flow")) if isinstance(evidence, dict) else None
        return request_view(flow, flow.matches or [], data.reveal) if flow is not None else None

    html = _env(lang).get_template("report.html.j2").render(
        run=data.run, tl=data.timeline, findings=data.findings, by_article=by_article, rules=rules,
        view=view, rel=axis.rel, colours=PHASE_COLOURS, counts=counts, width=WIDTH,
        actions={a.id: a for a in data.timeline.ui_actions},
        transitions=_shown_transitions(data),
        per_rule={code: sum(1 for f in data.findings if f.rule == code) for code in rules},
        generated=_clock(data.generated_ms), request_for=request_for, max_flows=MAX_FLOW_ROWS, reveal=data.reveal,
        sdks=data.sdks, inventory=data.inventory, accepted=data.accepted, lang=lang, print=print_mode,
        verdicts=V.verdict_rows(data, _, lang), sdk_summary=V.sdk_summary(data, _, lang),
        cards=V.cards(data, _, lang, all_shots), steps=V.step_log(data, _, all_shots), shots=all_shots,
        calls=V.call_rows(data, MAX_CALL_ROWS), hooks_missing=V.hooks_missing_or_none(data),
        phase_keys=list(W.PHASES), phase=lambda p: W.phase(p, _), category=lambda c: W.category(c, _),
        sev=lambda s: W.severity(s, _), relative=lambda ts: W.relative(ts, marks, _),
        help=lambda r: [_(p) for p in V.prose(r.doc)],  # a paragraph the catalog translates, else English
        app_version=getattr(inv, "version_name", None) if inv is not None else None,
        page_header=header, page_seal=(_("seal") + " " + str(seal_text)[:24]) if seal_text else "",
        extra_meta=extra_meta, system_calls=system_summary(data.timeline)["system_calls"],
        destinations=data.destinations, nav=nav,
    )
    if print_mode:
        html = html.replace("<details>", "<details open>")
        html = re.sub(r'<details (?![^>]*keep-closed)', "<details open ", html)
    return html
