"""Find PI values in requests: every variant of every value in ONE Aho-Corasick automaton (pure).

    m = Matcher({"imei": "867530012345678", "mac": "02:00:00:aa:bb:cc"})
    for hit in m.scan_flow(record):      # record: monitor.traffic.flow.FlowRecord
        hit.kind, hit.encoding, hit.location, hit.offset, hit.layers

Where a request is searched: ``url`` (raw) and ``url:query.<name>`` (decoded), ``header:<Name>``,
``cookie:<name>``, ``body`` (after undoing gzip/deflate/br/zstd; layers named in ``Match.layers``) and
``body:<path>`` for JSON (``$.a.b[0]``), form (``form.<name>``) and multipart (``part[<name>]``)
string values, URL-decoded too. A value found in a parsed field is not repeated for the raw text;
each search keeps at most ``MAX_PER_VALUE`` matches per value and encoding.
Matches carry the value's kind and index, never the value itself unless ``reveal=True``.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

import ahocorasick_rs

from monitor.traffic.flow import FlowRecord, header_get
from monitor.traffic.payload import _B64_MAGIC, DEFAULT_CAP, Keep, decompress, fields
from monitor.traffic.variants import PiValue, Variant, as_values, variants

MAX_PER_VALUE = 16
#: Bytes searched with the quick-to-build automaton before the matcher builds its fastest one (a DFA, ~80 ms
#: for a device's ~2,000 patterns): past this, its faster search has paid for its build.
DFA_AFTER = 16 * 1024 * 1024


@dataclass(frozen=True)
class Match:
    kind: str
    value_id: str  # "<kind>#<index in Matcher.values>": names the value without showing it
    form: str
    encoding: str
    location: str
    offset: int  # in the searched text (after the decoding named by ``layers`` and the location)
    length: int
    layers: tuple[str, ...] = ()
    value: str | None = None  # only with Matcher(reveal=True)


def _bytes(data: bytes | str) -> bytes:
    """What the automaton searches: bytes (a str as UTF-8), so offsets are byte offsets."""
    if isinstance(data, str):
        return data.encode("utf-8", errors="backslashreplace")
    return bytes(data)


#: Bytes whose latin-1 character is a digit (the boundary rule: a digit before a match = another number).
_DIGITS = frozenset(b for b in range(256) if chr(b).isdigit())
#: Bytes that parsing can turn into other bytes (URL escapes, ``+``, JSON escapes, UTF-16/32 JSON).
_REVEALING = (b"%", b"+", b"\\", b"\x00", *_B64_MAGIC)


def _may_reveal(data: bytes) -> bool:
    """Could a field parsed out of ``data`` hold bytes that ``data`` itself does not (so the parsed parts
    can match where the raw text does not)? JSON, form and multipart fields are slices of the raw bytes
    unless an escape, a ``+``, a NUL (JSON in UTF-16/32) or a compressed base64 text is in them."""
    return any((rare in data and t in data) if rare else t in data for t, rare in _REVEALING_SCAN)


#: A byte a needle holds first checked alone (memchr): the 2- to 4-byte needles cost ~20x more per MB, and text of
#: lowercase, digits and punctuation (hex ids, most JSON) has none of these capitals.
_REVEALING_SCAN = tuple((t, next((bytes([b]) for b in t if 65 <= b <= 90), b"") if len(t) > 1 else b"")
                        for t in _REVEALING)  # fmt: skip


def _prune(matches: list[Match]) -> list[Match]:
    """Drop a match that lies inside a longer match of the same value at the same place."""
    out: list[Match] = []
    last_end: dict[tuple, int] = {}
    for m in sorted(matches, key=lambda m: (m.offset, -m.length)):
        key = (m.value_id, m.location, m.layers)
        end = m.offset + m.length
        if last_end.get(key, -1) >= end:
            continue
        last_end[key] = max(end, last_end.get(key, -1))
        out.append(m)
    return out


def _cap(matches: list[Match]) -> list[Match]:
    """At most MAX_PER_VALUE matches per value and encoding in one search: evidence, not a census."""
    count: dict[tuple[str, str], int] = {}
    out = []
    for m in matches:
        key = (m.value_id, m.encoding)
        count[key] = count.get(key, 0) + 1
        if count[key] <= MAX_PER_VALUE:
            out.append(m)
    return out


class Matcher:
    def __init__(
        self,
        values: Iterable[PiValue] | Mapping[str, str | Iterable[str]],
        *,
        reveal: bool = False,
        cap: int = DEFAULT_CAP,
    ) -> None:
        self.values: tuple[PiValue, ...] = tuple(as_values(values))
        self.variants: tuple[Variant, ...] = tuple(variants(list(self.values)))
        self.reveal = reveal
        self.cap = cap
        by_pattern: dict[bytes, list[int]] = {}
        for i, v in enumerate(self.variants):
            by_pattern.setdefault(v.pattern, []).append(i)
        self.pattern_count = len(by_pattern)
        # one automaton over every variant's bytes (all forms and encodings), searched on bytes, overlapping
        self._ids: tuple[tuple[int, ...], ...] = tuple(tuple(ids) for ids in by_pattern.values())
        self._patterns: tuple[bytes, ...] = tuple(by_pattern)
        # A contiguous NFA first (built in ~1/10 of a DFA's time, searched at ~half its speed); the DFA once
        # DFA_AFTER bytes have been searched. A run's few requests never pay the DFA's build, a lab's gigabytes
        # of traffic search at its speed. Both find the same (overlapping) matches with the same pattern ids.
        self._searched = 0
        self._automaton = self._build(ahocorasick_rs.Implementation.ContiguousNFA) if by_pattern else None

    def _build(self, implementation: Any) -> Any:
        return ahocorasick_rs.BytesAhoCorasick(list(self._patterns), implementation=implementation)

    def _matches(self, data: bytes) -> list[tuple[int, int, int]]:
        """Every (pattern id, start, end) in ``data``, overlapping."""
        if self._searched < DFA_AFTER:
            self._searched += len(data)
            if self._searched >= DFA_AFTER:
                self._automaton = self._build(ahocorasick_rs.Implementation.DFA)
        return self._automaton.find_matches_as_indexes(data, overlapping=True)

    def search(self, data: bytes | str, location: str = "data", layers: tuple[str, ...] = ()) -> list[Match]:
        """Every value variant in ``data`` (one pass), pruned of contained duplicates."""
        return self._search_parts([("", data)], location, layers)

    def search_hits(self, data: bytes | str, location: str, layers: tuple[str, ...], hit: set[int]) -> list[Match]:
        """:meth:`search`, and the automaton's pattern ids found added to ``hit``."""
        return self._search_parts([("", data)], location, layers, hit)

    def _search_parts(
        self, parts: Sequence[tuple[str, bytes | str]], location: str, layers: tuple[str, ...],
        hit: set[int] | None = None,
    ) -> list[Match]:
        """One automaton pass over all parts joined; hits are mapped back to their part (path). ``hit``: gets the
        automaton's pattern ids found (before the boundary rule)."""
        if self._automaton is None or not parts:
            return []
        starts, chunks, pos = [], [], 0
        for _, data in parts:
            text = _bytes(data)
            starts.append(pos)
            chunks.append(text)
            pos += len(text) + 1
        out = []
        joined = chunks[0] if len(chunks) == 1 else b"\n".join(chunks)
        for pid, start, end in self._matches(joined):
            if hit is not None:
                hit.add(pid)
            ids, length = self._ids[pid], end - start
            i = bisect_right(starts, start) - 1 if len(starts) > 1 else 0
            offset = start - starts[i]
            if offset + length > len(chunks[i]):
                continue  # spans two parts: not a real occurrence
            path = parts[i][0]
            where, seen = f"{location}:{path}" if path else location, set()
            for vid in ids:
                v = self.variants[vid]
                if v.boundary and offset and joined[start - 1] in _DIGITS:
                    continue
                if v.value_index not in seen:
                    seen.add(v.value_index)
                    out.append(self._match(v, where, offset, length, layers))
        return _cap(_prune(out))

    def _match(self, v: Variant, location: str, offset: int, length: int, layers: tuple[str, ...]) -> Match:
        return Match(
            kind=v.kind, value_id=f"{v.kind}#{v.value_index}", form=v.form, encoding=v.encoding,
            location=location, offset=offset, length=length, layers=layers,
            value=self.values[v.value_index].value if self.reveal else None,
        )  # fmt: skip

    def _layered(
        self, raw: bytes, location: str, parts: Callable[[Keep | None], Iterator[tuple[str, bytes]]],
        layers: tuple[str, ...] = (), *, always_parse: bool = False,
    ) -> list[Match]:
        """Matches in parsed parts first; raw matches only for values no part explained.

        The raw text is searched first: when it holds no value and parsing cannot reveal bytes it does not
        hold (:func:`_may_reveal`), no part can match either, and the parse is skipped. When it holds some and
        parsing cannot reveal any, every part is a slice of the raw text (its start after a delimiter, never
        a digit): only the parts holding a pattern the raw text holds can match, and only those are made
        (``parts(keep)``: the parse with a filter of the JSON strings and form values)."""
        hit: set[int] = set()
        raw_found = self.search_hits(raw, location, layers, hit)
        keep: Keep | None = None
        if not always_parse and not _may_reveal(raw):
            if not raw_found:
                return []
            keep = Keep(self._patterns[pid] for pid in hit)
        found = self._search_parts(list(parts(keep)), location, layers)
        # a value seen in a field and again inside it (JSON in a string …): keep the innermost place
        outer = {(m.value_id, m.location[:i]) for m in found for i, c in enumerate(m.location) if c == ":"}
        found = [m for m in found if (m.value_id, m.location) not in outer]
        explained = {m.value_id for m in found}
        found += [m for m in raw_found if m.value_id not in explained]
        return found

    def scan_url(self, url: str) -> list[Match]:
        query = urlsplit(url).query

        def parts(keep: Keep | None) -> Iterator[tuple[str, bytes]]:
            for key, value in parse_qsl(query, keep_blank_values=True, encoding="latin-1"):
                raw = value.encode("latin-1", errors="replace")
                yield f"query.{key}", raw
                yield from ((f"query.{key}:{p}", v) for p, v in fields(raw, None, depth=1))

        return self._layered(url.encode("utf-8", errors="backslashreplace"), "url", parts)

    def scan_headers(self, headers: Sequence[tuple[str, str]]) -> list[Match]:
        found: list[Match] = []
        for name, value in headers:
            if name.lower() == "cookie":
                for item in value.split(";"):
                    cname, _, cvalue = item.strip().partition("=")
                    found += self._field(cvalue, f"cookie:{cname}")
            else:
                found += self._field(value, f"header:{name}")
        return found

    def _field(self, value: str, location: str) -> list[Match]:
        raw = value.encode("utf-8", errors="backslashreplace")
        decoded = unquote_to_bytes(raw) if b"%" in raw else raw
        parts = [("", decoded)] if decoded != raw else []
        parts += list(fields(decoded, None, depth=1))
        return self._layered(raw, location, lambda keep: iter(parts))

    def scan_body(self, body: bytes, content_type: str | None = None, content_encoding: str | None = None) -> list[Match]:
        data, layers = decompress(body, content_encoding, self.cap)
        multipart = (content_type or "").lower().startswith("multipart/")
        return self._layered(data, "body", lambda keep: fields(data, content_type, keep=keep), layers,
                             always_parse=multipart)

    def scan_request(self, url: str, headers: Sequence[tuple[str, str]], body: bytes = b"") -> list[Match]:
        ctype = header_get(tuple(headers), "content-type")
        cenc = header_get(tuple(headers), "content-encoding")
        return self.scan_url(url) + self.scan_headers(headers) + self.scan_body(body, ctype, cenc)

    def scan_flow(self, flow: FlowRecord) -> list[Match]:
        """What of the request (the data leaving the device) carries a PI value; a body beyond the stored part
        (``flow.request_spool``) is searched too: :meth:`scan_spool`."""
        found = self.scan_request(flow.url, flow.request_headers, flow.request_body)
        if flow.request_spool:
            found += self.scan_spool(flow.request_spool, flow.request_spool_offset, len(flow.request_body))
        return found

    def scan_spool(self, path: str, start: int, stored: int) -> list[Match]:
        """The raw bytes of a body beyond its first ``stored`` bytes, read from ``path`` (the body from byte
        ``start`` on) in chunks with overlap: matches at ``location`` ``body:beyond-stored``, ``offset`` in the
        whole body (>= ``stored`` - their length + 1: at least their end lies past what the database holds).
        Compressed bodies are searched as sent (their decoded text only in the stored part)."""
        from monitor.traffic.chunkscan import file_chunks, matcher_hits, scan_chunks

        if self._automaton is None:
            return []
        overlap = max(len(v.pattern) for v in self.variants)
        per_value: dict[tuple[str, str], int] = {}
        out = []
        try:
            for off, length, m in scan_chunks(file_chunks(path), matcher_hits(self, "body:beyond-stored"), overlap,
                                              base=start):
                if off + length <= stored:
                    continue  # in the stored part: found there (with its parsed fields) already
                key = (m.value_id, m.encoding)
                per_value[key] = per_value.get(key, 0) + 1
                if per_value[key] <= MAX_PER_VALUE:
                    out.append(dataclasses.replace(m, offset=off))
        except OSError:
            return out
        return out
