"""What a run prints in the terminal and in CI logs: one line per finding (severity, article, rule and a short
reason in words), then a summary table of every run. In the report language (``--lang``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from monitor.reports import words as W
from monitor.reports.i18n import translations
from monitor.textsafe import escape

STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _sev(f: Any) -> str:
    return str(getattr(f.severity, "value", f.severity))


def finding_line(f: Any, lang: str) -> str:
    """``HIGH  6(3)  PI-6.3-BEFORE-CONSENT  友盟+: 用户同意前读取个人信息 — android.os.Build.getSerial（隐私弹窗出现前）×1``
    as rich markup (app strings escaped)."""
    from monitor.reports.view import sdk_label
    from monitor.rules.registry import all_rules

    _ = translations(lang).gettext
    rules = {r.code: r for r in all_rules()}
    r = rules.get(f.rule)
    reason = _(r.summary).rstrip(".。") if r else f.rule
    who = _("the app") if f.caller == "app" else sdk_label(f.caller, lang)
    sev = _sev(f)
    review = f" [magenta]{escape(_('needs review'))}[/magenta]" if getattr(f, "kind", "auto") == "assisted" else ""
    return (f"  [{STYLE.get(sev, '')}]{escape(W.severity(sev, _).upper()):<8}[/] {escape(f.article):<11} "
            f"{escape(f.rule)}{review}  {escape(who)}: {escape(reason)} — [dim]{escape(f.api)} "
            f"({escape(W.phase(f.phase, _))}) ×{f.count}[/dim]")


def print_run(console: Console, result: Any, seconds: float, lang: str) -> None:
    _ = translations(lang).gettext
    colour = "green" if result.status == "completed" else "red"
    console.print(_("run %(id)s: %(status)s in %(s)s s, %(n)s finding(s)") % {
        "id": result.run_id, "status": f"[{colour}]{escape(result.status)}[/{colour}]", "s": f"{seconds:.1f}",
        "n": len(result.findings)})
    if result.reason:
        console.print(f"  [dim]{escape(result.reason.splitlines()[0])}[/dim]")
    order = {s: i for i, s in enumerate(W.SEVERITY_ORDER)}
    for f in sorted(result.findings, key=lambda f: (order.get(_sev(f), 9), f.article, f.rule, f.first_ms)):
        console.print(finding_line(f, lang))


def print_summary(console: Console, runs: Sequence[tuple[Any, Any]], lang: str) -> None:
    """The table at the end: app, scenario, device, status, findings by severity, the articles that failed."""
    from monitor.reports.verdict import articles_of

    _ = translations(lang).gettext
    table = Table(title=_("Summary"), show_edge=False)
    for col in (_("app"), _("scenario"), _("device"), _("status"), _("findings"), _("worst severity"),
                _("articles failed")):
        table.add_column(col)
    for planned, r in runs:
        worst = W.worst(_sev(f) for f in r.findings)
        arts = sorted({a for f in r.findings if getattr(f, "kind", "auto") != "assisted"
                       for a in articles_of(f.article)}, key=lambda a: [int(x) for x in a.replace("(", " ")
                                                                        .replace(")", " ").split()])
        table.add_row(escape(str(planned.app)), escape(planned.scenario.name), escape(planned.device),
                      escape(r.status), str(len(r.findings)),
                      f"[{STYLE.get(worst or '', '')}]{escape(W.severity(worst, _))}[/]" if worst else "—",
                      escape(", ".join(arts)) or "—")
    console.print(table)
