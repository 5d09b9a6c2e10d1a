"""The UiDriver of a real device: uiautomator2's on-device agent (HTTP JSON-RPC through adb).

uiautomator2 pushes ``u2.jar`` to /data/local/tmp, starts it with ``app_process`` and talks to it
on device port 9008 through adb's ``tcp:`` service, so nothing listens on the host.
"""

from __future__ import annotations

import threading
from typing import Any

from adbutils import AdbDevice

from monitor.devices.base import UiDriver
from monitor.errors import ConfigError, DeviceError

KEYS = ("back", "home")


class U2UiDriver(UiDriver):
    def __init__(self, dev: AdbDevice) -> None:
        self._adb = dev
        self._d: Any = None
        self._lock = threading.Lock()

    @property
    def u2(self) -> Any:
        """The connected ``uiautomator2.Device`` (started on first use)."""
        with self._lock:
            if self._d is None:
                import uiautomator2

                self._d = self._call("connect", lambda: uiautomator2.connect(self._adb))
            return self._d

    def start(self) -> None:
        """Start the on-device agent (pushing u2.jar if needed; can take ~30 s on a cold device) and
        check it answers, *before* the app is launched: the consent dialog's few seconds must not be
        spent starting it, and an agent that cannot start is a failed run, never an empty screen."""
        info = self._call("start", lambda: self.u2.info)
        if not isinstance(info, dict) or "displayWidth" not in info:
            raise DeviceError(f"{self._adb.serial}: uiautomator2 agent answered oddly to deviceInfo: {info!r:.200}")

    def _call(self, what: str, fn: Any) -> Any:
        try:
            return fn()
        except Exception as exc:  # uiautomator2/requests/adbutils raise unrelated types: one line for all
            raise DeviceError(
                f"{self._adb.serial}: uiautomator2 {what} failed: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}"
            ) from exc

    def dump_hierarchy(self) -> str:
        return self._call("dump", lambda: self.u2.dump_hierarchy())

    screenshot_source = "adb-screencap"

    def screenshot(self) -> bytes | None:
        """The device screen as PNG bytes: ``screencap -p`` over adb (lossless, and it works when the
        uiautomator2 agent cannot read the screen), else uiautomator2's own. A FLAG_SECURE window comes
        out black (Android blanks it for every capture)."""
        import io

        try:
            png = self._adb.shell(["screencap", "-p"], encoding=None, timeout=20)
        except Exception:  # noqa: BLE001 - adbutils raises several types: fall back to the agent
            png = b""
        if isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n"):
            self.screenshot_source = "adb-screencap"
            return png
        image = self._call("screenshot", lambda: self.u2.screenshot())
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        self.screenshot_source = "uiautomator2"
        return buf.getvalue()

    def click(self, x: int, y: int) -> None:
        self._call("click", lambda: self.u2.click(int(x), int(y)))

    def send_text(self, text: str) -> None:
        self._call("text input", lambda: self.u2.send_keys(text))

    def press(self, key: str) -> None:
        if key not in KEYS:
            raise ConfigError(f"unknown key {key!r}; use one of {', '.join(KEYS)}")
        self._call("key press", lambda: self.u2.press(key))

    def foreground(self, package: str) -> None:
        self._call("app start", lambda: self.u2.app_start(package))

    def current_package(self) -> str:
        """The focused app: ``app_current()`` (adb ``dumpsys window``), else the agent's deviceInfo."""
        try:
            return self._call("app_current", lambda: self.u2.app_current()["package"])
        except DeviceError:
            return self._call("device info", lambda: self.u2.info.get("currentPackageName") or "")

    def is_foreground(self, package: str) -> bool:
        return self.current_package() == package
