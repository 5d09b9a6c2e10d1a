"""``findings.xlsx``: sheets Summary, Findings (one row per finding, filterable, frozen header), SDKs (present /
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
from openpyxl.styles import Font, PatternFill
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


def _row(ws: Any, values: list[Any], fill: PatternFill | None = None, bold: bool = False) -> list[WriteOnlyCell]:
    cells = []
    for v in values:
        c = WriteOnlyCell(ws, value=_cell(v))
        if isinstance(c.value, str):
            c.data_type = "s"  # never a formula
        if bold:
            c.font = Font(bold=True)
        cells.append(c)
    if fill is not None and cells:
        cells[0].fill = fill
    return cells


def _sheet(ws: Any, header: list[str], rows: Iterable[list[Any]], widths: list[int], fills: bool = False) -> None:
    """A write-only sheet (constant memory, linear time): bold frozen header, auto-filter, widths."""
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.append(_row(ws, header, bold=True))
    n = 1
    for row in rows:
        fill = PatternFill("solid", fgColor=FILLS[row[0]]) if fills and row and row[0] in FILLS else None
        ws.append(_row(ws, row, fill))
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n}"


def write_xlsx(data: ReportData, path: Path) -> None:
    run, tl = data.run, data.timeline
    start = tl.start
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Summary")
    summary.column_dimensions["A"].width = 22
    summary.column_dimensions["B"].width = 60
    for k, v in (("app", run.app_package), ("label", run.app_label), ("scenario", run.scenario),
                 ("device", f"{run.device_kind} {run.device_serial or ''}".strip()), ("run id", run.id),
                 ("status", run.status), ("status reason", run.status_reason), ("started (UTC)", _when(run.started_ms)),
                 ("ended (UTC)", _when(run.ended_ms)), ("calls", len(tl.calls)), ("findings", len(data.findings)),
                 ("consent dialog seen", tl.consent_dialog_seen())):
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
             tl.foreground_at(c.ts), c.thread, ", ".join(c.args), c.ret,
             f"{c.stack[0].cls}.{c.stack[0].method}" if c.stack else ""] for c in tl.calls[:MAX_CALL_ROWS]),
           [9, 22, 50, 14, 12, 20, 12, 10, 14, 30, 30, 50])
    wb.save(path)
