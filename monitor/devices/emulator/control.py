"""Client of the emulator's control channel: JSON lines over loopback TCP (docs/architecture.md §1)."""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

from monitor.errors import ControlTimeout, DeviceError

log = logging.getLogger(__name__)

EventHandler = Callable[[dict[str, Any]], None]
DEFAULT_TIMEOUT = 10.0


class ChannelClosed(DeviceError):
    """The app's end of the channel went away (the process usually exited)."""


class _Pending:
    __slots__ = ("done", "reply")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.reply: dict[str, Any] | None = None


class ControlClient:
    """One connection to an app process. Requests block until their answer or their timeout;
    events (messages without ``id``) go to ``on_event`` from the reader thread."""

    def __init__(self, port: int, *, on_event: EventHandler, name: str, timeout: float = DEFAULT_TIMEOUT,
                 secret: str | None = None) -> None:
        self.name = name
        self.port = port
        self.timeout = timeout
        self._on_event = on_event
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._closed = False
        try:
            self._sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        except OSError as err:
            raise DeviceError(f"{name}: cannot connect to the control channel on 127.0.0.1:{port}: {err}") from None
        self._sock.settimeout(None)
        if secret is not None:  # the app's channel answers only a client that knows the device's secret
            self._sock.sendall(json.dumps({"auth": secret}).encode() + b"\n")
        self._reader = threading.Thread(target=self._read, name=f"pimon-control-{name}", daemon=True)
        self._reader.start()

    @property
    def closed(self) -> bool:
        return self._closed

    def _read(self) -> None:
        try:
            with self._sock.makefile("r", encoding="utf-8", newline="\n") as lines:
                for line in lines:
                    try:
                        msg = json.loads(line)
                    except ValueError:
                        continue
                    if not isinstance(msg, dict):
                        continue
                    if "event" in msg:  # events never answer a request, whatever their fields
                        try:
                            self._on_event(msg)
                        except Exception:  # a broken callback must not kill the channel
                            log.exception("%s: event handler failed", self.name)
                        continue
                    with self._lock:
                        pending = self._pending.pop(msg.get("id"), None)  # type: ignore[arg-type]
                    if pending is not None:
                        pending.reply = msg
                        pending.done.set()
        except OSError:
            pass
        finally:
            self._closed = True
            with self._lock:
                waiting = list(self._pending.values())
                self._pending.clear()
            for p in waiting:
                p.done.set()

    def request(self, cmd: str, *, timeout: float | None = None, **args: Any) -> dict[str, Any]:
        """Sends ``{"id", "cmd", **args}`` and returns the answer's fields.

        ControlTimeout when no answer comes within ``timeout`` (default: the client's), ChannelClosed
        when the app's end closes, DeviceError when the app answers ``ok: false``.
        """
        if self._closed:
            raise ChannelClosed(f"{self.name}: control channel is closed")
        rid = next(self._ids)
        pending = _Pending()
        with self._lock:
            self._pending[rid] = pending
        line = json.dumps({"id": rid, "cmd": cmd, **args}, ensure_ascii=False) + "\n"
        try:
            with self._send_lock:
                self._sock.sendall(line.encode("utf-8"))
        except OSError:
            with self._lock:
                self._pending.pop(rid, None)
            raise ChannelClosed(f"{self.name}: control channel is closed") from None
        wait = self.timeout if timeout is None else timeout
        if not pending.done.wait(wait):
            with self._lock:
                self._pending.pop(rid, None)
            raise ControlTimeout(f"{self.name}: no answer to '{cmd}' within {wait:g} s")
        reply = pending.reply
        if reply is None:
            raise ChannelClosed(f"{self.name}: control channel closed before answering '{cmd}'")
        if not reply.get("ok"):
            raise DeviceError(f"{self.name}: '{cmd}' failed: {reply.get('error', 'unknown error')}")
        return {k: v for k, v in reply.items() if k not in ("id", "ok")}

    def fail_pending(self) -> None:
        """Wake every request still waiting for its answer (it gets ChannelClosed): the app reported its crash
        and answers nothing more, even when its process does not end (held after the crash)."""
        with self._lock:
            waiting = list(self._pending.values())
            self._pending.clear()
        for p in waiting:
            p.done.set()

    def close(self) -> None:
        self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
