"""One message catalog for every human-facing text of the reports, the xlsx and the terminal summaries.

Message ids are the English texts; ``locale/<lang>/LC_MESSAGES/pimon.po`` (gettext, read with Babel)
translates them. ``--lang zh-CN|en``; the default comes from the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``, ``LANGUAGE``): Chinese locales give ``zh-CN``, anything else ``en``.

    tr = translations("zh-CN"); tr.gettext("Consent timeline")  # -> "同意状态时间线"

The .po files are compiled in memory on first use (no binary .mo in the repository). Extraction and the
completeness check: ``tests/reports/test_i18n.py`` (every message of the templates and modules is translated).
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

from monitor.errors import ConfigError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = {"zh-CN": "zh_CN", "en": "en"}
DOMAIN = "pimon"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here (translated where it is shown)."""
    return message


def default_lang(environ: dict[str, str] | None = None) -> str:
    """The report language of the user's locale: zh-CN for a Chinese locale, else en."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "zh-CN" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_lang(lang: str | None) -> str:
    """``None`` -> the locale's; ``zh``/``zh_CN``/``zh-cn`` -> ``zh-CN``; an unknown language -> ConfigError."""
    if lang is None or lang == "":
        return default_lang()
    norm = lang.replace("_", "-").strip()
    for known in LANGS:
        if norm.lower() == known.lower() or (known == "zh-CN" and norm.lower() in ("zh", "zh-hans", "zh-hans-cn")):
            return known
    raise ConfigError(f"unknown report language {lang!r} (one of {', '.join(LANGS)})")


@cache
def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (see :func:`resolve_lang`)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    code = resolve_lang(lang)
    po = LOCALE_DIR / LANGS[code] / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=LANGS[code])
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def gettext_for(lang: str | None):
    return translations(resolve_lang(lang)).gettext


__all__ = ["LANGS", "LOCALE_DIR", "N_", "default_lang", "gettext_for", "resolve_lang", "translations"]


SOURCES = ("reports/*.py", "reports/templates/*.j2", "cli/*.py", "runner.py", "web/templates/*.j2")  # where report messages live


def extract_messages() -> dict[str, tuple[str, ...]]:
    """Every message id used by the reports (Python ``_``/``N_``/``ngettext``, Jinja ``_``/``ngettext``) with where
    it is used: the catalog's completeness is tested against this (and ``pybabel update`` can use it)."""
    from babel.messages.extract import extract_from_file

    root = Path(__file__).resolve().parent.parent
    keywords = {"_": None, "N_": None, "tr": None, "gettext": None, "ngettext": (1, 2)}
    found: dict[str, list[str]] = {}
    for pattern in SOURCES:
        for path in sorted(root.glob(pattern)):
            method = "jinja2.ext.babel_extract" if path.suffix == ".j2" else "python"
            options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"} \
                if path.suffix == ".j2" else {}
            for lineno, message, _comments, _context in extract_from_file(method, str(path), keywords=keywords,
                                                                           options=options):
                for m in (message if isinstance(message, tuple) else (message,)):
                    if m:
                        found.setdefault(m, []).append(f"{path.relative_to(root)}:{lineno}")
    return {k: tuple(v) for k, v in found.items()}
