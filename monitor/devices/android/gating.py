"""Every process of the app, instrumented from its first instruction: Frida spawn gating.

Push and analytics SDKs run in their own processes (``com.example.app:push``, ``:pushcore``,
``:remote``) that zygote forks whenever the app (or the system, for a broadcast) asks; child gating
does not see them because zygote, not the app, is their parent. With spawn gating on, frida-server
holds *every* new process on the device before it runs and reports it (``spawn-added``): pimon takes
the app's own (the package name, or ``package:<anything>``) and resumes every other one at once, so
the rest of the device is paused only for the moment it takes to look at the name.

Spawn gating is device-wide: it is on only while a run needs it, and :meth:`SpawnGate.close` turns it
off and resumes whatever is still pending (never leave a phone with gating on: nothing would start).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def wanted(package: str, name: str | None) -> bool:
    """Is the process called ``name`` one of ``package``'s (its main process or a ``package:x`` one)?"""
    return bool(name) and (name == package or name.startswith(package + ":"))


def process_name(spawn: Any) -> str:
    """The process name frida reports for a spawn (Android: the identifier is the process name)."""
    return str(getattr(spawn, "identifier", None) or "")


class SpawnGate:
    """Spawn gating on ``fd`` for one package. ``on_app(pid, name)`` is called (on a pimon thread, never
    Frida's) for each of the app's new processes, still suspended: it must instrument and resume it.
    ``ignore`` holds pids pimon spawned itself (the main process), which frida may report too."""

    def __init__(self, fd: Any, package: str, on_app: Callable[[int, str], None]) -> None:
        self.fd = fd
        self.package = package
        self.on_app = on_app
        self.ignore: set[int] = set()
        self.resumed: list[tuple[int, str]] = []  # other processes let go at once
        self.taken: list[tuple[int, str]] = []  # the app's processes handed to on_app
        self._lock = threading.Lock()
        self._closed = False
        self._main_expected = True  # until pimon's own spawn() of the main process returns
        fd.on("spawn-added", self._added)
        fd.enable_spawn_gating()
        for spawn in fd.enumerate_pending_spawn():  # held before we listened: look at them too
            self._added(spawn)

    def _added(self, spawn: Any) -> None:
        """Frida's thread: decide at once, hand the app's processes to a pimon thread."""
        pid, name = int(spawn.pid), process_name(spawn)
        with self._lock:
            if pid in self.ignore:
                return
            if name == self.package and self._main_expected:
                return  # pimon's own spawn() of the main process: its caller holds and releases it
            mine = wanted(self.package, name) and not self._closed
            (self.taken if mine else self.resumed).append((pid, name))
        if mine:
            threading.Thread(target=self._take, args=(pid, name), name=f"pimon-spawn-{pid}", daemon=True).start()
        else:
            self._resume(pid)

    def main_spawned(self, pid: int) -> None:
        """pimon's spawn() returned the main process: from now on a new ``package`` process (the system
        restarting the app) is one of the app's processes like any other."""
        with self._lock:
            self.ignore.add(pid)
            self._main_expected = False

    def _take(self, pid: int, name: str) -> None:
        try:
            self.on_app(pid, name)
        except Exception as exc:  # noqa: BLE001 - whatever happened, the process must not stay frozen
            log.warning("instrumenting %s (pid %s) failed: %s; resuming it", name, pid, exc)
            self._resume(pid)

    def _resume(self, pid: int) -> None:
        try:
            self.fd.resume(pid)
        except Exception as exc:  # noqa: BLE001 - it may have died meanwhile
            log.debug("resume %s: %s", pid, exc)

    def close(self) -> None:
        """Gating off, the handler gone, and every process still held resumed."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self.fd.disable_spawn_gating()
        except Exception as exc:  # noqa: BLE001 - the device may be gone already
            log.debug("disable_spawn_gating: %s", exc)
        try:
            self.fd.off("spawn-added", self._added)
        except Exception as exc:  # noqa: BLE001
            log.debug("off spawn-added: %s", exc)
        try:
            pending = list(self.fd.enumerate_pending_spawn())
        except Exception:  # noqa: BLE001
            pending = []
        for spawn in pending:
            self._resume(int(spawn.pid))
