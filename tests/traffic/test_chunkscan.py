"""Bodies beyond the stored 1 MiB are searched (issue 12 point 9): the chunk/overlap logic (pure), and a real
mitmproxy flow whose PI lies far past the stored part, across a chunk boundary."""

from __future__ import annotations

import http.client
import itertools
import os
import random
from pathlib import Path

import pytest

from monitor.traffic.chunkscan import CHUNK, scan_chunks
from monitor.traffic.matcher import Matcher
from monitor.traffic.proxy import ProxyConfig, TrafficProxy
from monitor.traffic.recorder import spool_offset

from .conftest import Collector

IMEI = "867530012345678"


def _finder(needles: list[bytes]):
    def search(window: bytes):
        for i, n in enumerate(needles):
            at = window.find(n)
            while at != -1:
                yield at, len(n), i
                at = window.find(n, at + 1)
    return search


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    edges = [0, *sorted(cuts), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


def test_a_value_straddling_a_chunk_boundary_is_found_once_at_its_offset() -> None:
    data = b"x" * 100 + IMEI.encode() + b"y" * 100
    for cut in range(95, 120):  # every split of the value, and splits just around it
        got = list(scan_chunks(_chunks(data, [cut]), _finder([IMEI.encode()]), overlap=len(IMEI) - 1, base=1000))
        assert got == [(1100, len(IMEI), 0)], cut


def test_too_little_overlap_misses_straddlers() -> None:  # the test above would fail without the overlap
    data = b"x" * 10 + IMEI.encode() + b"y" * 10
    assert list(scan_chunks(_chunks(data, [15]), _finder([IMEI.encode()]), overlap=0)) == []


def test_random_chunkings_find_exactly_what_a_whole_search_finds() -> None:
    rng = random.Random(9)
    needles = [b"abcab", b"bca", b"aaaa", IMEI.encode()]
    for _ in range(200):
        data = bytes(rng.choice(b"abc") for _ in range(rng.randrange(0, 300)))
        if rng.random() < 0.5:
            at = rng.randrange(0, len(data) + 1)
            data = data[:at] + IMEI.encode() + data[at:]
        cuts = sorted(rng.sample(range(1, max(len(data), 2)), k=min(rng.randrange(0, 12), max(len(data) - 1, 0))))
        whole = sorted(_finder(needles)(data))
        chunked = sorted(scan_chunks(_chunks(data, cuts), _finder(needles), overlap=max(map(len, needles)) - 1))
        assert chunked == whole


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    collector = Collector(keep_spools=True)
    proxy = TrafficProxy(collector, ProxyConfig(confdir=tmp_path_factory.mktemp("mitm-chunks"), max_body=1 << 20))
    proxy.start()
    yield proxy, collector
    proxy.stop()
    for r in collector.records:
        if r.request_spool:
            Path(r.request_spool).unlink(missing_ok=True)


def test_pi_after_the_first_mib_of_a_real_request_is_found_beyond_the_stored_part(proxy) -> None:
    proxy, collector = proxy
    at = spool_offset(1 << 20) + 2 * CHUNK - 7  # ~3 MiB in, straddling two of the spool's read chunks
    body = bytearray(os.urandom(4 * (1 << 20)).hex()[: 4 * (1 << 20)].encode().replace(b"8", b"-"))
    body[at - 1:at + len(IMEI) + 1] = b"=" + IMEI.encode() + b"&"
    host, port = proxy.address
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("POST", "http://upload.example.com/big", body=bytes(body),
                 headers={"Content-Type": "application/octet-stream"})
    assert conn.getresponse().status == 200
    rec = collector.wait_for(lambda r: r.path == "/big")
    assert len(rec.request_body) == 1 << 20 and rec.request_body_size == len(body)  # only 1 MiB stored
    assert rec.request_spool and os.stat(rec.request_spool).st_mode & 0o077 == 0
    matches = Matcher({"imei": IMEI}).scan_flow(rec)
    assert [(m.kind, m.location, m.offset) for m in matches] == [("imei", "body:beyond-stored", at)]
    # the same body cut in the stored part: the matcher of the stored part alone finds nothing
    assert Matcher({"imei": IMEI}).scan_request(rec.url, rec.request_headers, rec.request_body) == []
