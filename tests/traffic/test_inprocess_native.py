"""The in-process source on native TLS: pimon's real agent attached with real Frida to a local process
whose TLS is OpenSSL's libssl (CPython's ``ssl`` module: SSL_write_ex / SSL_read_ex of libssl.so.3),
as the agent attaches to an app's BoringSSL/libssl on a phone. Also: destinations from connect()
without any readable payload, and QUIC (UDP 443) refused when asked.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import frida
import pytest

from monitor.instrument.session import InstrumentationSession
from monitor.traffic.inprocess import InProcessTraffic
from monitor.traffic.matcher import Matcher

from .tlsserver import CERT, TlsServer

IMEI = "867530012345678"

# The "app": waits for "go <port>", sends its request over TLS through OpenSSL, connects a plain TCP
# socket that never carries TLS (a destination without payload) and tries QUIC, then reports.
CLIENT = textwrap.dedent(r'''
    import socket, ssl, sys
    print("ready", flush=True)
    port = int(sys.stdin.readline().split()[1])
    ctx = ssl.create_default_context(cafile=sys.argv[1])
    with socket.create_connection(("127.0.0.1", port)) as raw:
        with ctx.wrap_socket(raw, server_hostname="collect.pinnedsdk.example") as s:
            body = b'{"device":{"imei":"%s"}}' % sys.argv[2].encode()
            s.sendall(b"POST /v1/collect?src=native HTTP/1.1\r\nHost: collect.pinnedsdk.example\r\n"
                      b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            status = s.recv(4096).split(b"\r\n")[0].decode()
    plain = socket.create_connection(("127.0.0.1", port))
    plain.close()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        udp.connect(("127.0.0.1", 443))
        quic = "udp-connected"
    except OSError as e:
        quic = "udp-refused:%d" % e.errno
    print(status, quic, flush=True)
    sys.stdin.readline()
''')


@pytest.fixture
def client(tmp_path):
    script = tmp_path / "client.py"
    script.write_text(CLIENT)
    proc = subprocess.Popen([sys.executable, str(script), str(CERT), IMEI], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    proc.kill()
    proc.wait(10)


def _attach(pid: int, traffic: InProcessTraffic, **options) -> InstrumentationSession:
    session = InstrumentationSession(frida.get_local_device(), [], on_events=lambda ev: None,
                                     options=options, on_net=traffic.sink("python-client"))
    session.attach(pid)
    session.load(timeout=60)
    return session


def test_libssl_plaintext_is_captured_in_process_and_matched_by_value(client):
    traffic = InProcessTraffic()
    with TlsServer() as server:
        session = _attach(client.pid, traffic, blockQuic=True)
        try:
            client.stdin.write(f"go {server.port}\n")
            client.stdin.flush()
            out = client.stdout.readline().split()
            session.flush()
        finally:
            session.close()
        server.wait(1)
    st = traffic.status["python-client"]
    assert any(t.endswith("!SSL_write_ex") for t in st["tls"]), st
    assert st["quic_blocked"] is True
    flows = traffic.flows()
    assert len(flows) == 1, flows
    f = flows[0]
    assert (f.source, f.method, f.host, f.path) == ("in-process", "POST", "collect.pinnedsdk.example",
                                                   "/v1/collect?src=native")
    assert f.sni == "collect.pinnedsdk.example" and f.server_ip == "127.0.0.1"
    assert f.status_code == 200 and f.tap.startswith("libssl")
    assert f.stack and f.stack_kind == "native"  # a native backtrace: this process has no Java
    matches = Matcher({"imei": IMEI}).scan_flow(f)
    assert [m.location for m in matches] == ["body:$.device.imei"]
    assert out[1] == "200"  # the app got its answer: capture changed nothing


def test_every_destination_is_recorded_and_quic_is_refused(client):
    traffic = InProcessTraffic()
    with TlsServer() as server:
        session = _attach(client.pid, traffic, blockQuic=True)
        try:
            client.stdin.write(f"go {server.port}\n")
            client.stdin.flush()
            out = client.stdout.readline().split()
            session.flush()
        finally:
            session.close()
    assert out[-1] == "udp-refused:111"  # ECONNREFUSED: the app falls back to TCP
    conns = [d for d in traffic.destinations() if d.kind == "connect"]
    tcp = [d for d in conns if d.transport == "tcp" and d.port == server.port]
    assert len(tcp) == 2  # the TLS connection and the one that carried nothing
    assert all(d.ip == "127.0.0.1" and d.local and d.local.startswith("127.0.0.1:") for d in tcp)
    quic = [d for d in conns if d.transport == "udp" and d.port == 443]
    assert len(quic) == 1 and quic[0].blocked == "quic"


def test_without_block_quic_udp_443_goes_through(client):
    traffic = InProcessTraffic()
    with TlsServer() as server:
        session = _attach(client.pid, traffic)
        try:
            client.stdin.write(f"go {server.port}\n")
            client.stdin.flush()
            out = client.stdout.readline().split()
            session.flush()
        finally:
            session.close()
    assert out[-1] == "udp-connected"
    assert traffic.status["python-client"]["quic_blocked"] is False
