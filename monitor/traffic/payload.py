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
from collections.abc import Iterator
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


def _walk_json(node, path: str, depth: int, level: int = 0) -> Iterator[tuple[str, bytes]]:
    if level > MAX_JSON_NESTING:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_json(value, f"{path}.{key}", depth, level + 1)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_json(value, f"{path}[{i}]", depth, level + 1)
    elif isinstance(node, str):
        raw = node.encode("utf-8", errors="surrogatepass")
        yield path, raw
        if _nested(raw):
            yield from fields(raw, None, path + ":", depth + 1)


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


def fields(data: bytes, content_type: str | None, path: str = "", depth: int = 0) -> Iterator[tuple[str, bytes]]:
    """String fields of a JSON, form or multipart payload (nested ones too, up to MAX_DEPTH).

    A base64 text of compressed data is opened too: its path gets ``base64:<compression>:``.
    """
    if depth > MAX_DEPTH or not data:
        return
    if (opened := _compressed_base64(data)) is not None:
        inner, layers = opened
        sub = f"{path}{':'.join(layers)}"
        yield sub, inner
        yield from fields(inner, None, sub + ":", depth + 1)
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
            yield from fields(value, None, sub + ":", depth + 1)
        return
    doc = _maybe_json(data)
    if doc is not None:
        yield from _walk_json(doc, path + "$", depth)
        return
    if ctype.startswith("application/x-www-form-urlencoded") or _FORM.match(data.strip()):
        for key, value in parse_qsl(data.decode("latin-1"), keep_blank_values=True, encoding="latin-1"):
            sub = f"{path}form.{key}"
            raw = value.encode("latin-1", errors="replace")
            yield sub, raw
            yield from fields(raw, None, sub + ":", depth + 1)
    elif b"%" in data and depth > 0:
        decoded = unquote_to_bytes(data)
        if decoded != data:
            yield f"{path}urldecoded", decoded
