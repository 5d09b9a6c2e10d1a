"""The combined report of several runs (a suite): ``index.html`` linking each run's own report,
``summary.json`` with every run's status and findings (the same finding fields as findings.json, with
app, scenario and fingerprints), ``findings.sarif`` (all runs), and — when an earlier run of the same
suite is known — ``diff.json`` / ``diff.html`` and a "what changed" section in the index."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>pimon suite report</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.3em .8em;text-align:left}.bad{color:#b00}.ok{color:#070}
code{font-size:12px}.new{color:#b00}.fixed{color:#070}.changed{color:#a60}.dim{color:#888}</style></head><body>
<h1>pimon suite report{% if suite %}: <bdi>{{ suite }}</bdi>{% endif %}</h1>
<p>{{ runs|length }} run(s), {{ total }} finding(s){% if accepted %}, {{ accepted }} accepted in the baseline{% endif %}.
{% if sarif %}<a href="findings.sarif">SARIF</a>{% endif %}</p>
<table><tr><th>run</th><th>status</th><th>findings</th><th>rules</th><th>report</th></tr>
{% for r in runs %}<tr>
<td>{{ r.label }}</td>
<td class="{{ 'ok' if r.status == 'completed' else 'bad' }}">{{ r.status }}</td>
<td>{{ r.findings|length }}{% if r.accepted %} ({{ r.accepted }} accepted){% endif %}</td>
<td>{% for code in r.rules %}<code>{{ code }}</code> {% endfor %}</td>
<td><a href="{{ r.slug }}/report.html">report</a></td>
</tr>{% endfor %}</table>
{% if diff %}{{ diff }}<p><a href="diff.html">diff.html</a> · <a href="diff.json">diff.json</a></p>
{% elif suite %}<p class="dim" id="no-previous">No earlier run of this suite to compare with.</p>{% endif %}
</body></html>
"""


def _finding(f: Any, app: str, scenario: str, baseline: Any) -> dict[str, Any]:
    from monitor.findings.baseline import entry_dict
    from monitor.findings.fingerprint import fingerprint_of

    fp = getattr(f, "fingerprint", "") or fingerprint_of(f, app, scenario)
    entry = baseline.accepted(fp) if baseline is not None else None
    return {"fingerprint": fp, "rule": f.rule, "article": f.article,
            "severity": str(getattr(f.severity, "value", f.severity)),
            "api": f.api, "category": f.category, "caller": f.caller, "phase": f.phase, "count": f.count,
            "first_ms": f.first_ms, "last_ms": f.last_ms, "message": f.message,
            "accepted": entry_dict(entry) if entry is not None else None}


def write_index(out_dir: Path, runs: Sequence[tuple[str, str, Any]], store: Any = None, *,
                suite: str | None = None, suite_run_id: int | None = None, baseline: Any = None,
                compare: Any = None) -> Path:
    """``runs``: (label, slug, RunResult) in order. ``compare``: a FindingSet to diff against (e.g. the
    previous run of the same suite, ``monitor.findings.sources.suite_set``). Returns the path of index.html."""
    from monitor.findings.model import FindingRecord, FindingSet, RunRef
    from monitor.findings.sarif import RunItem, sarif_log, write_sarif

    out_dir.mkdir(parents=True, exist_ok=True)
    rows, items = [], []
    current = FindingSet(f"suite {suite} #{suite_run_id}" if suite_run_id else str(out_dir))
    for label, slug, r in runs:
        app, scenario = "", ""
        if store is not None and r.run_id is not None:
            try:
                info = store.get_run(r.run_id)
                app, scenario = info.app_package, info.scenario or ""
            except KeyError:
                pass
        findings = [_finding(f, app, scenario, baseline) for f in r.findings]
        rows.append({"label": label, "slug": slug, "run_id": r.run_id, "app": app, "scenario": scenario,
                     "status": r.status, "reason": r.reason, "findings": findings,
                     "accepted": sum(1 for f in findings if f["accepted"]),
                     "rules": sorted({f.rule for f in r.findings})})
        items.append(RunItem(r.run_id, app, scenario, r.status, r.findings))
        current.runs.append(RunRef(app, scenario, r.status, r.run_id))
        current.records += [FindingRecord.of(f, app, scenario, r.run_id) for f in r.findings]
    doc: dict[str, Any] = {"suite": suite, "suite_run_id": suite_run_id, "runs": rows}
    write_sarif(sarif_log(items, baseline), out_dir / "findings.sarif")
    section = None
    if compare is not None:
        from monitor.findings.diff import diff
        from monitor.findings.render import diff_html, diff_json, diff_section

        d = diff(compare, current)
        (out_dir / "diff.json").write_text(diff_json(d), encoding="utf-8")
        (out_dir / "diff.html").write_text(diff_html(d), encoding="utf-8")
        doc["diff"] = d.as_dict()["summary"] | {"against": d.a}
        section = Markup(diff_section(d))
    (out_dir / "summary.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.from_string(TEMPLATE).render(runs=rows, total=sum(len(r["findings"]) for r in rows), suite=suite,
                                            accepted=sum(r["accepted"] for r in rows), diff=section, sarif=True)
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    return index
