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


def node(pkg: str, text: str, bounds: str, *, cls: str = "android.widget.TextView", rid: str = "",
         clickable: bool = False, children: str = "") -> str:
    """One uiautomator ``<node>`` (attribute values escaped as the real dump does)."""
    from xml.sax.saxutils import quoteattr

    attrs = (
        f'index="0" text={quoteattr(text)} resource-id={quoteattr(rid)} class="{cls}" package="{pkg}" '
        f'content-desc="" checkable="false" checked="false" clickable="{str(clickable).lower()}" enabled="true" '
        f'focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" '
        f'selected="false" bounds="{bounds}"'
    )
    return f"<node {attrs}>{children}</node>" if children else f"<node {attrs} />"


def status_bar(clock: str) -> str:
    """SystemUI's status bar window with its clock (changes every minute, or every dump here)."""
    return node("com.android.systemui", "", "[0,0][1080,80]", cls="android.widget.FrameLayout",
                children=node("com.android.systemui", clock, "[40,10][200,70]", rid="com.android.systemui:id/clock"))


def miui_permission_dialog() -> str:
    """MIUI's own runtime-permission dialog (com.lbe.security.miui), as a window on top."""
    pkg = "com.lbe.security.miui"
    return node(pkg, "", "[0,1100][1080,1920]", cls="android.widget.FrameLayout", children="".join([
        node(pkg, "允许“示例”获取设备信息？", "[60,1180][1020,1300]", rid=f"{pkg}:id/permission_message"),
        node(pkg, "仅在使用中允许", "[60,1400][1020,1520]", cls="android.widget.Button", clickable=True),
        node(pkg, "拒绝", "[60,1560][1020,1680]", cls="android.widget.Button", clickable=True),
    ]))


class FakeU2Agent:
    def __init__(self, device: FakeDevice, port_on_device: int = 9008) -> None:
        self.device = device
        self.calls: list[tuple[str, Any]] = []
        self.dumps = 0
        self.fail_dumps = 0  # the next N dumps fail as uiautomator's do when it is stuck or gone
        self.screen: Any = None  # callable(dump number) -> the app window's <node>; None: the Agree screen
        self.overlay: str | None = None  # a window on top of the app (listed first: top-most first)
        self.clock = True  # a status bar whose clock text changes on every dump
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
                except RuntimeError as exc:  # the agent's own failure, as a JSON-RPC error
                    payload = {
                        "jsonrpc": "2.0",
                        "id": body["id"],
                        "error": {"code": -32001, "message": str(exc)},
                    }
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
            self.dumps += 1
            if self.fail_dumps > 0:
                self.fail_dumps -= 1
                raise RuntimeError("java.lang.IllegalStateException: Could not get idle state")
            return self.hierarchy()
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

    def hierarchy(self) -> str:
        """The dump: windows top-most first (the overlay, then the app), the status bar last."""
        pkg = self.current_package
        if self.screen is None:
            app = SCREEN.format(pkg=pkg).split("<hierarchy rotation=\"0\">", 1)[1].rsplit("</hierarchy>", 1)[0]
        else:
            app = self.screen(self.dumps)
        windows = [self.overlay or "", app, status_bar(f"10:{self.dumps % 60:02d}") if self.clock else ""]
        return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">" + "".join(
            windows
        ) + "</hierarchy>"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
