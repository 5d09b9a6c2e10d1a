"""The real proxy in online mode, forwarding to a real upstream server on loopback."""

from __future__ import annotations

import http.client
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from monitor.traffic.proxy import ProxyConfig, TrafficProxy

from .conftest import Collector

MAX_BODY = 1024


class Upstream(BaseHTTPRequestHandler):
    received: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        size = int(self.headers.get("content-length", 0))
        got = 0
        while got < size:
            got += len(self.rfile.read(min(65536, size - got)))
        Upstream.received.append(got)
        body = b"stored %d" % got
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        body = b"abcdefghij" * 300_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    collector = Collector()
    cfg = ProxyConfig(confdir=tmp_path_factory.mktemp("mitm-online"), offline=False, max_body=MAX_BODY)
    with TrafficProxy(collector, cfg) as proxy:
        yield proxy, collector, server.server_address[1]
    server.shutdown()
    thread.join()


def _post(proxy: TrafficProxy, url: str, body: bytes) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*proxy.address, timeout=60)
    conn.request("POST", url, body=body)
    resp = conn.getresponse()
    return resp.status, resp.read()


def test_forwards_and_records_the_real_answer(online):
    proxy, collector, port = online
    assert _post(proxy, f"http://127.0.0.1:{port}/small", b"hello") == (201, b"stored 5")
    rec = collector.wait_for(lambda r: r.path == "/small")
    assert not rec.offline and rec.server_ip == f"127.0.0.1:{port}" and rec.status_code == 201
    assert rec.response_body == b"stored 5" and rec.request_body == b"hello"


def test_large_body_streams_upstream_and_only_its_head_is_kept(online):
    proxy, collector, port = online
    body = b"0123456789" * 500_000
    assert _post(proxy, f"http://127.0.0.1:{port}/big", body) == (201, b"stored 5000000")
    rec = collector.wait_for(lambda r: r.path == "/big")
    assert rec.request_body == body[:MAX_BODY] and rec.request_body_size == len(body)
    assert Upstream.received[-1] == len(body)


def test_unreachable_upstream_is_an_error_flow_not_a_crash(online):
    proxy, collector, _ = online
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    status, _ = _post(proxy, f"http://127.0.0.1:{dead}/gone", b"x")
    assert status == 502
    rec = collector.wait_for(lambda r: r.path == "/gone")
    assert rec.error and rec.status_code in (None, 502)
    assert _post(proxy, f"http://127.0.0.1:{online[2]}/after", b"ok")[0] == 201


def test_large_response_streams_to_the_client_and_only_its_head_is_kept(online):
    proxy, collector, port = online
    conn = http.client.HTTPConnection(*proxy.address, timeout=60)
    conn.request("GET", f"http://127.0.0.1:{port}/download")
    resp = conn.getresponse()
    assert resp.status == 200 and len(resp.read()) == 3_000_000
    rec = collector.wait_for(lambda r: r.path == "/download")
    assert rec.response_body == (b"abcdefghij" * 103)[:MAX_BODY] and rec.response_body_size == 3_000_000
