"""HTTPS from an app goes through the device's proxy and is validated against the device CA store."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from monitor.devices.emulator import EmulatorDevice

HOST = "api.pimon.test"


def _cert(subject: str, issuer_key, public_key, issuer: str, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    b = (x509.CertificateBuilder()
         .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
         .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
         .public_key(public_key).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
    else:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                          content_commitment=False, key_encipherment=False, data_encipherment=False,
                                          key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


class TlsProxy:
    """A CONNECT proxy on 127.0.0.1 that terminates TLS with a leaf of its own CA and answers itself."""

    def __init__(self, tmp: Path) -> None:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = _cert("pimon test CA", ca_key, ca_key.public_key(), "pimon test CA", ca=True)
        leaf_key = ec.generate_private_key(ec.SECP256R1())
        leaf = _cert(HOST, ca_key, leaf_key.public_key(), "pimon test CA", ca=False)
        self.ca_pem = tmp / "ca.pem"
        self.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        chain = tmp / "leaf.pem"
        chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM)
                          + leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(chain)
        self.seen: list[str] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            self.seen.append(head.split(b"\r\n", 1)[0].decode())
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            try:
                with self.ctx.wrap_socket(conn, server_side=True) as tls:
                    req = b""
                    while b"\r\n\r\n" not in req:
                        chunk = tls.recv(4096)
                        if not chunk:
                            return
                        req += chunk
                    self.seen.append(req.split(b"\r\n", 1)[0].decode())
                    body = b"hello-through-proxy"
                    tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            except (ssl.SSLError, OSError) as err:
                self.seen.append(f"tls-error {err}")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[TlsProxy]:
    p = TlsProxy(tmp_path)
    yield p
    p.close()


def fetch(device: EmulatorDevice, package: str) -> str:
    proc = device.spawn(package, jvm_args=[f"-Dpimon.probe.url=https://{HOST}/probe?x=1"])
    proc.release()
    ev = proc.wait_for(lambda e: e.kind == "log" and str(e.data.get("msg", "")).startswith("http"), timeout=20)
    proc.stop()
    return str(ev.data["msg"])


def test_https_through_device_proxy_with_device_ca(device: EmulatorDevice, probe: str, proxy: TlsProxy) -> None:
    device.set_proxy("127.0.0.1", proxy.port)
    assert device.proxy() == f"127.0.0.1:{proxy.port}"
    # not trusted yet: the handshake fails against the device's CA store
    assert "SSLHandshakeException" in fetch(device, probe)
    device.install_ca(proxy.ca_pem)
    device.install_ca(proxy.ca_pem)  # idempotent
    assert fetch(device, probe) == "http 200 hello-through-proxy"
    assert f"CONNECT {HOST}:443 HTTP/1.1" in proxy.seen and "GET /probe?x=1 HTTP/1.1" in proxy.seen

    device.clear_proxy()
    assert device.proxy() is None
    before = len(proxy.seen)
    assert fetch(device, probe).startswith("http-error")  # no proxy: the .test host does not resolve
    assert len(proxy.seen) == before
