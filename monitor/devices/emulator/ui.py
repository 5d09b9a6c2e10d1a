"""The UiDriver of the emulator: the control channel of the app in the foreground."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from monitor.devices.base import UiDriver
from monitor.errors import AppNotFound, DeviceError

if TYPE_CHECKING:
    from monitor.devices.emulator.device import EmulatorDevice
    from monitor.devices.emulator.process import EmulatorProcess

#: What the screen shows when no app is in front (the launcher), in the dump's format.
LAUNCHER_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n<hierarchy rotation=\"0\">"
    '<node index="0" text="" resource-id="com.android.launcher3:id/launcher" class="android.widget.FrameLayout"'
    ' package="com.android.launcher3" content-desc="" checkable="false" checked="false" clickable="false"'
    ' enabled="true" focusable="false" focused="false" scrollable="false" long-clickable="false"'
    ' password="false" selected="false" bounds="[0,0][1080,1920]" /></hierarchy>'
)


@dataclass(frozen=True)
class Snapshot:
    """The screen as a hierarchy (the dump's XML), to be drawn at ``scale`` by :meth:`EmulatorUi.render`."""

    xml: str
    scale: float


class EmulatorUi(UiDriver):
    """Talks to the process whose app is in the foreground (else the most recently started one)."""

    def __init__(self, device: EmulatorDevice, *, timeout: float | None = None) -> None:
        self._device = device
        self.timeout = timeout
        #: The last screenshot: (process, scale, the hierarchy it was drawn from, its PNG).
        self._last_shot: tuple[EmulatorProcess | None, float, str, bytes] | None = None

    def current(self) -> EmulatorProcess | None:
        """The process the screen belongs to: the foreground one, else the newest released one."""
        procs = [p for p in self._device.processes if p.alive and p.released]
        front = [p for p in procs if p.foreground]
        if front:
            return max(front, key=lambda p: getattr(p, "last_lifecycle_ts", 0) or 0)
        return procs[-1] if procs else None

    def _require(self) -> EmulatorProcess:
        p = self.current()
        if p is None:
            raise DeviceError("no app is running on the emulator")
        return p

    def changes(self) -> int:
        return self._device.ui_changes

    def wait_change(self, since: int, timeout: float) -> None:
        """Until one of the device's apps reports a window, an activity or its exit (or ``timeout`` s)."""
        cond = self._device.ui_changed
        with cond:
            cond.wait_for(lambda: self._device.ui_changes != since, timeout=max(0.0, timeout))

    def dump_hierarchy(self) -> str:
        p = self.current()
        if p is None:
            return LAUNCHER_XML
        return str(p.request("dump", timeout=self.timeout)["xml"])

    def screenshot(self, scale: float = 0.5) -> bytes | None:
        """The screen drawn from its hierarchy with Java2D in the app's JVM (real texts at their real bounds,
        dialogs over a dimmed screen), at ``scale`` of 1080x1920; None when no app is on screen.

        The picture is a function of the hierarchy (``ScreenRenderer`` draws the dump's XML and nothing else): when
        the screen's hierarchy is the one the last picture was drawn from, that picture is the answer, and the app
        is asked for a dump (~2 ms) instead of a drawing (30-40 ms; a consent dialog is pictured three times)."""
        import base64

        p = self.current()
        if p is None:
            return None
        last = self._last_shot
        if last is not None and last[0] is p and last[1] == scale and p.request("dump", timeout=self.timeout)["xml"] == last[2]:
            return last[3]
        reply = p.request("screenshot", scale=scale, timeout=self.timeout)
        png = base64.b64decode(reply["png"])
        self._last_shot = (p, scale, str(reply["xml"]), png)
        return png

    def snapshot(self, scale: float = 0.5) -> Snapshot | None:
        """What :meth:`screenshot` would draw, without drawing it yet: the screen's hierarchy now (one dump, ~2 ms;
        the picture is a function of it alone). None when no app is on screen. :meth:`render` draws it later: the
        first picture of an app costs ~0.2 s of its JVM (Java2D's start), which a run spends while its scenario
        waits instead of between the privacy dialog's appearance and the tap on it."""
        p = self.current()
        if p is None:
            return None
        return Snapshot(str(p.request("dump", timeout=self.timeout)["xml"]), scale)

    def render(self, snap: Snapshot) -> bytes:
        """The picture of ``snap``: drawn by a live app of the device, or by a JVM of its own when none is left
        (an app that crashed after the snapshot). The same hierarchy as the last picture's is that picture."""
        import base64

        last = self._last_shot
        if last is not None and last[1] == snap.scale and last[2] == snap.xml:
            return last[3]
        procs = [p for p in self._device.processes if p.alive and p.released and not p.crash_reported]
        p = procs[-1] if procs else None
        png = None
        if p is not None:
            try:
                png = base64.b64decode(p.request("render", xml=snap.xml, scale=snap.scale, timeout=self.timeout)["png"])
            except DeviceError:  # it ended or failed while drawing
                p = None
        if png is None:
            png = self._device.render(snap.xml, snap.scale)
        self._last_shot = (p, snap.scale, snap.xml, png)
        return png

    def click(self, x: int, y: int) -> None:
        self._require().request("tap", x=int(x), y=int(y), timeout=self.timeout)

    def tap(self, x: int, y: int) -> str:
        """Like click; returns what was hit (class and text, "" if nothing)."""
        return str(self._require().request("tap", x=int(x), y=int(y), timeout=self.timeout).get("hit", ""))

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration: float = 0.2) -> None:
        """A swipe (as uiautomator2's): scrolls the scroll view under (x1, y1) by y1 - y2 px."""
        self.scroll(x1, y1, x2, y2)

    def scroll(self, x1: int, y1: int, x2: int, y2: int) -> bool:
        """Like swipe; whether a scroll view was under (x1, y1)."""
        reply = self._require().request("swipe", x1=int(x1), y1=int(y1), x2=int(x2), y2=int(y2), timeout=self.timeout)
        return bool(reply.get("scrolled"))

    def send_text(self, text: str) -> None:
        self._require().request("text", text=text, timeout=self.timeout)

    def press(self, key: str) -> None:
        if key not in ("back", "home"):
            raise DeviceError(f"unknown key {key!r}: the emulator has back and home")
        p = self.current()
        if p is not None:
            p.request("key", key=key, timeout=self.timeout)

    def foreground(self, package: str) -> None:
        p = self._device.process(package)
        if p is None:
            raise AppNotFound(f"{package} is not running on the emulator: spawn it first")
        p.request("foreground", timeout=self.timeout)

    def is_foreground(self, package: str) -> bool:
        p = self._device.process(package)
        if p is None or not p.released:
            return False
        return bool(p.request("state", timeout=self.timeout)["foreground"])

    def state(self, package: str) -> dict[str, object]:
        """The app's own view: foreground, activity, dialogs, activities, services."""
        p = self._device.process(package)
        if p is None:
            raise AppNotFound(f"{package} is not running on the emulator")
        return p.request("state", timeout=self.timeout)
