"""Property tests: any value in any supported encoding, anywhere in random bytes, is found; near misses are not.

The encodings are computed here independently of monitor.traffic.variants.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import quote, quote_plus

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from monitor.traffic.matcher import Matcher
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
    if encoding not in ("base64", "base64url"):
        assert any(h.offset <= start and h.offset + h.length >= end for h in hits)
    if encoding in ("md5", "MD5", "sha1", "SHA1", "sha256", "SHA256"):
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
