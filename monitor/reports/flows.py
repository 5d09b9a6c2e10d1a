"""Requests for the report: a stored flow shown as text with its PI matches highlighted (escaped).

A match's ``offset``/``length`` refer to the text the matcher searched at its ``location`` (the URL, a
query value, a header, the body after undoing its compression, a JSON/form/multipart field).
:func:`searched_text` rebuilds that text from the stored request; the matched bytes are then marked
wherever they occur in the shown request (request line, headers, decoded body). A match the shown
request does not contain literally (a field inside a compressed base64 blob …) is shown in its
field's text instead. Everything is escaped by :func:`monitor.reports.html.show` rules.

The matched bytes themselves are *masked* — ``⟦imei#0 · md5⟧`` in their place — unless the report is
written with ``reveal=True`` (the user asked to see the values, architecture §9).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from markupsafe import Markup

from monitor.traffic.flow import header_get
from monitor.traffic.payload import decompress, fields

MAX_BODY_SHOWN = 8192
CONTEXT = 120


def _headers(flow: Any) -> list[tuple[str, str]]:
    return [(str(h[0]), str(h[1])) for h in flow.request_headers or []]


def _find(parts: Iterable[tuple[str, bytes]], path: str) -> bytes | None:
    for p, value in parts:
        if p == path:
            return value
    return None


def searched_text(flow: Any, location: str) -> bytes | None:
    """The bytes a match at ``location`` was found in (None if the stored request cannot say)."""
    head, _, path = location.partition(":")
    if head == "url":
        url = str(flow.url).encode("utf-8", "backslashreplace")
        if not path:
            return url
        key, _, sub = path.partition(":")
        for k, v in parse_qsl(urlsplit(str(flow.url)).query, keep_blank_values=True, encoding="latin-1"):
            if f"query.{k}" == key:
                raw = v.encode("latin-1", "replace")
                return raw if not sub else _find(fields(raw, None, depth=1), sub)
        return None
    if head in ("header", "cookie"):
        name, _, sub = path.partition(":")
        for hname, value in _headers(flow):
            if head == "cookie" and hname.lower() == "cookie":
                for item in value.split(";"):
                    cname, _, cvalue = item.strip().partition("=")
                    if cname == name:
                        return _field(cvalue, sub)
            elif head == "header" and hname == name:
                return _field(value, sub)
        return None
    if head == "body":
        hs = tuple(_headers(flow))
        data, _ = decompress(bytes(flow.request_body or b""), header_get(hs, "content-encoding"))
        return data if not path else _find(fields(data, header_get(hs, "content-type")), path)
    return None


def _field(value: str, sub: str) -> bytes | None:
    raw = value.encode("utf-8", "backslashreplace")
    decoded = unquote_to_bytes(raw) if b"%" in raw else raw
    if not sub:
        return decoded
    return _find(fields(decoded, None, depth=1), sub)


def needle(flow: Any, match: dict[str, Any]) -> bytes | None:
    text = searched_text(flow, str(match.get("location", "")))
    off, length = match.get("offset"), match.get("length")
    if text is None or not isinstance(off, int) or not isinstance(length, int) or off + length > len(text):
        return None
    return text[off: off + length] or None


def _esc(data: bytes) -> Markup:
    from monitor.reports.html import show

    return show(data.decode("utf-8", "backslashreplace"), limit=len(data) + 1)


def highlight(data: bytes, needles: Iterable[bytes] | dict[bytes, str], reveal: bool = True) -> tuple[Markup, int]:
    """``data`` escaped, every occurrence of a needle in ``<mark>``; returns (markup, marks made).

    ``needles`` may map each needle to a label (``imei#0 · md5``); with ``reveal=False`` a mark shows
    the label instead of the bytes."""
    labels = needles if isinstance(needles, dict) else {n: "match" for n in needles}
    spans: list[tuple[int, int, str]] = []
    for n, label in labels.items():
        if not n:
            continue
        start = data.find(n)
        while start >= 0:
            spans.append((start, start + len(n), label))
            start = data.find(n, start + len(n))
    merged: list[list[Any]] = []
    for a, b, label in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
            if label not in merged[-1][2]:
                merged[-1][2].append(label)
        else:
            merged.append([a, b, [label]])
    out, pos = Markup(""), 0
    for a, b, names in merged:
        inner = _esc(data[a:b]) if reveal else _esc(f"⟦{' / '.join(names)} · {b - a} bytes⟧".encode())
        out += _esc(data[pos:a]) + Markup('<mark title="{}">').format(", ".join(names)) + inner + Markup("</mark>")
        pos = b
    return out + _esc(data[pos:]), len(merged)


def _label(match: dict[str, Any]) -> str:
    return f"{match.get('value_id') or match.get('kind')} · {match.get('encoding')}"


@dataclass
class RequestView:
    head: Markup
    body: Markup
    body_note: str
    excerpts: list[tuple[str, Markup]] = field(default_factory=list)  # (location, field text marked)


def request_view(flow: Any, matches: Iterable[dict[str, Any]], reveal: bool = False) -> RequestView:
    """The request of ``flow`` with the given matches highlighted (masked unless ``reveal``)."""
    matches = list(matches)
    found = [(m, needle(flow, m)) for m in matches]
    needles: dict[bytes, str] = {}
    for m, n in found:
        if n:
            needles.setdefault(n, _label(m))
    lines = [f"{flow.method} {flow.url} {flow.http_version}"] + [f"{k}: {v}" for k, v in _headers(flow)]
    head, _ = highlight("\n".join(lines).encode("utf-8", "backslashreplace"), needles, reveal)
    hs = tuple(_headers(flow))
    data, layers = decompress(bytes(flow.request_body or b""), header_get(hs, "content-encoding"))
    shown = data[:MAX_BODY_SHOWN]
    body, _ = highlight(shown, needles, reveal)
    note = f"{len(data)} bytes" + (f" after undoing {' + '.join(layers)}" if layers else "")
    if len(data) > len(shown):
        note += f", first {len(shown)} shown"
    if flow.request_body_size > len(flow.request_body or b""):
        note += f"; {flow.request_body_size} bytes on the wire, {len(flow.request_body or b'')} recorded"
    excerpts = []
    whole = "\n".join(lines).encode("utf-8", "backslashreplace") + b"\n" + shown
    for m, n in found:
        if n and n in whole:
            continue
        text = searched_text(flow, str(m.get("location", "")))
        if text is None or n is None:
            continue
        off = int(m["offset"])
        a, b = max(off - CONTEXT, 0), min(off + len(n) + CONTEXT, len(text))
        marked, _ = highlight(text[a:b], {n: _label(m)}, reveal)
        excerpts.append((str(m.get("location")), marked))
    return RequestView(head, body, note, excerpts)
