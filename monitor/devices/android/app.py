"""AndroidApp: one spawn-gated app process on a Frida device.

Its end is observed through a watcher Frida session's ``detached`` signal (an event, not polling):
``process-terminated`` is an exit (a crash report, when Frida has one, gives exit code -1 and its
summary as stderr tail); ``connection-terminated``/``device-lost`` mean frida-server or the USB link
went away, and ``wait_exit`` then raises DeviceError with the diagnosis.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import frida

from monitor.devices.base import AppProcess, DeviceEvent, DeviceEventCallback
from monitor.errors import AppCrashed, DeviceError

if TYPE_CHECKING:
    from monitor.devices.android.device import AndroidDevice

LOST = ("connection-terminated", "device-lost")
# frida's exceptions share no base class below Exception
FRIDA_ERRORS: tuple[type[Exception], ...] = tuple(
    getattr(frida, n) for n in dir(frida) if n.endswith("Error") and isinstance(getattr(frida, n), type)
)


class AndroidApp(AppProcess):
    def __init__(
        self,
        device: AndroidDevice,
        fd: Any,
        package: str,
        pid: int,
        on_event: DeviceEventCallback | None = None,
        *,
        lifecycle: bool = True,
    ) -> None:
        self.device = device
        self.package = package
        self.pid = pid
        self._fd = fd
        self._on_event = on_event
        self._ended = threading.Event()
        self.exit_code: int | None = None
        self.stderr_tail = ""
        self.lost: str | None = None
        self.stop_grace = 3.0  # seconds am force-stop gets before Frida kills the process
        self._logcat: Any = None
        self._crashlog: Any = None
        self._stopped_by_us = False
        self.already_running = False  # attached while running (not spawned by pimon): nothing to resume
        self.process = package  # the process name (``package:push`` for the app's other processes)
        self.gate: Any = None  # the run's SpawnGate (main process only): closed when the app is stopped
        try:
            self._watch = fd.attach(pid)
        except FRIDA_ERRORS as exc:
            raise AppCrashed(f"{package} (pid {pid}) ended before pimon could watch it: {exc}") from exc
        self._watch.on("detached", self._detached)
        if on_event is not None and lifecycle:
            self._start_lifecycle(on_event)

    def _start_lifecycle(self, on_event: DeviceEventCallback) -> None:
        from adbutils import AdbError

        from monitor.devices.android.crashlog import CrashWatcher
        from monitor.devices.android.lifecycle import LogcatWatcher

        try:
            self._crashlog = CrashWatcher(self.device.adb, self.pid)
        except (AdbError, OSError):
            self._crashlog = None
        try:
            self._logcat = LogcatWatcher(self.device.adb, self.pid, on_event)
        except (AdbError, OSError) as exc:  # lifecycle is evidence, not a reason to fail the run
            on_event(
                DeviceEvent(
                    "ui", int(time.time() * 1000), {"what": "lifecycle-unavailable", "reason": str(exc)}
                )
            )

    def _stop_lifecycle(self) -> None:
        if self._crashlog is not None:
            self._crashlog.stop()
            self._crashlog = None
        if self._logcat is not None:
            self._logcat.stop()
            self._logcat = None

    def _detached(self, reason: str, crash: Any) -> None:
        """Frida's thread: hand over at once (the diagnosis talks to adb, which may take a while)."""
        if reason in LOST or reason == "process-terminated":
            threading.Thread(
                target=self._ended_by, args=(reason, crash), name="pimon-app-end", daemon=True
            ).start()
        # application-requested (we detached) or process-replaced: not an end of the app

    def _ended_by(self, reason: str, crash: Any) -> None:
        device_crash = None
        if reason in LOST:
            self.lost = self.device.diagnose_loss()
        else:
            from monitor.devices.android.crashlog import crash_of_frida

            if self._crashlog is not None:  # the device's report: a FATAL EXCEPTION, a fatal signal
                device_crash = self._crashlog.report()
            device_crash = device_crash or crash_of_frida(crash)
            self.exit_code = -1 if (crash is not None or device_crash) else 0
            if crash is not None:
                self.stderr_tail = f"{crash.summary}\n{crash.report[-2000:]}"
            elif device_crash:
                self.stderr_tail = str(device_crash.get("stack") or "")[-2000:]
        self._stop_lifecycle()
        if device_crash and self._on_event is not None and not self._stopped_by_us:
            self._on_event(DeviceEvent("process", int(time.time() * 1000), {"what": "crash", **device_crash}))
        self._ended.set()
        if self._on_event is not None:
            data: dict[str, Any] = {"code": self.exit_code, "stderr_tail": self.stderr_tail, "reason": reason}
            if self.lost:
                data["lost"] = self.lost
            self._on_event(DeviceEvent("exit", int(time.time() * 1000), data))

    def release(self) -> None:
        if self.already_running:  # attached to a process that was already running (after a reboot)
            return
        try:
            self._fd.resume(self.pid)
        except frida.ProcessNotFoundError as exc:
            raise AppCrashed(f"{self.package} (pid {self.pid}) died before it was released: {exc}") from exc
        except frida.InvalidOperationError as exc:  # frida-server said no: not a lost connection
            raise DeviceError(
                f"frida-server refused to resume {self.package} (pid {self.pid}): {exc}"
            ) from exc
        except (frida.ServerNotRunningError, frida.TransportError) as exc:
            raise DeviceError(self.device.diagnose_loss()) from exc

    def wait_exit(self, timeout: float | None = None) -> int | None:
        if not self._ended.wait(timeout):
            return None
        if self.lost:
            raise DeviceError(self.lost)
        return self.exit_code

    def close_gate(self) -> None:
        if self.gate is not None:
            self.gate.close()
            self.gate = None

    def stop(self, *, drain: Callable[[], None] | None = None) -> None:
        """``am force-stop`` (Android's way to end an app), then Frida's kill if it is still there. ``drain`` is not
        called: force-stop ends the app's code and its process in one step, with nothing in between to fetch."""
        self._stopped_by_us = True
        self.close_gate()
        if self._ended.is_set():
            return
        from monitor.devices.android.adb import sh

        try:
            sh(self.device.adb, f"am force-stop {self.package}")
        except DeviceError:
            pass
        if not self._ended.wait(self.stop_grace):
            try:
                self._fd.kill(self.pid)
            except FRIDA_ERRORS:
                pass
            self._ended.wait(3)

    @property
    def alive(self) -> bool:
        return not self._ended.is_set()
