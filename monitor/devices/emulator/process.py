"""One emulator app process: a gated JVM, its control channel, its output and its exit."""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import queue
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from monitor.devices.base import AppProcess, DeviceEvent, DeviceEventCallback
from monitor.devices.emulator.control import ChannelClosed, ControlClient
from monitor.errors import AppCrashed, ControlTimeout, DeviceError

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 30.0
STDERR_TAIL_LINES = 30
STDERR_TAIL_CHARS = 4000
CRASH_LOG_CHARS = 64000  # of an hs_err log: its header and crashing thread come first


def _now_ms() -> int:
    return int(time.time() * 1000)


class EmulatorProcess(AppProcess):
    """A running app. Events (lifecycle, ui, component-start, log, exit) go to ``on_event`` and are
    kept in :attr:`events` so callers can also :meth:`wait_for` them."""

    def __init__(self, package: str, cmd: list[str], *, on_event: DeviceEventCallback | None = None,
                 timeout: float = 10.0, cwd: Path | None = None, secret: str | None = None,
                 tombstones: Path | None = None) -> None:
        self.package = package
        self._tombstones = tombstones
        self._on_event = on_event
        self._events: list[DeviceEvent] = []
        self._cond = threading.Condition()
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._stdout: collections.deque[str] = collections.deque(maxlen=200)
        self._exit_code: int | None = None
        self._exited = threading.Event()
        self.foreground = False
        self.released = False
        #: The app reported its crash (the framework's ``process``/``crash`` event, sent just before it halts):
        #: it answers no more requests, whether or not its process ends.
        self.crash_reported = False
        self._popen = subprocess.Popen(
            # stdin: a pipe we never write to; its EOF when we end is the app's cue to end too (Zygote --parent-pipe)
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, start_new_session=True,
        )
        self.pid = self._popen.pid
        first: queue.Queue[str | None] = queue.Queue()
        self._stderr_thread = self._pump(self._popen.stderr, self._stderr.append, None, "stderr")
        self._pumps = [self._stderr_thread, self._pump(self._popen.stdout, self._stdout.append, first, "stdout")]
        threading.Thread(target=self._watch_exit, name=f"pimon-exit-{package}", daemon=True).start()
        try:
            line = first.get(timeout=STARTUP_TIMEOUT)
        except queue.Empty:
            self.kill()
            raise ControlTimeout(f"{package}: the emulator did not start within {STARTUP_TIMEOUT:g} s") from None
        if line is None or not line.startswith("PIMON-CONTROL "):
            self._exited.wait(5)
            raise self.crashed("could not start") from None
        _, port, pid = line.split()
        self.pid = int(pid)
        self.control = ControlClient(int(port), on_event=self._event_from_app, name=f"{package}[{self.pid}]",
                                     timeout=timeout, secret=secret)

    # ---- output and exit --------------------------------------------------------------------------

    def _pump(self, stream: IO[bytes] | None, sink: Callable[[str], None], first: queue.Queue[str | None] | None,
              what: str) -> threading.Thread:
        def run() -> None:
            assert stream is not None
            want_first = first is not None
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if want_first and first is not None:
                    first.put(line)
                    want_first = False
                    continue
                sink(line)
            if want_first and first is not None:
                first.put(None)

        t = threading.Thread(target=run, name=f"pimon-{what}-{self.package}", daemon=True)
        t.start()
        return t

    def _watch_exit(self) -> None:
        # Wait for the exit without waitpid(): Frida's ptrace tracer runs inside this process, and a
        # waitpid() here would steal the tracee's stop notifications and make attach time out.
        try:
            fd = os.pidfd_open(self._popen.pid)
        except (AttributeError, OSError):
            fd = -1
        if fd >= 0:
            try:
                select.select([fd], [], [])
            finally:
                os.close(fd)
        else:
            for t in self._pumps:
                t.join()
        code = self._popen.wait()
        if self._popen.stdin is not None:
            with contextlib.suppress(OSError):
                self._popen.stdin.close()
        self._stderr_thread.join(timeout=2)
        self._exit_code = code
        self._exited.set()
        self._emit(DeviceEvent("exit", _now_ms(), {"code": code, "stderr_tail": self.stderr_tail}))

    @property
    def stderr_tail(self) -> str:
        text = "\n".join(self._stderr)
        return text[-STDERR_TAIL_CHARS:]

    @property
    def stdout_tail(self) -> str:
        return "\n".join(self._stdout)

    @property
    def crash_log(self) -> str:
        """The JVM's fatal error log of this process (hs_err_pid<N>.log in the device's tombstones), "" if none: the
        JVM writes it before it aborts, so it is complete once the process has ended."""
        if self._tombstones is None or self.alive:
            return ""
        try:
            with (self._tombstones / f"hs_err_pid{self.pid}.log").open(encoding="utf-8", errors="replace") as f:
                return f.read(CRASH_LOG_CHARS)
        except OSError:
            return ""

    @property
    def exit_code(self) -> int | None:
        return self._exit_code

    @property
    def alive(self) -> bool:
        return not self._exited.is_set()

    def crashed(self, what: str = "exited") -> AppCrashed:
        """An AppCrashed describing the ended process (exit code and the tail of stderr)."""
        self._exited.wait(5)
        code = self._exit_code
        last = next((ln for ln in reversed(self._stderr) if ln.strip()), "")
        hint = f": {last.strip()}" if last else ""
        return AppCrashed(f"{self.package} (pid {self.pid}) {what}, exit code {code}{hint}",
                          exit_code=code, stderr_tail=self.stderr_tail)

    # ---- events ----------------------------------------------------------------------------------

    def _event_from_app(self, msg: dict[str, Any]) -> None:
        kind = str(msg.get("event", ""))
        ts = msg.get("ts")
        data = {k: v for k, v in msg.items() if k not in ("event", "ts")}
        if kind == "lifecycle":
            self.foreground = data.get("state") == "foreground"
            self.last_lifecycle_ts = ts
        crash = kind == "process" and data.get("what") == "crash"
        if crash:
            self.crash_reported = True
        self._emit(DeviceEvent(kind, int(ts) if isinstance(ts, (int, float)) else _now_ms(), data))
        if crash:  # a request in flight (the tap that crashed it) will get no answer: AppCrashed now
            control = getattr(self, "control", None)
            if control is not None:
                control.fail_pending()

    def _emit(self, event: DeviceEvent) -> None:
        with self._cond:
            self._events.append(event)
            if len(self._events) > 20000:
                del self._events[:10000]
            self._cond.notify_all()
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # the caller's bug must not kill our reader
                log.exception("%s: on_event callback failed", self.package)

    @property
    def events(self) -> list[DeviceEvent]:
        with self._cond:
            return list(self._events)

    def wait_for(self, predicate: Callable[[DeviceEvent], bool], timeout: float = 10.0,
                 *, since: int = 0) -> DeviceEvent:
        """The first event (from index ``since``) matching ``predicate``; ControlTimeout if none comes,
        AppCrashed if the process ends first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            i = since
            while True:
                while i < len(self._events):
                    ev = self._events[i]
                    i += 1
                    if predicate(ev):
                        return ev
                    if ev.kind == "exit":
                        raise self.crashed()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ControlTimeout(f"{self.package}: the awaited event did not come within {timeout:g} s")
                self._cond.wait(left)

    def wait_log(self, text: str, timeout: float = 10.0, *, since: int = 0) -> DeviceEvent:
        """The first ``log`` event whose message contains ``text``."""
        return self.wait_for(lambda e: e.kind == "log" and text in str(e.data.get("msg", "")), timeout, since=since)

    def wait_foreground(self, foreground: bool = True, timeout: float = 10.0) -> None:
        """Waits until the app reports itself in the foreground (or background)."""
        if self.foreground == foreground:
            return
        state = "foreground" if foreground else "background"
        self.wait_for(lambda e: e.kind == "lifecycle" and e.data.get("state") == state, timeout)

    # ---- control ---------------------------------------------------------------------------------

    def request(self, cmd: str, *, timeout: float | None = None, **args: Any) -> dict[str, Any]:
        """A control request; AppCrashed (exit code, stderr tail) if the process is gone or dies."""
        if not self.alive or self.crash_reported:
            raise self.crashed("crashed" if self.crash_reported else "exited")
        try:
            return self.control.request(cmd, timeout=timeout, **args)
        except ChannelClosed:
            raise self.crashed("crashed" if self.crash_reported else "exited") from None

    def release(self) -> None:
        self.request("release")
        self.released = True

    def wait_exit(self, timeout: float | None = None) -> int | None:
        self._exited.wait(timeout)
        return self._exit_code

    def stop(self, timeout: float = 5.0, *, drain: Callable[[], None] | None = None) -> None:
        """Orderly exit through the control channel (the app's activities and services end); killed if it does
        not comply in ``timeout`` s.

        ``drain``: called once the app has ended (the reply to ``stop``); then the process is killed at once, as
        Android's force-stop ends a process, instead of waiting for the JVM's own exit: HotSpot's exit waits
        up to 300 ms for threads in native code, and an attached Frida agent's thread always is one.
        A gated process (never released) is killed at once: none of the app ran, and it answers no ``stop``."""
        if self.alive and not self.released:
            self.kill()
            return
        if self.alive:
            try:
                self.request("stop", timeout=timeout)
            except (DeviceError, ControlTimeout):
                drain = None  # the app did not end: nothing to fetch, it gets its timeout and is killed
            if drain is not None:
                try:
                    drain()
                finally:
                    if self.wait_exit(0) is None:
                        self.kill()
            if self.wait_exit(timeout) is None:
                self.kill()
        self.control_close()

    def kill(self) -> None:
        if self.alive:
            try:
                os.kill(self._popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._exited.wait(10)
        self.control_close()

    def control_close(self) -> None:
        control = getattr(self, "control", None)
        if control is not None:
            control.close()

    def __repr__(self) -> str:
        state = "alive" if self.alive else f"exited {self._exit_code}"
        return f"<EmulatorProcess {self.package} pid={self.pid} {state}>"
