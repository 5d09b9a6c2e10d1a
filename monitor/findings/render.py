"""A diff as a terminal table, a JSON document or a self-contained HTML page (app strings escaped)."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, select_autoescape
from rich.console import Console
from rich.table import Table

from monitor.findings.diff import Diff
from monitor.textsafe import escape

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>pimon diff</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border-bottom:1px solid #ddd;padding:.25em .7em;text-align:left;vertical-align:top}
h2 .n{color:#666;font-weight:normal}.new{color:#b00}.fixed{color:#070}.changed{color:#a60}
code{font-size:12px;overflow-wrap:anywhere}.dim{color:#888}</style></head><body>
{{ body }}
</body></html>
"""

SECTION = """<section class="diff" id="diff">
<h1>What changed: <bdi>{{ d.a }}</bdi> → <bdi>{{ d.b }}</bdi></h1>
<p><span class="new" id="diff-new">{{ d.new|length }} new</span>, <span class="fixed" id="diff-fixed">{{ d.fixed|length }} fixed</span>,
<span class="changed" id="diff-changed">{{ d.changed|length }} changed severity</span>, {{ d.unchanged|length }} unchanged.</p>
{% if d.incomplete %}<p class="changed">Runs that did not complete in <bdi>{{ d.b }}</bdi> (their 'fixed' findings are not verified):
{% for app, sc, st in d.incomplete %}<code><bdi>{{ app }}</bdi> × <bdi>{{ sc }}</bdi></code> ({{ st }}){{ ", " if not loop.last }}{% endfor %}</p>{% endif %}
{% for title, cls, rows in sections %}{% if rows %}
<h2 class="{{ cls }}">{{ title }} <span class="n">({{ rows|length }})</span></h2>
<table><tr><th>app</th><th>scenario</th><th>rule</th><th>severity</th><th>api</th><th>caller</th><th>phase</th><th>fingerprint</th></tr>
{% for r, note in rows %}<tr><td><bdi>{{ r.app }}</bdi></td><td><bdi>{{ r.scenario }}</bdi></td><td><code>{{ r.rule }}</code></td>
<td>{{ note or r.severity }}</td><td><code><bdi>{{ r.api }}</bdi></code></td><td><code><bdi>{{ r.caller }}</bdi></code></td>
<td>{{ r.phase }}</td><td><code class="dim">{{ r.fingerprint }}</code></td></tr>
{% endfor %}</table>{% endif %}{% endfor %}
</section>
"""


def _env() -> Environment:
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _sections(d: Diff) -> list[tuple[str, str, list[tuple[Any, str]]]]:
    return [
        ("New", "new", [(r, "") for r in d.new]),
        ("Changed severity", "changed", [(new, f"{old.severity} → {new.severity}") for old, new in d.changed]),
        ("Fixed", "fixed", [(r, "" if r.fingerprint not in d.unverified else f"{r.severity} (not re-checked)")
                            for r in d.fixed]),
    ]


def diff_section(d: Diff) -> str:
    """The diff as an HTML fragment (for the suite index)."""
    return _env().from_string(SECTION).render(d=d, sections=_sections(d))


def diff_html(d: Diff) -> str:
    from markupsafe import Markup

    return _env().from_string(PAGE).render(body=Markup(diff_section(d)))


def diff_json(d: Diff) -> str:
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"


def print_diff(d: Diff, console: Console, *, show_unchanged: bool = False) -> None:
    console.print(f"[bold]{escape(d.a)}[/bold] → [bold]{escape(d.b)}[/bold]: [red]{len(d.new)} new[/red], "
                  f"[green]{len(d.fixed)} fixed[/green], [yellow]{len(d.changed)} changed severity[/yellow], "
                  f"{len(d.unchanged)} unchanged")
    for app, sc, st in d.incomplete:
        console.print(f"  [yellow]{escape(app)} × {escape(sc)} ended {escape(st)}[/yellow]")
    rows = [("new", r, r.severity) for r in d.new]
    rows += [("changed", new, f"{old.severity}→{new.severity}") for old, new in d.changed]
    rows += [("fixed" if r.fingerprint not in d.unverified else "fixed?", r, r.severity) for r in d.fixed]
    if show_unchanged:
        rows += [("same", r, r.severity) for r in d.unchanged]
    if not rows:
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("", "app", "scenario", "rule", "severity", "api", "caller", "phase"):
        table.add_column(col)
    for kind, r, sev in rows:
        table.add_row(kind, escape(r.app), escape(r.scenario), escape(r.rule), escape(sev), escape(r.api),
                      escape(r.caller), escape(r.phase))
    console.print(table)
