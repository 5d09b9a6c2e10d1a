"""Work a run will need at its end, done while its scenario waits.

A run's end (rules, privacy policy, seal, reports) imports modules and compiles report templates that cost
seconds of CPU; a scenario spends most of its time waiting (``observe``, background). :func:`start` does that
preparation on a daemon thread when the scenario first waits, so the end finds it done.

It only imports, reads pimon's own data files and compiles — nothing that depends on the run's data, nothing
written — so what a run stores and reports is the same with or without it; a failure here is ignored (the end does
the same work and reports its own errors).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Sequence

log = logging.getLogger(__name__)

#: Modules the end of every run imports (the rules' engine, configuration and built-in families — ``monitor.rules``
#: itself loads them on first use — seal, privacy policy, inventory, reports).
END_MODULES = ("monitor.rules.engine", "monitor.rules.families", "monitor.store.chain", "monitor.policy.run",
               "monitor.inspect.inventory", "monitor.reports", "monitor.reports.data", "monitor.reports.view")
#: Modules of each report format's writer.
FORMAT_MODULES = {"junit": ("monitor.reports.junit",), "xlsx": ("monitor.reports.xlsx",),
                  "sarif": ("monitor.findings.sarif",), "pdf": ("monitor.reports.pdf",)}
#: Templates report.html renders.
TEMPLATES = ("report.html.j2", "sdks.html.j2")


def plan(formats: Sequence[str]) -> list[str]:
    """The modules to import for a run writing ``formats`` (unknown formats add nothing)."""
    out = list(END_MODULES)
    for fmt in formats:
        out += FORMAT_MODULES.get(fmt, ())
    return out


def prepare(formats: Sequence[str], lang: str | None) -> None:
    """Import what the run's end needs, load the data files every report reads (the SDK database, the
    articles' texts, the catalog of ``lang`` and, for findings.xlsx, the Chinese one: each loaded once per
    process) and compile report.html's templates
    in ``lang``."""
    for name in plan(formats):
        importlib.import_module(name)
    from monitor.reports.i18n import resolve_lang, translations
    from monitor.reports.view import article_texts
    from monitor.sdk.db import load as sdk_database

    code = resolve_lang(lang)
    sdk_database()
    article_texts()
    translations(code)
    if "xlsx" in formats:
        from monitor.reports.xlsx import CAMILLE_LANG

        translations(CAMILLE_LANG)  # the workbook's camille-style sheet is in Chinese whatever ``lang`` is
    if "html" in formats or "pdf" in formats:
        from monitor.reports.html import _env

        env = _env(code)
        for template in TEMPLATES:
            env.get_template(template)


def start(formats: Sequence[str], lang: str | None) -> threading.Thread:
    """:func:`prepare` on a daemon thread; errors are logged (debug) and otherwise ignored."""

    def run() -> None:
        try:
            prepare(formats, lang)
        except Exception as exc:  # noqa: BLE001 - an optimisation only: the end does this work again
            log.debug("warm-up failed: %s", exc)

    thread = threading.Thread(target=run, name="pimon-warmup", daemon=True)
    thread.start()
    return thread
