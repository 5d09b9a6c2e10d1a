"""Table tests of the matcher: per encoding, per form, per compression, per location."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib

import brotli
import pytest
import zstandard

from monitor.traffic.flow import FlowRecord
from monitor.traffic.matcher import MAX_PER_VALUE, Matcher
from monitor.traffic.variants import PiValue

IMEI = "867530012345678"
VALUES = {
    "imei": IMEI,
    "android_id": "9774d56d682e549c",
    "mac": "02:00:00:aa:bb:cc",
    "phone": "+8613800138000",
    "location": "39.904211,116.407395",
    "package": "com.tencent.mm",
    "contact": "张三",
    "oaid": "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
    "clipboard": "copy?>>>me",
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(VALUES)


def kinds(matches) -> set[tuple[str, str]]:
    return {(m.kind, m.encoding) for m in matches}


RAW = IMEI.encode()
CLIP = VALUES["clipboard"].encode()  # its base64 has + and /, its hex has letters


@pytest.mark.parametrize(
    "payload, encoding",
    [
        (RAW, "plain"),
        (base64.b64encode(b"{'i':'" + RAW + b"'}"), "base64"),
        (base64.b64encode(b"\xff\xfe" + CLIP + b"\xfb"), "base64"),
        (base64.urlsafe_b64encode(b"\xff\xfe" + CLIP + b"\xfb").rstrip(b"="), "base64url"),
        (CLIP.hex().encode(), "hex"),
        (CLIP.hex().upper().encode(), "HEX"),
        (hashlib.md5(RAW).hexdigest().encode(), "md5"),
        (hashlib.md5(RAW).hexdigest().upper().encode(), "MD5"),
        (hashlib.sha1(RAW).hexdigest().encode(), "sha1"),
        (hashlib.sha256(RAW).hexdigest().upper().encode(), "SHA256"),
    ],
)
def test_each_encoding(matcher, payload, encoding):
    found = matcher.search(b"xx=" + payload + b"&yy", "body")
    assert len(found) == 1 and found[0].encoding == encoding
    assert found[0].value is None and found[0].value_id in ("imei#0", "clipboard#8")


@pytest.mark.parametrize(
    "text, form",
    [
        ("02:00:00:AA:BB:CC", "colon-upper"),
        ("02-00-00-aa-bb-cc", "dash-lower"),
        ("020000AABBCC", "bare-upper"),
        ("0200.00aa.bbcc", "dot-lower"),
    ],
)
def test_mac_separators_and_cases(matcher, text, form):
    assert [(m.kind, m.form) for m in matcher.search(f"m={text};".encode())] == [("mac", form)]


@pytest.mark.parametrize(
    "text, form",
    [
        ("lat=39.9042&lng=116.4074", "lat-round4"),
        ("39.90421,116.40737", "latlon5"),
        ("116.407,39.904", "lonlat3"),
        ("lon=116.40736", "lon-trunc5"),
        ("39.904211,116.407368", "raw"),
    ],
)
def test_location_precisions(text, form):
    found = Matcher({"location": "39.904211,116.407368"}).search(text.encode())
    assert form in {m.form for m in found}


def test_location_far_away_not_matched():
    assert Matcher({"location": "39.904211,116.407395"}).search(b"31.2304,121.4737") == []


@pytest.mark.parametrize("text", ["13800138000", "8613800138000", "+8613800138000", "%2B8613800138000"])
def test_phone_forms(matcher, text):
    assert "phone" in {m.kind for m in matcher.search(f"p={text}".encode())}


def test_uuid_forms_and_case(matcher):
    assert ("oaid", "plain") in kinds(matcher.search(b"6F1C2A3B0D4E4F5A8B6C7D8E9F0A1B2C"))


def test_utf8_value_in_url_json_escapes_and_form(matcher):
    url = "http://t.example.com/c?name=%E5%BC%A0%E4%B8%89"
    assert {(m.kind, m.location) for m in matcher.scan_url(url)} == {("contact", "url:query.name")}
    body = json.dumps({"contacts": [{"n": "张三"}]}).encode()  # ensure_ascii: \u5f20\u4e09
    assert b"\\u5f20" in body
    found = matcher.scan_body(body, "application/json")
    assert [(m.kind, m.location) for m in found] == [("contact", "body:$.contacts[0].n")]
    form = matcher.scan_body(b"a=1&who=%E5%BC%A0%E4%B8%89", "application/x-www-form-urlencoded")
    assert {(m.kind, m.location) for m in form} == {("contact", "body:form.who")}


def test_multipart(matcher):
    body = (
        b"--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n"
        b'{"pkgs":["com.tencent.mm"]}\r\n--XyZ--\r\n'
    )
    found = matcher.scan_body(body, "multipart/form-data; boundary=XyZ")
    assert ("package", "body:part[meta]:$.pkgs[0]") in {(m.kind, m.location) for m in found}


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)  # fixed bytes: stable test ids across xdist workers


def _deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


DOC = json.dumps({"dev": {"imei": IMEI}}).encode()


@pytest.mark.parametrize(
    "body, header, layers",
    [
        (_gz(DOC), "gzip", ("gzip",)),
        (zlib.compress(DOC), "deflate", ("deflate",)),
        (_deflate_raw(DOC), "deflate", ("deflate",)),
        (brotli.compress(DOC), "br", ("br",)),
        (zstandard.ZstdCompressor().compress(DOC), "zstd", ("zstd",)),
        (brotli.compress(_gz(DOC)), "gzip, br", ("br", "gzip")),
        (_gz(DOC), None, ("gzip",)),  # sniffed: no Content-Encoding header
        (zstandard.ZstdCompressor().compress(DOC), None, ("zstd",)),
    ],
)
def test_compressed_bodies(matcher, body, header, layers):
    found = matcher.scan_body(body, "application/json", header)
    assert [(m.kind, m.location, m.layers) for m in found] == [("imei", "body:$.dev.imei", layers)]


def test_truncated_gzip_still_yields_its_intact_part(matcher):
    body = _gz(b"imei=" + RAW + b"&" + bytes(range(256)) * 400)[:200]
    assert "imei" in {m.kind for m in matcher.scan_body(body, None, "gzip")}


@pytest.mark.parametrize("body", [b"\x1f\x8b\x08\x00garbage" * 3, b"\x28\xb5\x2f\xfdjunk", b"", b"\x78\x9c"])
def test_malformed_compressed_bodies_do_not_raise(matcher, body):
    for enc in (None, "gzip", "br", "zstd", "deflate", "bogus"):
        assert matcher.scan_body(body, "application/json", enc) == []


def test_decompression_is_capped():
    bomb = gzip.compress(bytes(64 * 1024 * 1024) + RAW)
    small = Matcher({"imei": IMEI}, cap=1024 * 1024)
    assert small.scan_body(bomb, None, "gzip") == []  # the value lies past the cap
    assert Matcher({"imei": IMEI}, cap=1024 * 1024).scan_body(gzip.compress(RAW + bytes(10**6)), None, "gzip")


def test_brotli_bomb_is_capped():
    bomb = brotli.compress(bytes(64 * 1024 * 1024) + RAW, quality=5)
    assert Matcher({"imei": IMEI}, cap=4 * 1024 * 1024).scan_body(bomb, None, "br") == []


def test_headers_and_cookies(matcher):
    headers = [
        ("User-Agent", "okhttp/4 did=9774D56D682E549C"),
        ("Cookie", "sid=1; mac=02%3A00%3A00%3Aaa%3Abb%3Acc"),
        ("X-Bin", "\\xff\\xfe"),
    ]
    found = {(m.kind, m.location) for m in matcher.scan_headers(headers)}
    assert found == {("android_id", "header:User-Agent"), ("mac", "cookie:mac")}


def test_reveal_is_opt_in():
    assert Matcher({"imei": IMEI}).search(RAW)[0].value is None
    assert Matcher({"imei": IMEI}, reveal=True).search(RAW)[0].value == IMEI


def test_offsets_and_lengths_point_at_the_match(matcher):
    text = b"abc=" + hashlib.sha1(RAW).hexdigest().encode()
    hit = matcher.search(text)[0]
    assert (hit.offset, hit.length, text[hit.offset : hit.offset + hit.length]) == (4, 40, text[4:])


def test_scan_flow_covers_url_headers_and_body(matcher):
    rec = FlowRecord(
        id="f1", method="POST", scheme="https", host="alog.umeng.com", port=443,
        path="/app_logs?aid=9774d56d682e549c", url="https://alog.umeng.com/app_logs?aid=9774d56d682e549c",
        http_version="HTTP/1.1",
        request_headers=(("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("X-Mac", "020000AABBCC")),
        request_body=gzip.compress(DOC), request_body_size=0, started_ms=0,
    )  # fmt: skip
    found = {(m.kind, m.location) for m in matcher.scan_flow(rec)}
    assert found == {("android_id", "url:query.aid"), ("mac", "header:X-Mac"), ("imei", "body:$.dev.imei")}


def test_empty_and_short_values_are_ignored():
    m = Matcher([PiValue("imei", ""), PiValue("clipboard", "ab"), PiValue("imei", IMEI), PiValue("imei", IMEI)])
    assert len(m.values) == 2 and {v.value_index for v in m.variants} == {1}
    assert Matcher({}).search(b"anything") == []


def test_base64_of_compressed_json_is_opened(matcher):
    blob = base64.b64encode(gzip.compress(DOC)).decode()
    found = matcher.scan_body(json.dumps({"d": blob}).encode(), "application/json")
    assert [(m.kind, m.location) for m in found] == [("imei", "body:$.d:base64:gzip:$.dev.imei")]
    urlsafe = base64.urlsafe_b64encode(zstandard.ZstdCompressor().compress(DOC)).rstrip(b"=")
    assert [m.location for m in matcher.scan_body(urlsafe)] == ["body:base64:zstd:$.dev.imei"]


@pytest.mark.parametrize("name", ["md5", "sha1", "sha256"])
def test_base64_of_raw_digest(matcher, name):
    digest = hashlib.new(name, RAW).digest()
    for text in (base64.b64encode(digest), base64.urlsafe_b64encode(digest).rstrip(b"=")):
        assert ("imei", f"{name}-base64") in kinds(matcher.search(b"sig=" + text))


@pytest.mark.parametrize("depth", [60, 900, 995, 100_000])
def test_deeply_nested_json_is_searched_without_recursion_errors(matcher, depth):
    body = b"[" * depth + b'"' + RAW + b'"' + b"]" * depth
    found = matcher.scan_body(body, "application/json")
    assert [m.kind for m in found] == ["imei"]
    assert found[0].location == ("body:$" + "[0]" * depth if depth <= 60 else "body")


def test_repeated_values_are_capped_per_value_and_encoding(matcher):
    body = b'{"a":[' + b",".join([b'"' + RAW + b'"'] * 5000) + b"]}"
    found = matcher.scan_body(body, "application/json")
    assert len(found) == MAX_PER_VALUE and {m.kind for m in found} == {"imei"}


@pytest.mark.parametrize(
    "text, hit",
    [(b"lat=39.9087", True), (b"lat=39.90871", True), (b"x39.909,", True),
     (b"lon=139.9087", False), (b"v=239.909", False)],
)  # fmt: skip
def test_coordinates_are_not_found_inside_other_numbers(text, hit):
    assert bool(Matcher({"location": "39.908712,116.397534"}).search(text)) is hit


def test_declared_form_with_unusual_keys(matcher):
    found = matcher.scan_body(b"device+id=%E5%BC%A0%E4%B8%89&x=1", "application/x-www-form-urlencoded")
    assert [(m.kind, m.location) for m in found] == [("contact", "body:form.device id")]


def test_the_matcher_finds_the_same_before_and_after_it_builds_its_dfa(monkeypatch):
    """The quick-to-build automaton is swapped for a DFA after DFA_AFTER bytes searched: the matches (ids,
    offsets, encodings) are the same on both sides of the swap."""
    from monitor.traffic import matcher as matcher_mod

    payload = ("ts=1&imei=" + IMEI + "&aid=" + base64.b64encode(VALUES["android_id"].encode()).decode()
               + "&mac=02%3A00%3A00%3AAA%3ABB%3ACC&h=" + hashlib.md5(IMEI.encode()).hexdigest()
               + "&tel=+8613800138000&c=张三&t=138-0013-8000").encode()
    monkeypatch.setattr(matcher_mod, "DFA_AFTER", len(payload) + 1)
    m = Matcher(VALUES)
    before = m.search(payload, "body")
    first = m._automaton
    after = m.search(payload, "body")  # the swap happened before this search
    assert m._automaton is not first
    assert before == after and {x.kind for x in before} >= {"imei", "android_id", "mac", "phone", "contact"}
    assert m.search(payload, "body") == before
