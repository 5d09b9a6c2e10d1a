"""Spawn gating on top of the local Frida device.

frida-server on Android holds every process zygote forks and reports it as ``spawn-added``; Frida's
local Linux backend has no spawn gating (``enable_spawn_gating`` fails here). This stand-in adds
exactly that part at the Frida API boundary and nothing else: ``zygote_fork(name, exe)`` starts a
*real* local process, suspended by the real Frida (``spawn``), and reports it as frida-server would
(a spawn with ``pid`` and ``identifier`` = the process name). Resume, attach, kill, the agent: real.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Spawn:
    pid: int
    identifier: str


class GatedFrida:
    def __init__(self, real: Any) -> None:
        self._real = real
        self.gating = False
        self.pending: dict[int, Spawn] = {}
        self._handlers: list[Any] = []
        self.gating_changes: list[bool] = []
        self.names: dict[int, str] = {}  # pid -> process name for boot_start()ed processes
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def on(self, signal: str, handler: Any) -> None:
        if signal == "spawn-added":
            self._handlers.append(handler)
        else:
            self._real.on(signal, handler)

    def off(self, signal: str, handler: Any) -> None:
        if signal == "spawn-added":
            self._handlers.remove(handler)
        else:
            self._real.off(signal, handler)

    def enable_spawn_gating(self) -> None:
        self.gating = True
        self.gating_changes.append(True)

    def disable_spawn_gating(self) -> None:
        self.gating = False
        self.gating_changes.append(False)

    def enumerate_pending_spawn(self) -> list[Spawn]:
        with self._lock:
            return list(self.pending.values())

    def resume(self, pid: int) -> None:
        with self._lock:
            self.pending.pop(pid, None)
        self._real.resume(pid)

    def enumerate_processes(self) -> list[Any]:
        """The real local processes, named as the device names them (the stand-in's boot processes)."""
        named = dict(self.names)
        out = []
        for p in self._real.enumerate_processes():
            out.append(Spawn(p.pid, named.get(p.pid, p.name)))
        return [type("Process", (), {"pid": s.pid, "name": s.identifier})() for s in out]

    def boot_start(self, name: str, exe: str) -> int:
        """A process the system starts at boot, before frida-server (and gating) are back: it just runs."""
        pid = self._real.spawn([exe])
        self._real.resume(pid)
        self.names[pid] = name
        return pid

    def zygote_fork(self, name: str, exe: str) -> int:
        """zygote starts a process called ``name``: held (and reported) while gating is on."""
        pid = self._real.spawn([exe])
        if not self.gating:
            self._real.resume(pid)
            return pid
        spawn = Spawn(pid, name)
        with self._lock:
            self.pending[pid] = spawn
        for handler in list(self._handlers):
            handler(spawn)
        return pid
