"""The combined report of several runs (a suite): ``index.html`` linking each run's own report, and
``summary.json`` with every run's status and findings (the same finding fields as findings.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>pimon suite report</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.3em .8em;text-align:left}.bad{color:#b00}.ok{color:#070}
code{font-size:12px}</style></head><body>
<h1>pimon suite report</h1>
<p>{{ runs|length }} run(s), {{ total }} finding(s).</p>
<table><tr><th>run</th><th>status</th><th>findings</th><th>rules</th><th>report</th></tr>
{% for r in runs %}<tr>
<td>{{ r.label }}</td>
<td class="{{ 'ok' if r.status == 'completed' else 'bad' }}">{{ r.status }}</td>
<td>{{ r.findings|length }}</td>
<td>{% for code in r.rules %}<code>{{ code }}</code> {% endfor %}</td>
<td><a href="{{ r.slug }}/report.html">report</a></td>
</tr>{% endfor %}</table></body></html>
"""


def _finding(f: Any) -> dict[str, Any]:
    return {"rule": f.rule, "article": f.article, "severity": str(getattr(f.severity, "value", f.severity)),
            "api": f.api, "category": f.category, "caller": f.caller, "phase": f.phase, "count": f.count,
            "first_ms": f.first_ms, "last_ms": f.last_ms}


def write_index(out_dir: Path, runs: Sequence[tuple[str, str, Any]], store: Any = None) -> Path:
    """``runs``: (label, slug, RunResult) in order. Returns the path of index.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = [{"label": label, "slug": slug, "run_id": r.run_id, "status": r.status, "reason": r.reason,
             "findings": [_finding(f) for f in r.findings],
             "rules": sorted({f.rule for f in r.findings})} for label, slug, r in runs]
    (out_dir / "summary.json").write_text(json.dumps({"runs": rows}, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.from_string(TEMPLATE).render(runs=rows, total=sum(len(r["findings"]) for r in rows))
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    return index
