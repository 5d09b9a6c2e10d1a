"""Reports of a stored run: ``findings.json`` (schema: ``findings.schema.json``), a self-contained
``report.html``, ``junit.xml`` (one failing testcase per finding), ``findings.xlsx`` and ``findings.sarif``
(SARIF 2.1.0: ``monitor.findings.sarif``).

    from monitor.reports import write_reports
    paths = write_reports(store, run_id, out_dir, formats=("json", "html", "junit", "xlsx"))
    # -> {"json": out_dir/findings.json, "html": out_dir/report.html, ...}

``findings`` defaults to those stored by the run's last evaluation (``monitor.rules.analyse_run``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import ConfigError

if TYPE_CHECKING:
    from monitor.reports.data import ReportData
    from monitor.rules.finding import Finding
    from monitor.store import Store

#: Names this package gives, imported on first use: the package itself stays light, so ``monitor.reports.i18n``
#: and the format names (``WRITERS``, for checking ``--formats``) do not import the store, the rules and jinja2.
_LAZY = {"ReportData": "monitor.reports.data", "collect": "monitor.reports.data",
         "findings_document": "monitor.reports.data", "render_html": "monitor.reports.html"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

SCHEMA_PATH = Path(__file__).resolve().parent / "findings.schema.json"
FILE_NAMES = {"json": "findings.json", "html": "report.html", "junit": "junit.xml", "xlsx": "findings.xlsx",
              "sarif": "findings.sarif", "pdf": "report.pdf"}


def _json(data: ReportData, path: Path) -> None:
    from monitor.reports.data import findings_document
    from monitor.store.chain import seal_document

    doc = seal_document(findings_document(data))  # the run's seal and a digest of this document: `pimon verify`
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _html(data: ReportData, path: Path) -> None:
    from monitor.reports.html import render_html

    path.write_text(render_html(data), encoding="utf-8", errors="replace")


def _junit(data: ReportData, path: Path) -> None:
    from monitor.reports.junit import write_junit

    write_junit(data, path)


def _xlsx(data: ReportData, path: Path) -> None:
    from monitor.reports.xlsx import write_xlsx

    write_xlsx(data, path)


def _sarif(data: ReportData, path: Path) -> None:
    from monitor.findings.sarif import run_item, sarif_log, write_sarif

    write_sarif(sarif_log([run_item(data.run, data.findings)], data.baseline), path)


def _pdf(data: ReportData, path: Path) -> None:
    from monitor.reports.pdf import write_pdf

    write_pdf(data, path)


WRITERS: dict[str, Callable[[ReportData, Path], None]] = {"json": _json, "html": _html, "junit": _junit, "xlsx": _xlsx,
                                                          "sarif": _sarif, "pdf": _pdf}


def write_reports(store: Store, run_id: int, out_dir: str | Path, formats: Sequence[str] = ("json", "html"),
                  findings: Sequence[Finding] | None = None, reveal: bool = False,
                  baseline: Any = None, lang: str | None = None) -> dict[str, Path]:
    """Write the reports of run ``run_id`` into ``out_dir`` (created); returns format -> path.

    ``reveal``: the device's identifiers (IMEI ``8654*******1234`` …) and the PI values matched in requests are
    shown raw (masked by default: ``monitor.reports.mask``; ``pimon run/report --reveal``).
    ``baseline`` (``monitor.findings.baseline.Baseline``): the findings it lists are marked accepted.
    ``lang``: ``zh-CN`` or ``en`` for report.html, report.pdf and findings.xlsx (None: from the locale,
    ``monitor.reports.i18n``)."""
    from monitor.reports.data import collect
    from monitor.reports.i18n import resolve_lang

    lang = resolve_lang(lang)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)} (one of {', '.join(WRITERS)})")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise ConfigError(f"cannot create report directory {out}: it is a file") from None
    except OSError as e:
        raise ConfigError(f"cannot create report directory {out}: {e.strerror}") from None
    data = collect(store, run_id, findings)
    if not reveal:  # reports leave the lab: identifiers masked unless asked for (monitor/reports/mask.py)
        from monitor.reports.mask import mask_report

        mask_report(data)
    data.reveal = reveal
    data.baseline = baseline
    data.lang = lang
    paths = {}
    for fmt in formats:
        path = out / FILE_NAMES[fmt]
        write_atomically(path, lambda tmp, _w=WRITERS[fmt]: _w(data, tmp))
        paths[fmt] = path
    return paths


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` into a temporary file beside ``path``, then rename it over ``path`` (0600): a reader never
    sees half a report, a full disk leaves the previous one. An OSError becomes one line (exit code 3)."""
    import os

    from monitor.errors import ReportError

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        write(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = ["FILE_NAMES", "SCHEMA_PATH", "ReportData", "collect", "findings_document", "render_html", "write_reports"]
