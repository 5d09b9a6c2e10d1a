"""The notification's content, from a suite report directory; rendered as Markdown (chat bots), plain
text and HTML (e-mail). App-controlled strings (APIs, callers) are escaped for each format and cut short."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError

MAX_ITEMS = 15
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~>-])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(value: Any, limit: int = 160) -> str:
    """One line, no control or bidi characters, bounded."""
    s = _CONTROL.sub("?", " ".join(str(value).split()))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def md(value: Any, limit: int = 160) -> str:
    """Escaped for Markdown: an app string cannot make a link, an image or a heading."""
    return _MD_SPECIAL.sub(r"\\\1", plain(value, limit))


@dataclass
class Item:
    rule: str
    severity: str
    app: str
    scenario: str
    api: str
    caller: str

    def text(self, esc: Any) -> str:
        return f"[{esc(self.severity, 12)}] {esc(self.rule, 64)} {esc(self.app, 80)} × {esc(self.scenario, 60)}: " \
               f"{esc(self.api, 120)} ({esc(self.caller, 60)})"


@dataclass
class Message:
    suite: str
    runs: int
    failed_runs: int
    findings: int
    against: str | None
    new: list[Item] = field(default_factory=list)
    fixed: list[Item] = field(default_factory=list)
    changed: int = 0
    report_url: str | None = None

    @property
    def title(self) -> str:
        head = f"pimon {plain(self.suite, 80)}: "
        if self.against is None:
            return head + f"{self.findings} finding(s), no earlier run to compare"
        return head + f"{len(self.new)} new, {len(self.fixed)} fixed"

    def _lines(self, esc: Any) -> list[str]:
        out = [f"{self.runs} run(s), {self.failed_runs} not completed, {self.findings} finding(s)"
               + (f"; compared with {esc(self.against, 80)}" if self.against else "")]
        for label, items in (("New", self.new), ("Fixed", self.fixed)):
            if items:
                out.append(f"{label} ({len(items)}):")
                out += [f"- {i.text(esc)}" for i in items[:MAX_ITEMS]]
                if len(items) > MAX_ITEMS:
                    out.append(f"- … and {len(items) - MAX_ITEMS} more")
        if self.changed:
            out.append(f"Changed severity: {self.changed}")
        return out

    def markdown(self) -> str:
        body = "\n".join(self._lines(md))
        link = f"\n\n[report]({self.report_url})" if self.report_url else ""
        return f"### {md(self.title, 200)}\n\n{body}{link}"

    def text(self) -> str:
        link = f"\n\nreport: {self.report_url}" if self.report_url else ""
        return self.title + "\n\n" + "\n".join(self._lines(plain)) + link

    def html(self) -> str:
        parts, in_list = [f"<h3>{html.escape(self.title)}</h3>"], False
        for ln in self._lines(lambda v, limit=160: html.escape(plain(v, limit))):
            if ln.startswith("- "):
                parts.append(("" if in_list else "<ul>") + f"<li>{ln[2:]}</li>")
                in_list = True
            else:
                parts.append(("</ul>" if in_list else "") + f"<p>{ln}</p>")
                in_list = False
        if in_list:
            parts.append("</ul>")
        if self.report_url:
            parts.append(f'<p><a href="{html.escape(self.report_url)}">report</a></p>')
        return "<html><body>" + "".join(parts) + "</body></html>"


def _items(rows: list[dict[str, Any]]) -> list[Item]:
    return [Item(str(r.get("rule", "")), str(r.get("severity", "")), str(r.get("app", "")),
                 str(r.get("scenario", "")), str(r.get("api", "")), str(r.get("caller", ""))) for r in rows]


def message_from_report(out_dir: Path, report_url: str | None = None) -> Message:
    """The message of a suite report directory (``summary.json``, ``diff.json`` when there is one)."""
    summary_path = out_dir / "summary.json"
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("no summary.json: not a suite report directory", path=str(out_dir)) from None
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read: {e}", path=str(summary_path)) from None
    runs = summary.get("runs") or []
    msg = Message(suite=str(summary.get("suite") or out_dir.name), runs=len(runs),
                  failed_runs=sum(1 for r in runs if r.get("status") != "completed"),
                  findings=sum(len(r.get("findings") or []) for r in runs), against=None, report_url=report_url)
    diff_path = out_dir / "diff.json"
    if diff_path.is_file():
        d = json.loads(diff_path.read_text(encoding="utf-8"))
        msg.against = str(d.get("a"))
        msg.new, msg.fixed = _items(d.get("new") or []), _items(d.get("fixed") or [])
        msg.changed = len(d.get("changed_severity") or [])
    return msg
