"""A real HTTPS server on 127.0.0.1 (ephemeral port) for the in-process capture tests.

It serves the certificate the ``pinned-direct`` fixture app pins (``data/pinned-server.pem``, a
self-signed certificate for 127.0.0.1 and the fixture's host names) and keeps every request body it
received, so a test can check the app really sent what pimon says it sent.
"""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

DATA = Path(__file__).parent / "data"
CERT = DATA / "pinned-server.pem"
KEY = DATA / "pinned-server.key"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self) -> None:
        size = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(size) if size else b""
        server: TlsServer = self.server.owner  # type: ignore[attr-defined]
        with server.cond:
            server.received.append((self.command, self.path, self.headers.get("Host", ""), body))
            server.cond.notify_all()
        reply = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = _answer


class TlsServer:
    """``with TlsServer() as srv: srv.port ...; srv.wait(n)`` -> the first n (method, path, host, body)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, str, bytes]] = []
        self.cond = threading.Condition()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(CERT, KEY)
        self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="tls-server", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def wait(self, n: int = 1, timeout: float = 30.0) -> list[tuple[str, str, str, bytes]]:
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.received) >= n, timeout):
                raise AssertionError(f"the server got {len(self.received)} request(s), wanted {n}")
            return list(self.received)
