"""Bodies as the app meant them (pure): bounded decompression, then JSON / form / multipart fields.

Nothing here raises on hostile input: a malformed or truncated stream yields what could be decoded
before the error; output is capped at ``cap`` bytes (zip bombs stop there).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import parse_qsl, unquote_to_bytes

import brotli
import zstandard
from mitmproxy.net.http import multipart

DEFAULT_CAP = 8 * 1024 * 1024
MAX_DEPTH = 4
_BROTLI_STEP = 16  # brotli 1.1 has no output limit: feed tiny slices, check the size after each
_B64 = re.compile(rb"^[A-Za-z0-9+/_-]+={0,2}$")
_B64_MAGIC = (b"H4sI", b"KLUv", b"eJ", b"eN", b"eA", b"eF")  # base64 of gzip, zstd, zlib magic
_FORM = re.compile(rb"^[\w.\-\[\]%*~]+=[^&]*(&[\w.\-\[\]%*~]+=[^&]*)*$")


def _zlib(data: bytes, wbits: int, cap: int) -> bytes:
    d = zlib.decompressobj(wbits)
    try:
        return d.decompress(data, cap)
    except zlib.error:
        return b""


def _gzip(data: bytes, cap: int) -> bytes:
    d, out = zlib.decompressobj(16 + zlib.MAX_WBITS), bytearray()
    step = 64 * 1024
    try:
        for i in range(0, len(data), step):
            out += d.decompress(data[i : i + step], cap - len(out) + 1)
            if len(out) > cap or d.unconsumed_tail:
                break
    except zlib.error:
        pass  # keep what decoded before the damage
    return bytes(out[:cap])


def _deflate(data: bytes, cap: int) -> bytes:
    return _zlib(data, zlib.MAX_WBITS, cap) or _zlib(data, -zlib.MAX_WBITS, cap)


def _brotli(data: bytes, cap: int) -> bytes:
    d, out = brotli.Decompressor(), bytearray()
    try:
        for i in range(0, len(data), _BROTLI_STEP):
            out += d.process(data[i : i + _BROTLI_STEP])
            if len(out) >= cap:
                break
    except brotli.error:
        pass
    return bytes(out[:cap])


def _zstd(data: bytes, cap: int) -> bytes:
    out = bytearray()
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
        while len(out) < cap and (chunk := reader.read(min(65536, cap - len(out)))):
            out += chunk
    except zstandard.ZstdError:
        pass
    return bytes(out[:cap])


DECODERS = {"gzip": _gzip, "x-gzip": _gzip, "deflate": _deflate, "br": _brotli, "zstd": _zstd}


def sniff(data: bytes) -> str | None:
    """Compression recognised by its magic bytes (SDKs often compress without saying so)."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    if len(data) > 2 and data[0] == 0x78 and (data[0] << 8 | data[1]) % 31 == 0:
        return "deflate"
    return None


def decompress(data: bytes, content_encoding: str | None, cap: int = DEFAULT_CAP) -> tuple[bytes, tuple[str, ...]]:
    """Undo Content-Encoding (last applied first) and sniffed compression; returns (bytes, layers)."""
    layers: list[str] = []
    declared = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
    for enc in reversed(declared):
        if enc in DECODERS:
            decoded = DECODERS[enc](data, cap)
            if decoded or not data:
                data = decoded
                layers.append("gzip" if enc == "x-gzip" else enc)
    while len(layers) < MAX_DEPTH and (found := sniff(data)):
        decoded = DECODERS[found](data, cap)
        if not decoded:
            break
        data = decoded
        layers.append(found)
    return data, tuple(layers)


# --- structured payloads: (path, bytes) for every string value, URL-decoded too ---


MAX_JSON_NESTING = 64  # deeper containers are left to the raw-text search


class Keep:
    """Which parsed strings :func:`fields` yields: those holding one of ``patterns`` (bytes), with what is nested
    in them. A JSON string is tested as text when every pattern is UTF-8 (the same answer: UTF-8 is
    self-synchronising), so the strings left out are never encoded."""

    def __init__(self, patterns: Iterable[bytes]) -> None:
        self.patterns = tuple(patterns)
        try:
            texts: tuple[str, ...] | None = tuple(p.decode("utf-8") for p in self.patterns)
        except UnicodeDecodeError:
            texts = None
        self.text: Callable[[str], bool]  # the hot test: one closure, no generator for the usual one pattern
        if texts is None:
            self.text = lambda v: self(v.encode("utf-8", errors="surrogatepass"))
        elif len(texts) == 1:
            t0 = texts[0]
            self.text = lambda v: t0 in v
        else:
            self.text = lambda v: any(t in v for t in texts)

    def __call__(self, data: bytes) -> bool:
        return any(p in data for p in self.patterns)


