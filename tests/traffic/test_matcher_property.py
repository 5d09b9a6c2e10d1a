"""Property tests: any value in any supported encoding, anywhere in random bytes, is found; near misses are not.

The encodings are computed here independently of monitor.traffic.variants.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from urllib.parse import quote, quote_plus, urlencode

import brotli
import zstandard
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from monitor.traffic.matcher import Matcher
from monitor.traffic.payload import fields
from monitor.traffic.variants import ENCODINGS


def encode(value: str, encoding: str, before: bytes, after: bytes) -> bytes:
    raw = value.encode()
    if encoding == "plain":
        return raw
    if encoding in ("url", "url-lower"):
        text = quote(value, safe="")
        return (text if encoding == "url" else re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), text)).encode()
    if encoding == "form":
        return quote_plus(value, safe="").encode()
    if encoding in ("base64", "base64url"):  # the value somewhere inside a larger base64 blob
        fn = base64.b64encode if encoding == "base64" else base64.urlsafe_b64encode
        return fn(before + raw + after)
    if encoding in ("hex", "HEX"):
        return raw.hex().encode() if encoding == "hex" else raw.hex().upper().encode()
    if encoding.endswith("-base64"):
        return base64.b64encode(hashlib.new(encoding.split("-")[0], raw).digest())
    digest = hashlib.new(encoding.lower(), raw).hexdigest()
    return (digest if encoding.islower() else digest.upper()).encode()


identifier = st.one_of(
    st.tuples(st.just("imei"), st.from_regex(r"\A86[0-9]{13}\Z")),
    st.tuples(st.just("android_id"), st.from_regex(r"\A[0-9a-f]{16}\Z")),
    st.tuples(st.just("oaid"), st.uuids().map(str)),
    st.tuples(st.just("mac"), st.binary(min_size=6, max_size=6).map(lambda b: b.hex(":"))),
    st.tuples(
        st.sampled_from(["contact", "clipboard", "package"]),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=24).filter(
            lambda s: len(s.encode()) >= 4
        ),
    ),
)
noise = st.binary(max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(identifier, st.sampled_from(ENCODINGS), noise, noise, st.binary(max_size=5), st.binary(max_size=5))
def test_any_value_in_any_encoding_anywhere_is_found(kv, encoding, prefix, suffix, before, after):
    kind, value = kv
    matcher = Matcher({kind: value})
    encoded = encode(value, encoding, before, after)
    blob = prefix + encoded + suffix
    hits = [m for m in matcher.search(blob, "body") if m.value_id == f"{kind}#0"]
    assert hits, f"{kind} {encoding} not found"
    start, end = len(prefix), len(prefix) + len(encoded)
    assert any(h.offset < end and h.offset + h.length > start for h in hits)
    if "base64" not in encoding:  # base64 matches cover the value's own characters, not padding
        assert any(h.offset <= start and h.offset + h.length >= end for h in hits)
    if encoding.lower().startswith(("md5", "sha1", "sha256")):
        assert any(h.encoding.lower() == encoding.lower() for h in hits)


@settings(max_examples=300, deadline=None)
@given(identifier, st.sampled_from(ENCODINGS), noise, noise, st.integers(min_value=0))
def test_near_misses_and_random_bytes_are_not_matched(kv, encoding, prefix, suffix, cut):
    kind, value = kv
    matcher = Matcher({kind: value})
    encoded = encode(value, encoding, b"", b"")
    # A near miss: the encoded value with one byte dropped, between random bytes.
    i = cut % len(encoded)
    blob = prefix + encoded[:i] + encoded[i + 1 :] + suffix
    assume(not any(v.pattern in blob for v in matcher.variants))
    assert matcher.search(blob, "body") == []


def _container(where: str, text: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """A request (url, headers, body) carrying ``text`` the way an SDK would."""
    url, headers, body = "https://t.example.com/v1/log?a=1", [("User-Agent", "okhttp/4.9")], b""
    if where == "query":
        url += "&" + urlencode({"v": text})
    elif where == "header":
        headers.append(("X-Device", text))
    elif where == "cookie":
        headers.append(("Cookie", "sid=1; v=" + quote(text, safe="")))
    elif where in ("json", "gzip-json", "br-json"):
        body = json.dumps({"dev": {"list": [1, {"v": text}]}}).encode()
        headers.append(("Content-Type", "application/json"))
        if where != "json":
            body = gzip.compress(body) if where == "gzip-json" else brotli.compress(body)
            headers.append(("Content-Encoding", "gzip" if where == "gzip-json" else "br"))
    elif where == "form":
        body = urlencode({"a": "1", "v": text}).encode()
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    elif where == "multipart":
        body = b"--B\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n" + text.encode() + b"\r\n--B--\r\n"
        headers.append(("Content-Type", "multipart/form-data; boundary=B"))
    elif where == "zstd-raw":  # compressed without saying so
        body = zstandard.ZstdCompressor().compress(b"\x00\x01" + text.encode() + b"\xff")
    return url, headers, body


CONTAINERS = ("query", "header", "cookie", "json", "gzip-json", "br-json", "form", "multipart", "zstd-raw")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(identifier, st.sampled_from(ENCODINGS), st.sampled_from(CONTAINERS), st.binary(max_size=5), st.binary(max_size=5))
def test_any_value_in_any_encoding_in_any_part_of_a_request_is_found(kv, encoding, where, before, after):
    kind, value = kv
    text = encode(value, encoding, before, after).decode("utf-8")
    assume(where != "header" or text == text.strip() and "\r" not in text and "\n" not in text)
    assume(where != "multipart" or "--B" not in text)
    matcher = Matcher({kind: value})
    url, headers, body = _container(where, text)
    hits = matcher.scan_request(url, headers, body)
    assert {h.value_id for h in hits} == {f"{kind}#0"}, f"{kind} {encoding} in {where}"


_leaf = st.one_of(st.text(max_size=12), st.integers(), st.none(), st.sampled_from(["867530012345678", "5867530012345678",
                  "x867530012345678y", "a=867530012345678&b=2", "02:00:00:aa:bb:cc", "张三", "k=张三"]))
_doc = st.recursive(_leaf, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                  st.dictionaries(st.text(max_size=4), kids, max_size=4)), max_leaves=12)


_KEEP_MATCHER = Matcher({"imei": "867530012345678", "mac": "02:00:00:aa:bb:cc", "contact": "张三"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc, st.sampled_from(["json", "form", "nested-form"]), st.booleans())
def test_parsing_only_the_fields_the_raw_text_holds_finds_what_parsing_all_does(doc, shape, ascii_only):
    """scan_body parses only the fields holding a pattern the raw text holds (payload.Keep): its matches are those
    of parsing every field."""
    matcher = _KEEP_MATCHER
    if shape == "json":
        body, ctype = json.dumps(doc, ensure_ascii=ascii_only).encode(), "application/json"
    else:
        flat = doc if isinstance(doc, dict) else {"v": doc}
        pairs = [(k, json.dumps(v, ensure_ascii=ascii_only) if shape == "nested-form" else str(v)) for k, v in flat.items()]
        body = "&".join(f"{k}={v}" for k, v in pairs).encode()  # unescaped: what the filter is for
        ctype = "application/x-www-form-urlencoded"
    every_field = matcher._layered(body, "body", lambda _keep: fields(body, ctype))
    assert matcher.scan_body(body, ctype) == every_field
