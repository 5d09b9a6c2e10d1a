"""The combined report of several runs (a suite): ``index.html`` with the suite's name and date, an app × scenario
grid (one entry per device run: worst severity, status, failed articles, links to every format of that run),
``summary.json`` with every run's status and findings (the same finding fields as findings.json, with app,
scenario and fingerprints), ``findings.sarif`` (all runs), the suite's combined ``junit.xml`` (every run's
testsuite) and ``findings.xlsx`` (all runs' calls in camille's columns), and — when an earlier run of the same
suite is known — ``diff.json`` / ``diff.html`` and a "what changed" section in the index.

``index.html`` is rewritten by every suite run into the same folder; ``index-<timestamp>.html`` is kept, and each
run's own folder carries its device and run id, so last night's reports stay where they were.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from monitor import __version__
from monitor.reports import FILE_NAMES
from monitor.reports import words as W
from monitor.reports.i18n import translations
from monitor.reports.verdict import articles_of

LINK_LABELS = {"html": "HTML", "pdf": "PDF", "json": "JSON", "junit": "JUnit", "xlsx": "XLSX", "sarif": "SARIF"}


def _finding(f: Any, app: str, scenario: str, baseline: Any) -> dict[str, Any]:
    from monitor.findings.baseline import entry_dict
    from monitor.findings.fingerprint import fingerprint_of

    fp = getattr(f, "fingerprint", "") or fingerprint_of(f, app, scenario)
    entry = baseline.accepted(fp) if baseline is not None else None
    return {"fingerprint": fp, "rule": f.rule, "article": f.article,
            "severity": str(getattr(f.severity, "value", f.severity)),
            "api": f.api, "category": f.category, "caller": f.caller, "phase": f.phase, "count": f.count,
            "first_ms": f.first_ms, "last_ms": f.last_ms, "message": f.message, "kind": getattr(f, "kind", "auto"),
            "accepted": entry_dict(entry) if entry is not None else None}


def _combined_junit(out_dir: Path, dirs: list[Path]) -> Path | None:
    parts = [d / FILE_NAMES["junit"] for d in dirs if (d / FILE_NAMES["junit"]).is_file()]
    if not parts:
        return None
    root = ET.Element("testsuites", name="pimon")
    for p in parts:
        for suite in ET.parse(p).getroot().iter("testsuite"):
            root.append(suite)
    for k in ("tests", "failures", "errors"):
        root.set(k, str(sum(int(s.get(k, "0")) for s in root)))
    ET.indent(root)
    path = out_dir / FILE_NAMES["junit"]
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def write_index(out_dir: Path, runs: Sequence[tuple[Any, Any, Path]], store: Any = None, *,
                suite: str | None = None, suite_run_id: int | None = None, baseline: Any = None,
                compare: Any = None, lang: str = "en",
                formats: Sequence[str] = ("json", "html", "junit", "xlsx")) -> Path:
    """``runs``: (PlannedRun, RunResult, the run's report folder) in order. ``compare``: a FindingSet to diff
    against (e.g. the previous run of the same suite, ``monitor.findings.sources.suite_set``). Returns the path of
    index.html."""
    from monitor.findings.model import FindingRecord, FindingSet, RunRef
    from monitor.findings.sarif import RunItem, sarif_log, write_sarif

    _ = translations(lang).gettext
    out_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    rows, items, cells = [], [], {}
    current = FindingSet(f"suite {suite} #{suite_run_id}" if suite_run_id else str(out_dir))
    for planned, r, target in runs:
        app, scenario = str(planned.app), planned.scenario.name
        if store is not None and r.run_id is not None:
            try:
                info = store.get_run(r.run_id)
                app, scenario = info.app_package, info.scenario or scenario
            except KeyError:
                pass
        rel = target.relative_to(out_dir).as_posix() if target.is_relative_to(out_dir) else str(target)
        links = [(LINK_LABELS.get(f, f), f"{rel}/{FILE_NAMES[f]}") for f in formats
                 if f in FILE_NAMES and (target / FILE_NAMES[f]).is_file()]
        worst = W.worst(str(getattr(f.severity, "value", f.severity)) for f in r.findings)
        failed = sorted({a for f in r.findings if getattr(f, "kind", "auto") != "assisted"
                         for a in articles_of(f.article)})
        findings = [_finding(f, app, scenario, baseline) for f in r.findings]
        row = {"label": planned.label, "app": str(planned.app), "package": app, "scenario": scenario,
               "device": planned.device, "dir": rel, "slug": rel, "run_id": r.run_id, "status": r.status,
               "reason": (r.reason or "").splitlines()[0][:200] if r.reason else None,
               "worst": worst, "worst_text": W.severity(worst, _) if worst else _("none"), "failed": failed,
               "links": links, "findings": findings, "accepted": sum(1 for f in findings if f["accepted"]),
               "rules": sorted({f.rule for f in r.findings})}
        rows.append(row)
        cells.setdefault((row["app"], row["scenario"]), []).append(row)
        items.append(RunItem(r.run_id, app, scenario, r.status, r.findings))
        current.runs.append(RunRef(app, scenario, r.status, r.run_id))
        current.records += [FindingRecord.of(f, app, scenario, r.run_id) for f in r.findings]
    combined: list[tuple[str, str]] = []
    write_sarif(sarif_log(items, baseline), out_dir / "findings.sarif")
    combined.append(("SARIF", "findings.sarif"))
    junit = _combined_junit(out_dir, [t for _p, _r, t in runs]) if "junit" in formats else None
    if junit is not None:
        combined.append(("JUnit", junit.name))
    if "xlsx" in formats and store is not None:
        from monitor.reports.xlsx import write_suite_xlsx

        path = out_dir / FILE_NAMES["xlsx"]
        write_suite_xlsx(store, [(p, r) for p, r, _t in runs], path, lang)
        combined.append(("XLSX", path.name))
    doc: dict[str, Any] = {"pimon_version": __version__, "suite": suite, "suite_run_id": suite_run_id, "generated": now.isoformat(timespec="seconds"),
                           "lang": lang, "runs": [{k: v for k, v in row.items() if k not in ("worst_text", "links")}
                                                  | {"reports": dict(row["links"])} for row in rows]}
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
    env = Environment(loader=PackageLoader("monitor.reports", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    html = env.get_template("suite.html.j2").render(
        runs=rows, total=sum(len(r["findings"]) for r in rows), lang=lang, suite=suite,
        name=suite or _("suite"), date=now.strftime("%Y-%m-%d %H:%M UTC"),
        apps=list(dict.fromkeys(r["app"] for r in rows)), scenarios=list(dict.fromkeys(r["scenario"] for r in rows)),
        cells=cells, combined=combined, diff=section, accepted=sum(r["accepted"] for r in rows),
        version=__version__)
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    (out_dir / f"index-{now.strftime('%Y%m%d-%H%M%S')}.html").write_text(html, encoding="utf-8")
    return index