def _walk_json(doc, root: str, depth: int, keep: Keep | None = None) -> Iterator[tuple[str, bytes]]:
    """Every string of a parsed JSON document (those ``keep`` wants), depth first in document order, with its
    path. A path is only spelled out for the strings yielded."""
    found: list[tuple[tuple, str]] = []
    test = keep.text if keep is not None else None

    def walk(node, at: tuple | None, level: int) -> None:
        items = node.items() if type(node) is dict else enumerate(node)
        for key, value in items:
            t = type(value)
            if t is str:
                if test is None or test(value):
                    found.append(((at, key), value))
            elif (t is dict or t is list) and level < MAX_JSON_NESTING:
                walk(value, (at, key), level + 1)

    t = type(doc)
    if t is str:
        found.append((None, doc))
    elif t is dict or t is list:
        walk(doc, None, 1)
    for at, value in found:
        raw = value.encode("utf-8", errors="surrogatepass")
        path = _spell(root, at)
        yield path, raw
        if _nested(raw):
            yield from fields(raw, None, path + ":", depth + 1, keep)


def _spell(root: str, at: tuple | None) -> str:
    """A path from its links: (parent, key) pairs; an int key is a list index."""
    segs = []
    while at is not None:
        at, key = at
        segs.append(f"[{key}]" if type(key) is int else f".{key}")
    return root + "".join(reversed(segs))


def _nested(raw: bytes) -> bool:
    """Cheap gate: could this string hold JSON, a form, URL-encoding or compressed base64?"""
    return len(raw) > 3 and (raw[:1] in (b"{", b"[") or b"=" in raw or b"%" in raw or raw.startswith(_B64_MAGIC))


def _maybe_json(data: bytes):
    head = data.lstrip()[:1]
    if head not in (b"{", b"["):
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _compressed_base64(data: bytes) -> tuple[bytes, tuple[str, ...]] | None:
    """``base64(gzip(...))`` and friends: the decompressed bytes and layers, else None."""
    text = data.strip()
    if len(text) < 16 or not text.startswith(_B64_MAGIC) or not _B64.match(text):
        return None
    alt = b"-_" if (b"-" in text or b"_" in text) else None
    try:
        raw = base64.b64decode(text + b"=" * (-len(text) % 4), altchars=alt)
    except (binascii.Error, ValueError):
        return None
    if not sniff(raw):
        return None
    out, layers = decompress(raw, None)
    return (out, ("base64", *layers)) if layers and out else None


def _form_pairs(data: bytes, keep: Keep | None) -> Iterator[tuple[str, str]]:
    """parse_qsl of a form; with ``keep``, only of the ``&``-separated pairs it wants (parse_qsl takes each pair
    on its own, and a pair's value is a slice of it: ``keep`` is only given when nothing is escaped)."""
    if keep is None:
        yield from parse_qsl(data.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
        return
    for pair in data.split(b"&"):
        if keep(pair):
            yield from parse_qsl(pair.decode("latin-1"), keep_blank_values=True, encoding="latin-1")


def fields(data: bytes, content_type: str | None, path: str = "", depth: int = 0,
           keep: Keep | None = None) -> Iterator[tuple[str, bytes]]:
    """String fields of a JSON, form or multipart payload (nested ones too, up to MAX_DEPTH).

    A base64 text of compressed data is opened too: its path gets ``base64:<compression>:``.
    ``keep``: only the JSON strings and form values for which it is true (with what is nested in them); the
    matcher passes "holds a pattern the raw text holds" when parsing cannot reveal new bytes.
    """
    if depth > MAX_DEPTH or not data:
        return
    if (opened := _compressed_base64(data)) is not None:
        inner, layers = opened
        sub = f"{path}{':'.join(layers)}"
        yield sub, inner
        yield from fields(inner, None, sub + ":", depth + 1, keep)
        return
    ctype = (content_type or "").lower()
    if ctype.startswith("multipart/"):
        try:
            parts = multipart.decode_multipart(content_type, data)
        except Exception:  # noqa: BLE001 - mitmproxy's parser on hostile input, any failure = no parts
            parts = []
        for name, value in parts:
            sub = f"{path}part[{name.decode('utf-8', 'backslashreplace')}]"
            yield sub, value
            yield from fields(value, None, sub + ":", depth + 1, keep)
        return
    doc = _maybe_json(data)
    if doc is not None:
        yield from _walk_json(doc, path + "$", depth, keep)
        return
    if ctype.startswith("application/x-www-form-urlencoded") or _FORM.match(data.strip()):
        for key, value in _form_pairs(data, keep):
            sub = f"{path}form.{key}"
            raw = value.encode("latin-1", errors="replace")
            if keep is not None and not keep(raw):
                continue
            yield sub, raw
            yield from fields(raw, None, sub + ":", depth + 1, keep)
    elif b"%" in data and depth > 0:
        decoded = unquote_to_bytes(data)
        if decoded != data:
            yield f"{path}urldecoded", decoded
