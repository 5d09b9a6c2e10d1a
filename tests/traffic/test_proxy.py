"""The real proxy (offline mode) with real clients on loopback: HTTP, HTTPS through our CA, hostile input."""

from __future__ import annotations

import gzip
import http.client
import ssl

import pytest

from monitor.errors import PimonError
from monitor.traffic.proxy import ProxyConfig, TrafficProxy, ensure_ca

from .conftest import Collector

MAX_BODY = 64 * 1024


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    confdir = tmp_path_factory.mktemp("mitm-conf")
    collector = Collector()
    proxy = TrafficProxy(collector, ProxyConfig(confdir=confdir, max_body=MAX_BODY))
    proxy.start()
    yield proxy, collector
    proxy.stop()


def _http(proxy: TrafficProxy) -> http.client.HTTPConnection:
    host, port = proxy.address
    return http.client.HTTPConnection(host, port, timeout=60)


def _https(proxy: TrafficProxy, target: str) -> http.client.HTTPSConnection:
    host, port = proxy.address
    ctx = ssl.create_default_context(cafile=str(proxy.ca_cert_path))
    conn = http.client.HTTPSConnection(host, port, timeout=60, context=ctx)
    conn.set_tunnel(target, 443)
    return conn


def _alive(proxy: TrafficProxy, collector: Collector, tag: str) -> None:
    conn = _http(proxy)
    conn.request("GET", f"http://alive.example.com/{tag}")
    assert conn.getresponse().status == 200
    collector.wait_for(lambda r: r.path == f"/{tag}")


def test_binds_loopback_ephemeral_port(live):
    proxy, _ = live
    host, port = proxy.address
    assert host == "127.0.0.1" and port > 0


def test_cleartext_request_answered_offline_and_recorded(live):
    proxy, collector = live
    conn = _http(proxy)
    conn.request("POST", "http://tracker.example.com/log?imei=867530012345678", body=b'{"a":1}',
                 headers={"Content-Type": "application/json", "Cookie": "uid=42"})
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (200, b"{}")
    rec = collector.wait_for(lambda r: r.host == "tracker.example.com")
    assert rec.method == "POST" and rec.scheme == "http" and rec.port == 80
    assert rec.path == "/log?imei=867530012345678"
    assert rec.request_body == b'{"a":1}' and rec.request_body_size == 7
    assert rec.request_header("cookie") == "uid=42"
    assert rec.offline and rec.cleartext and not rec.tls and rec.server_ip is None
    assert rec.server_address == "tracker.example.com:80"
    assert rec.status_code == 200 and rec.started_ms > 1_600_000_000_000
    assert rec.request_done_ms >= rec.started_ms


def test_https_through_generated_ca(live):
    proxy, collector = live
    conn = _https(proxy, "api.tracker.example.cn")
    conn.request("GET", "/v1/cfg?oaid=abc")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.read() == b"{}"
    rec = collector.wait_for(lambda r: r.host == "api.tracker.example.cn")
    assert rec.tls and rec.scheme == "https" and rec.sni == "api.tracker.example.cn"
    assert rec.tls_version and rec.tls_version.startswith("TLS")
    assert rec.url == "https://api.tracker.example.cn/v1/cfg?oaid=abc" and not rec.cleartext


def test_https_rejected_without_trusting_ca(live):
    proxy, _ = live
    host, port = proxy.address
    conn = http.client.HTTPSConnection(host, port, timeout=20, context=ssl.create_default_context())
    conn.set_tunnel("untrusted.example.com", 443)
    with pytest.raises(ssl.SSLCertVerificationError):
        conn.request("GET", "/")


def test_100mb_body_is_cut_and_the_proxy_keeps_working(live):
    proxy, collector = live
    body = bytes(100 * 1024 * 1024)
    conn = _http(proxy)
    conn.request("POST", "http://upload.example.com/big", body=body)
    assert conn.getresponse().status == 200
    rec = collector.wait_for(lambda r: r.host == "upload.example.com")
    assert rec.request_body_size == len(body)
    assert len(rec.request_body) == MAX_BODY and rec.request_truncated
    _alive(proxy, collector, "after-big")


def test_malformed_gzip_body_recorded_raw(live):
    proxy, collector = live
    junk = gzip.compress(b'{"imei":"867530012345678"}')[:15] + b"\x00garbage"
    conn = _http(proxy)
    conn.request("POST", "http://gz.example.com/up", body=junk, headers={"Content-Encoding": "gzip"})
    assert conn.getresponse().status == 200
    rec = collector.wait_for(lambda r: r.host == "gz.example.com")
    assert rec.request_body == junk and rec.request_header("content-encoding") == "gzip"
    _alive(proxy, collector, "after-gzip")


