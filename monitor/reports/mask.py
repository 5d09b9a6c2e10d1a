"""Identifiers masked in reports (issue 12 point 6): reports leave the lab, so the device's identifiers in them —
IMEI, MEID, IMSI, ICCID, phone number, serial, MACs, BSSID, android_id, OAID/VAID/AAID, GAID, Widevine ID — show
as ``8654*******1234`` unless the reader asked for them (``--reveal``; ``pimon serve``: the admin role).

The values are the identifiers the app read in this run (the return values of calls whose catalog ``pi`` is an
identifier). Every place a report prints app data is masked: calls (args, ret), findings (evidence, message), the
run's config and failure reason, the requests table's paths; in the requests shown in full, the matched values are
masked by :mod:`monitor.reports.flows`. ``--redact`` goes further: the database never holds them (``monitor/redact.py``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from monitor.redact import IDENTIFIER_KEYS, PLACEHOLDERS

IDENTIFIER_PI = frozenset({*IDENTIFIER_KEYS.values(), "widevine-id", "wifi-mac", "phone", "sim-serial"})
MIN_LEN = 6  # shorter values (a "0" slot index) are not identifiers worth a mask and would match everywhere


def mask_value(value: str) -> str:
    """``865412345671234`` -> ``8654*******1234``: the ends kept so a reader can tell values apart (at most 4 + 4
    characters, fewer for short values), the rest starred."""
    n = len(value)
    keep = 4 if n >= 12 else 2 if n >= 8 else 0
    return value[:keep] + "*" * (n - 2 * keep) + (value[n - keep:] if keep else "")


def identifier_values(calls: Iterable[Any]) -> set[str]:
    out = set()
    for c in calls:
        if c.pi in IDENTIFIER_PI and c.ret:
            v = str(c.ret).strip().strip('"')
            if len(v) >= MIN_LEN and v.lower() not in PLACEHOLDERS:
                out.add(v)
    return out


class Masker:
    def __init__(self, values: Iterable[str]) -> None:
        vals = sorted({v for v in values if len(v) >= MIN_LEN}, key=len, reverse=True)
        self._re = re.compile("|".join(re.escape(v) for v in vals), re.IGNORECASE) if vals else None

    def __bool__(self) -> bool:
        return self._re is not None

    def text(self, s: Any) -> Any:
        if self._re is None or not isinstance(s, str):
            return s
        return self._re.sub(lambda m: mask_value(m.group(0)), s)

    def tree(self, obj: Any) -> Any:
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, dict):
            return {k: self.tree(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return type(obj)(self.tree(v) for v in obj)
        return obj


def mask_report(data: Any) -> None:
    """Mask the identifiers of ``data`` (a ``monitor.reports.ReportData``) in place."""
    tl = data.timeline
    m = Masker(identifier_values(tl.calls))
    if not m:
        return
    tl.calls = [c if not (c.args or c.ret or c.exception) else
                dataclasses.replace(c, args=m.tree(tuple(c.args)), ret=m.text(c.ret), exception=m.text(c.exception))
                for c in tl.calls]
    tl.flows = [dataclasses.replace(f, path=m.text(f.path)) if f.path else f for f in tl.flows]
    for f in data.findings:
        f.evidence = m.tree(f.evidence)
        f.message = m.text(f.message)
        f.caller_frame = m.tree(f.caller_frame)
    data.run = dataclasses.replace(data.run, config=m.tree(data.run.config), status_reason=m.text(data.run.status_reason))
    # data.flows (the requests shown with their bodies) are left as stored: monitor.reports.flows masks each value
    # the matcher found there, by its offsets, unless reveal
