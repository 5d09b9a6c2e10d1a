"""Java ``.properties`` files (the device's profile and settings), read and written without a JVM."""

from __future__ import annotations

from pathlib import Path

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    buf: str | None = None
    for raw in text.splitlines():
        line = raw.lstrip(" \t\f")
        if buf is None:
            if not line or line[0] in "#!":
                continue
            buf = ""
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            buf += line[:-1]
            continue
        lines.append(buf + line)
        buf = None
    if buf:
        lines.append(buf)
    return lines


def _unescape(s: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u" and i + 6 <= len(s):
                try:
                    out.append(chr(int(s[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                except ValueError:
                    pass
            out.append(_ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def parse(text: str) -> dict[str, str]:
    """Parses properties text as java.util.Properties.load does (comments, continuations, escapes)."""
    result: dict[str, str] = {}
    for line in _logical_lines(text):
        i = 0
        while i < len(line):
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if c in "=: \t\f":
                break
            i += 1
        key = line[:i]
        rest = line[i:].lstrip(" \t\f")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t\f")
        result[_unescape(key)] = _unescape(rest)
    return result


def _escape(s: str, *, key: bool) -> str:
    out: list[str] = []
    for i, c in enumerate(s):
        if c == "\\":
            out.append("\\\\")
        elif c in "=:#!" or (c == " " and (key or i == 0)):
            out.append("\\" + c)
        elif c in "\t\n\r\f":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}[c])
        elif ord(c) < 0x20 or ord(c) > 0x7E:
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else c)
        else:
            out.append(c)
    return "".join(out)


def read(path: Path) -> dict[str, str]:
    """The properties of a file; empty if it does not exist."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def write(path: Path, values: dict[str, str]) -> None:
    """Writes properties atomically (ASCII with \\u escapes, readable by Properties.load)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{_escape(k, key=True)}={_escape(v, key=False)}\n" for k, v in sorted(values.items()))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("# written by pimon\n" + body, encoding="utf-8")
    tmp.replace(path)