def test_non_utf8_headers_recorded_escaped(live):
    proxy, collector = live
    conn = _http(proxy)
    conn.putrequest("GET", "http://bytes.example.com/h")
    conn.putheader("X-Raw", b"\xff\xfe\x80id=1")
    conn.putheader("X-Name", "张三".encode())
    conn.endheaders()
    assert conn.getresponse().status == 200
    rec = collector.wait_for(lambda r: r.host == "bytes.example.com")
    assert rec.request_header("x-raw") == "\\xff\\xfe\\x80id=1"
    assert rec.request_header("x-name") == "张三"
    _alive(proxy, collector, "after-bytes")


def test_ca_is_reused(live, tmp_path_factory):
    proxy, _ = live
    pem = proxy.ca_cert_path.read_bytes()
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----")
    assert ensure_ca(proxy.confdir) == proxy.ca_cert_path
    assert proxy.ca_cert_path.read_bytes() == pem
    other = ensure_ca(tmp_path_factory.mktemp("other-ca"))
    assert other.read_bytes() != pem


def test_one_proxy_per_process(live):
    with pytest.raises(PimonError, match="already running"):
        TrafficProxy(lambda r: None).start()


def test_failing_callback_does_not_break_proxy(live):
    proxy, collector = live
    original = proxy._recorder.on_flow

    def boom(record):
        original(record)
        raise RuntimeError("consumer bug")

    proxy._recorder.on_flow = boom
    try:
        conn = _http(proxy)
        conn.request("GET", "http://boom.example.com/")
        assert conn.getresponse().status == 200
    finally:
        proxy._recorder.on_flow = original
    _alive(proxy, collector, "after-boom")


def test_http2_over_tls_as_okhttp_speaks_it(live):
    import socket

    import h2.config
    import h2.connection
    import h2.events

    proxy, collector = live
    sock = socket.create_connection(proxy.address, timeout=20)
    sock.sendall(b"CONNECT h2.tracker.example.com:443 HTTP/1.1\r\nHost: h2.tracker.example.com:443\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    ctx = ssl.create_default_context(cafile=str(proxy.ca_cert_path))
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    with ctx.wrap_socket(sock, server_hostname="h2.tracker.example.com") as tls:
        assert tls.selected_alpn_protocol() == "h2"
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        sid = conn.get_next_available_stream_id()
        conn.send_headers(sid, [(":method", "POST"), (":path", "/v2/collect"), (":scheme", "https"),
                                (":authority", "h2.tracker.example.com"), ("content-type", "application/json")])
        conn.send_data(sid, b'{"oaid":"x"}', end_stream=True)
        tls.sendall(conn.data_to_send())
        status, ended = None, False
        while not ended:
            for ev in conn.receive_data(tls.recv(65536)):
                if isinstance(ev, h2.events.ResponseReceived):
                    status = dict(ev.headers)[b":status"]
                ended = ended or isinstance(ev, h2.events.StreamEnded)
            tls.sendall(conn.data_to_send())
    assert status == b"200"
    rec = collector.wait_for(lambda r: r.host == "h2.tracker.example.com")
    assert rec.http_version == "HTTP/2.0" and rec.request_body == b'{"oaid":"x"}' and rec.tls


def test_an_existing_ca_is_found_without_importing_mitmproxy(tmp_path) -> None:
    """Every run after a home's first finds its CA by its files (the proxy's own process loads it): the run's
    process does not import mitmproxy's certificate code for it (~0.2 s on its way to the app's launch)."""
    import subprocess
    import sys

    cert = ensure_ca(tmp_path / "ca")
    key = tmp_path / "ca" / "mitmproxy-ca.pem"
    probe = ("import sys; from monitor.traffic.proxyconf import ensure_ca; print(ensure_ca(sys.argv[1])); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mitmproxy'))")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "ca")], capture_output=True, text=True,
                         timeout=60, check=True).stdout.splitlines()
    assert out == [str(cert), "[]"]
    assert key.read_bytes().startswith(b"-----BEGIN RSA PRIVATE KEY-----") and ensure_ca(tmp_path / "ca") == cert


def test_a_ca_whose_certificate_file_went_gets_it_back_and_stays_the_same_ca(tmp_path) -> None:
    """A pimon killed between mitmproxy writing the CA's key and its certificate, or a certificate removed by hand:
    mitmproxy keeps the CA it finds and does not write the certificate again, so the device would be given a file
    that is not there. The certificate is written from the CA kept (a device set up with it still trusts it)."""
    cert = ensure_ca(tmp_path / "ca")
    pem = cert.read_bytes()
    for gone in (cert.unlink, lambda: cert.write_bytes(b"")):
        gone()
        assert ensure_ca(tmp_path / "ca") == cert and cert.read_bytes() == pem
