"""A fake uiautomator2 on-device agent: the HTTP JSON-RPC server ``u2.jar`` runs on the device.

uiautomator2 reaches it through adb's ``tcp:9008`` service, which the fake adb server pipes to this
server on 127.0.0.1. It answers ``GET /ping`` (only while the fake device says the agent was
launched) and ``POST /jsonrpc/0`` for the methods pimon uses, and records every call.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from .fake_adb import FakeDevice

SCREEN = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<hierarchy rotation="0"><node index="0" text="" resource-id="" class="android.widget.FrameLayout" \
package="{pkg}" content-desc="" checkable="false" checked="false" clickable="false" enabled="true" \
focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" \
selected="false" bounds="[0,0][1080,1920]"><node index="0" text="Agree" resource-id="{pkg}:id/agree" \
class="android.widget.Button" package="{pkg}" content-desc="" checkable="false" checked="false" \
clickable="true" enabled="true" focusable="true" focused="false" scrollable="false" long-clickable="false" \
password="false" selected="false" bounds="[100,1500][980,1640]" /></node></hierarchy>"""


class FakeU2Agent:
    def __init__(self, device: FakeDevice, port_on_device: int = 9008) -> None:
        self.device = device
        self.calls: list[tuple[str, Any]] = []
        self.clipboard: str | None = None
        self.typed: list[str] = []
        agent = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, code: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                running = agent.device.props.get("pimon.fake.u2.running") == "1"
                if self.path == "/ping" and running:
                    self._reply(200, b"pong", "text/plain")
                else:
                    self._reply(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                method, params = body["method"], body.get("params")
                agent.calls.append((method, params))
                try:
                    result = agent.answer(method, params)
                    payload = {"jsonrpc": "2.0", "id": body["id"], "result": result}
                except KeyError:
                    payload = {
                        "jsonrpc": "2.0",
                        "id": body["id"],
                        "error": {"code": -32601, "message": f"method not found: {method}"},
                    }
                self._reply(200, json.dumps(payload).encode())

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        device.tcp_ports[port_on_device] = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def current_package(self) -> str:
        return self.device.focus.split("/")[0]

    @current_package.setter
    def current_package(self, package: str) -> None:
        self.device.focus = f"{package}/{package}.MainActivity"

    def answer(self, method: str, params: Any) -> Any:
        if method == "deviceInfo":
            return {
                "currentPackageName": self.current_package,
                "displayWidth": 1080,
                "displayHeight": 1920,
                "displayRotation": 0,
                "sdkInt": 34,
                "naturalOrientation": True,
                "screenOn": True,
            }
        if method == "dumpWindowHierarchy":
            return SCREEN.format(pkg=self.current_package)
        if method in ("click", "pressKey", "pressKeyCode"):
            if method == "pressKey" and params[0] == "home":
                self.current_package = "com.android.launcher3"
            return True
        if method == "setClipboard":
            self.clipboard = params[1]
            return None
        if method == "getClipboard":
            return self.clipboard
        if method == "pasteClipboard":
            self.typed.append(self.clipboard or "")
            return None
        raise KeyError(method)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
