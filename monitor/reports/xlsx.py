"""``findings.xlsx``: first the testers' sheet 行为记录 in camille's Chinese columns (隐私政策状态 / 时间点 / 行为主体 /
操作行为 / 行为描述 / 传入参数 / 调用堆栈: one row per recorded call, the full stack one frame a line), then
sheets of the consent transitions (同意状态变化), the scenario's UI steps (界面步骤), then Summary, Findings (one row per finding, filterable, frozen header), SDKs (present /
collecting / sending / disclosed, ``monitor.reports.sdk_table``) and Calls (every recorded call with its phase, foreground state and caller). App strings are written as
text, never as formulas (a value starting with ``=`` stays a string), illegal characters replaced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monitor.reports.data import ReportData

MAX_CALL_ROWS = 200_000
FILLS = {"critical": "E57373", "high": "EF9A9A", "medium": "FFCC80", "low": "FFF59D", "info": "CFD8DC"}


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool, dt.datetime)):
        return value
    s = str(value)[:32000].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", s)


def _when(ms: int | None) -> Any:
    return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(tzinfo=None)


def _row(ws: Any, values: list[Any], fill: PatternFill | None = None, bold: bool = False,
         time_cols: tuple[int, ...] = (), wrap_cols: tuple[int, ...] = ()) -> list[WriteOnlyCell]:
    cells = []
    for i, v in enumerate(values, 1):
        c = WriteOnlyCell(ws, value=_cell(v))
        if isinstance(c.value, str):
            c.data_type = "s"  # never a formula
        if bold:
            c.font = Font(bold=True)
        elif i in time_cols and isinstance(c.value, dt.datetime):
            c.number_format = "yyyy-mm-dd hh:mm:ss.000"
        elif i in wrap_cols:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(c)
    if fill is not None and cells:
        cells[0].fill = fill
    return cells


def _sheet(ws: Any, header: list[str], rows: Iterable[list[Any]], widths: list[int], fills: bool = False,
           time_cols: tuple[int, ...] = (), wrap_cols: tuple[int, ...] = ()) -> None:
    """A write-only sheet (constant memory, linear time): bold frozen header, auto-filter, widths."""
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.append(_row(ws, header, bold=True))
    n = 1
    for row in rows:
        fill = PatternFill("solid", fgColor=FILLS[row[0]]) if fills and row and row[0] in FILLS else None
        ws.append(_row(ws, row, fill, time_cols=time_cols, wrap_cols=wrap_cols))
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n}"


CAMILLE = ["隐私政策状态", "时间点", "行为主体", "操作行为", "行为描述", "传入参数", "调用堆栈"]


def _stack_text(stack: Any) -> str:
    return "\n".join(f"at {f.cls}.{f.method}({f.file or '?'}:{f.line if f.line is not None else '?'})" for f in stack)


def _camille(wb: Any, data: ReportData) -> None:
    """The sheet testers know from camille, in Chinese (its columns and words), every call with its full stack."""
    ws = wb.create_sheet("行为记录")
    _sheet(ws, CAMILLE, _camille_rows(data), [18, 24, 26, 56, 40, 40, 90], time_cols=(2,), wrap_cols=(7,))


#: The camille-style sheet is in Chinese whatever the report's language (its columns are camille's).
CAMILLE_LANG = "zh-CN"


def _camille_rows(data: ReportData) -> Iterable[list[Any]]:
    from monitor.reports import view as V
    from monitor.reports import words as W
    from monitor.reports.i18n import translations

    zh = translations(CAMILLE_LANG).gettext
    tl = data.timeline

    def who(caller: str | None) -> str:
        if not caller or caller == "app":
            return "APP"
        label = V.sdk_label(caller, "zh-CN")
        return f"{label}（{caller}）" if label != caller else caller

    def what(c: Any) -> str:
        pi = zh(V.PI_NAMES[c.pi]) if c.pi in V.PI_NAMES else (c.pi or "")
        return W.category(c.category, zh) + (f"：{pi}" if pi else "")

    return ([W.phase(tl.phase_at(c.ts), zh), _when(c.ts), who(c.caller), c.api, what(c),
             ", ".join(c.args), _stack_text(c.stack)] for c in tl.calls[:MAX_CALL_ROWS])


def _transitions(wb: Any, data: ReportData, _: Any) -> None:
    from monitor.reports import words as W

    tl = data.timeline
    actions = {a.id: a for a in tl.ui_actions}

    def cause(t: Any) -> str:
        a = actions.get(t.ui_action_id)
        if a is None:
            return _("privacy dialog shown") if t.source == "derived" else ""
        return f"{a.kind} “{(a.target or {}).get('text', '')}”" if (a.target or {}).get("text") else a.kind

    _sheet(wb.create_sheet(_("Consent transitions")[:31]),
           [_("time"), _("run time") + " (s)", _("from"), _("to"), _("source"), _("caused by")],
           ([_when(t.ts), round((t.ts - tl.start) / 1000, 3), W.phase(t.from_state, _), W.phase(t.to_state, _),
             t.source, cause(t)] for t in tl.transitions),
           [24, 12, 26, 26, 12, 40], time_cols=(1,))


def _steps(wb: Any, data: ReportData, _: Any) -> None:
    from monitor.reports import view as V

    tl = data.timeline
    _sheet(wb.create_sheet(_("UI steps")[:31]),
           [_("time"), _("run time") + " (s)", _("step"), _("what"), _("control text"), _("screenshot")],
           ([_when(s["ts"]), round((s["ts"] - tl.start) / 1000, 3), s["what"], s["detail"], s["text"],
             f"#{s['shot'].id}" if s["shot"] else ""] for s in V.step_log(data, _, V.shots(data))),
           [24, 12, 12, 60, 30, 12], time_cols=(1,))


def write_xlsx(data: ReportData, path: Path) -> None:
    from monitor.reports.i18n import translations

    _ = translations(data.lang).gettext
    run, tl = data.run, data.timeline
    start = tl.start
    wb = Workbook(write_only=True)
    _camille(wb, data)
    _transitions(wb, data, _)
    _steps(wb, data, _)
    summary = wb.create_sheet("Summary")
    summary.column_dimensions["A"].width = 22
    summary.column_dimensions["B"].width = 60
    for k, v in (("app", run.app_package), ("label", run.app_label), ("scenario", run.scenario),
                 ("device", f"{run.device_kind} {run.device_serial or ''}".strip()), ("run id", run.id),
                 ("status", run.status), ("status reason", run.status_reason), ("started (UTC)", _when(run.started_ms)),
                 ("ended (UTC)", _when(run.ended_ms)), ("calls", sum(c.count for c in tl.calls)), ("findings", len(data.findings)),
                 ("consent dialog seen", tl.consent_dialog_seen()), ("pimon version", run.pimon_version)):
        cells = _row(summary, [k, v])
        if k == "status" and run.status != "completed":
            cells[1].fill = PatternFill("solid", fgColor="EF9A9A")
        summary.append(cells)

    _sheet(wb.create_sheet("Findings"),
           ["severity", "rule", "article", "api", "category", "caller", "chain", "frame", "phase", "count",
            "first (s)", "last (s)", "first (UTC)", "message", "args", "ret"],
           ([f.severity, f.rule, f.article, f.api, f.category, f.caller, " → ".join(f.chain or []),
             f"{(f.caller_frame or {}).get('class', '')}.{(f.caller_frame or {}).get('method', '')}" if f.caller_frame else "",
             f.phase, f.count, round((f.first_ms - start) / 1000, 3), round((f.last_ms - start) / 1000, 3),
             _when(f.first_ms), f.message, ", ".join(map(str, f.evidence.get("args") or [])),
             f.evidence.get("ret")] for f in data.findings),
           [10, 30, 10, 50, 14, 20, 24, 50, 12, 7, 9, 9, 22, 70, 30, 30], fills=True)

    _sheet(wb.create_sheet("SDKs"),
           ["sdk", "name", "vendor", "category", "in the app", "classes", "calls", "collecting", "requests",
            "with PI", "hosts", "PI kinds", "disclosed as", "to review"],
           ([r.sdk, r.name, r.vendor, r.category, "unknown" if r.present is None else r.present, r.classes, r.calls,
             ", ".join(r.collecting), r.flows, r.flows_with_pi, ", ".join(r.sending), ", ".join(r.pi_kinds),
             r.disclosed or ("" if r.disclosure_given else "(no disclosure file)"), "; ".join(r.gaps)]
            for r in data.sdks),
           [14, 30, 24, 14, 10, 8, 7, 30, 9, 8, 40, 24, 24, 50])

    _sheet(wb.create_sheet("Calls"),
           ["t (s)", "time (UTC)", "api", "category", "pi", "caller", "phase", "foreground", "thread", "args",
            "ret", "first frame"],
           ([round((c.ts - start) / 1000, 3), _when(c.ts), c.api, c.category, c.pi, c.caller, tl.phase_at(c.ts),
             tl.foreground_at(c.ts), c.thread, ", ".join(c.args), c.ret if c.exception is None else c.exception,
             f"{c.stack[0].cls}.{c.stack[0].method}" if c.stack else ""] for c in tl.calls[:MAX_CALL_ROWS]),
           [9, 22, 50, 14, 12, 20, 12, 10, 14, 30, 30, 50])
    wb.save(path)


def write_suite_xlsx(store: Any, runs: list[tuple[Any, Any]], path: Path, lang: str) -> None:
    """The suite's workbook: a sheet of the runs (app, scenario, device, status, findings, worst severity), then
    every run's calls in camille's Chinese columns, with the run's app, scenario and device in front."""
    from monitor.reports import words as W
    from monitor.reports.data import collect
    from monitor.reports.i18n import translations

    _ = translations(lang).gettext
    wb = Workbook(write_only=True)
    _sheet(wb.create_sheet(_("Runs")[:31]),
           [_("run"), _("app"), _("scenario"), _("device"), _("status"), _("findings"), _("worst severity")],
           ([r.run_id, str(p.app), p.scenario.name, p.device, r.status, len(r.findings),
             W.worst(str(getattr(f.severity, "value", f.severity)) for f in r.findings) or ""] for p, r in runs),
           [8, 24, 26, 18, 14, 9, 14])
    ws = wb.create_sheet("行为记录")
    header = ["运行", "应用", "场景", "设备", *CAMILLE]

    def rows() -> Iterable[list[Any]]:
        for p, r in runs:
            data = collect(store, r.run_id)
            for row in _camille_rows(data):
                yield [r.run_id, str(p.app), p.scenario.name, p.device, *row]

    _sheet(ws, header, rows(), [8, 20, 22, 14, 18, 24, 26, 56, 40, 40, 90], time_cols=(6,), wrap_cols=(11,))
    wb.save(path)
