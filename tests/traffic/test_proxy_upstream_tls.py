"""Upstream forwarding over TLS (what a real device's run does by default): a client goes through the
proxy's CONNECT to a real HTTPS server on 127.0.0.1; the proxy verifies the upstream certificate (here
a private CA given as ``upstream_ca``), forwards, and records the real answer. Without that CA the
upstream's certificate is refused: forwarding never turns verification off."""

from __future__ import annotations

import http.client
import ssl

from monitor.traffic.proxy import ProxyConfig, TrafficProxy

from .conftest import Collector
from .tlsserver import CERT, TlsServer


def _post_via(proxy: TrafficProxy, port: int, body: bytes) -> tuple[int, bytes]:
    ctx = ssl.create_default_context(cafile=str(proxy.ca_cert_path))
    conn = http.client.HTTPSConnection(*proxy.address, timeout=60, context=ctx)
    conn.set_tunnel("localhost", port)
    conn.request("POST", "/v1/collect", body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    return resp.status, resp.read()


def test_https_is_forwarded_upstream_and_the_real_answer_recorded(tmp_path):
    collector = Collector()
    cfg = ProxyConfig(confdir=tmp_path / "mitm", offline=False, upstream_ca=CERT)
    with TlsServer() as server, TrafficProxy(collector, cfg) as proxy:
        assert _post_via(proxy, server.port, b'{"oaid":"x-1"}') == (200, b'{"ok":true}')
        got = server.wait(1)
        rec = collector.wait_for(lambda r: r.path == "/v1/collect")
    assert got[0][3] == b'{"oaid":"x-1"}'  # the upstream really received it
    assert (rec.offline, rec.tls, rec.status_code, rec.response_body) == (False, True, 200, b'{"ok":true}')
    assert rec.server_ip == f"127.0.0.1:{server.port}" and rec.request_body == b'{"oaid":"x-1"}'


def test_an_untrusted_upstream_certificate_is_refused(tmp_path):
    collector = Collector()
    with TlsServer() as server, TrafficProxy(collector, ProxyConfig(confdir=tmp_path / "mitm", offline=False)) as proxy:
        status, _ = _post_via(proxy, server.port, b"{}")
        rec = collector.wait_for(lambda r: r.path == "/v1/collect")
        assert server.received == []
    assert status == 502 and rec.error and "certificate" in rec.error.lower()
