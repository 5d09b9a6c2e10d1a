"""The device abstraction: small ABCs that the emulator driver and the Android (adb) driver implement.

A scenario only talks to :class:`UiDriver`; the run orchestration talks to :class:`Device` and
:class:`AppProcess`. Both devices hand out a Frida device so the same agent runs on both.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DeviceEventCallback = Callable[["DeviceEvent"], None]


@dataclass(frozen=True)
class DeviceEvent:
    """Something the device reports on its own: lifecycle changes, component starts, process exit.

    kind: "lifecycle" (data: state=foreground|background, activity), "component-start"
    (data: kind, target, from, user_action), "ui" (data: what, ...), "exit" (data: code, stderr_tail),
    "restart".
    """

    kind: str
    ts: int  # epoch ms, device clock
    data: dict[str, Any] = field(default_factory=dict)


class UiDriver(ABC):
    """What a scenario needs from a screen. Selectors are resolved on the hierarchy XML by the caller."""

    @abstractmethod
    def dump_hierarchy(self) -> str:
        """The current screen in uiautomator's XML format (``<hierarchy rotation="0"><node .../>``)."""

    @abstractmethod
    def click(self, x: int, y: int) -> None: ...

    @abstractmethod
    def send_text(self, text: str) -> None:
        """Type into the focused editable view."""

    @abstractmethod
    def press(self, key: str) -> None:
        """Press ``back`` or ``home``."""

    @abstractmethod
    def foreground(self, package: str) -> None:
        """Bring the app back to the foreground (launch its main activity if needed)."""

    @abstractmethod
    def is_foreground(self, package: str) -> bool: ...

    def changes(self) -> int:
        """How many times the device has said its screen may have changed (a window shown or dismissed, an
        activity or app coming and going); 0 for a device that never says, whose screen is only polled."""
        return 0

    def wait_change(self, since: int, timeout: float) -> None:
        """Sleep ``timeout`` s, or less: until :meth:`changes` is no longer ``since``. Waiting for a screen polls
        it; this lets a poll look again as soon as the device says something happened instead of at its next tick."""
        time.sleep(max(0.0, timeout))

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration: float = 0.2) -> None:
        """Swipe from (x1, y1) to (x2, y2); drivers that can scroll override it."""
        raise NotImplementedError(f"{type(self).__name__} cannot swipe")

    def screenshot(self) -> bytes | None:
        """The screen as PNG bytes (None: this driver cannot take pictures). Reports show one per UI step."""
        return None


class AppProcess(ABC):
    """One running (possibly gated) app process."""

    package: str
    pid: int

    @abstractmethod
    def release(self) -> None:
        """Let a gated process run its app code (after the agent is loaded)."""

    @abstractmethod
    def wait_exit(self, timeout: float | None = None) -> int | None:
        """Wait for the process to end; its exit code, or None on timeout."""

    @abstractmethod
    def stop(self, *, drain: Callable[[], None] | None = None) -> None:
        """End the app (in an orderly way where the device has one; forced if it does not comply).
        ``drain``: called once the app has stopped running its code and before its process is gone (the agent's
        last events fetched); the process may then be ended at once."""

    @property
    @abstractmethod
    def alive(self) -> bool: ...


class Device(ABC):
    """A device pimon can run apps on: the JVM emulator or an Android phone/AVD through adb."""

    kind: str  # "emulator" | "android"
    serial: str

    @abstractmethod
    def frida_device(self) -> Any:
        """The ``frida.core.Device`` to attach with."""

    @abstractmethod
    def spawn(self, package: str, *, on_event: DeviceEventCallback | None = None) -> AppProcess:
        """Start the app gated: its process exists but no app instruction has run until release()."""

    @abstractmethod
    def clear_data(self, package: str) -> None: ...

    @abstractmethod
    def is_installed(self, package: str) -> bool: ...

    @abstractmethod
    def install(self, path: Path) -> str:
        """Install an app file; returns its package name."""

    @property
    @abstractmethod
    def ui(self) -> UiDriver: ...

    @abstractmethod
    def reboot(self) -> None:
        """Reboot: every app process ends, then BOOT_COMPLETED reaches registered receivers."""

    @abstractmethod
    def set_proxy(self, host: str, port: int) -> None: ...

    @abstractmethod
    def clear_proxy(self) -> None: ...

    @abstractmethod
    def install_ca(self, pem: Path) -> None:
        """Make the device trust this CA certificate (PEM)."""

    def profile_values(self) -> dict[str, str]:
        """Known PI values of the device (identifiers etc.), for the traffic matcher. Empty if unknown."""
        return {}
