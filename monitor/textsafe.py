"""Strings an app controls, made visible-safe before they reach a terminal or a log.

An app's stderr (a failure reason), its class names (``other:<package>`` callers), its manifest's package
name, its hosts and URLs are all attacker-controlled. Written raw, an ESC sequence clears the screen, forges
lines (``run 7: completed … clean``) or plants an OSC 8 link; C1 controls (U+0080-U+009F) do the same on
terminals that honour 8-bit CSI; bidi controls (U+202A-U+202E, U+2066-U+2069, …) reorder what is shown.
:func:`visible` replaces every such character with a visible escape (``\\x1b``, ``\\u202e``); tab and newline
are kept (:func:`one_line` turns those into escapes too). :func:`escape` also escapes rich markup.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rich.markup import escape as _markup_escape

# C0 but tab/newline, DEL, C1, Arabic letter mark, zero-width and bidi marks/embeddings/isolates, line and
# paragraph separators, word joiner .. invisible operators, BOM, interlinear annotations.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
                     "\ufeff\ufff9-\ufffb]")
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


def _esc(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: Any) -> str:
    """``text`` (any object, as ``str``) with every control, bidi and invisible format character escaped."""
    return _UNSAFE.sub(_esc, str(text))


def one_line(text: Any) -> str:
    """:func:`visible`, and tab/newline escaped too: for values shown inside one line."""
    return _UNSAFE_LINE.sub(_esc, str(text))


def escape(text: Any) -> str:
    """:func:`visible`, then rich markup escaped: a drop-in for ``rich.markup.escape`` on hostile strings."""
    return _markup_escape(visible(text))


class VisibleFormatter(logging.Formatter):
    """A log formatter whose output never carries control characters from the message or its arguments."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


def install_log_formatter() -> None:
    """Make every handler of the root logger (and the last-resort handler) format through :class:`VisibleFormatter`."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)
    for handler in root.handlers:
        handler.setFormatter(VisibleFormatter(handler.formatter._fmt if handler.formatter else "%(levelname)s: %(message)s"))
    if logging.lastResort is not None:
        logging.lastResort.setFormatter(VisibleFormatter("%(message)s"))


#: Android's rule for a package name (PackageParser.validateName): two or more segments, each a letter
#: followed by letters, digits or underscores (ASCII only).
_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+")


def valid_package(name: str) -> bool:
    return len(name) <= 255 and _PACKAGE.fullmatch(name) is not None


def check_package(name: str, source: str | None = None) -> str:
    """``name`` when it is a package name Android would accept, else ConfigError (the name shown escaped)."""
    if not valid_package(name):
        from monitor.errors import ConfigError

        raise ConfigError(f"not a valid Android package name: {one_line(name)[:200]!r}", path=source)
    return name
