"""A run's proxy in a process of its own, so one pimon process can run any number of proxies at once.

mitmproxy keeps its master in module globals (``mitmproxy.ctx``): two masters in one interpreter would read
each other's options. :class:`ProxyProcess` runs a :class:`~monitor.traffic.proxy.TrafficProxy` in a child
process (``spawn``: no inherited Frida or proxy threads) and streams its :class:`FlowRecord` s back over a pipe;
it has the same surface (``start`` -> address, ``stop``, ``ca_cert_path``). The child ends with its parent.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

from monitor.errors import PimonError
from monitor.traffic.flow import FlowRecord
from monitor.traffic.proxyconf import CA_BASENAME, START_TIMEOUT, ProxyConfig, default_confdir, ensure_ca

log = logging.getLogger(__name__)


def _only_needed_addons() -> None:
    """In the proxy's own process: register the ``mitmproxy.addons`` package without running its ``__init__``,
    which imports every addon mitmproxy has (flask, ldap3, passlib, aioquic …: about half the process's start).
    The proxy names its addons explicitly (``monitor.traffic.proxy._addons``); each is imported on its own.
    Not done where anything else may want ``mitmproxy.addons.default_addons`` (tests, an embedding program)."""
    import importlib.util
    import sys

    if "mitmproxy.addons" in sys.modules:
        return
    import mitmproxy

    spec = importlib.util.find_spec("mitmproxy.addons")
    if spec is None or spec.loader is None:
        return
    package = importlib.util.module_from_spec(spec)  # created, not executed
    sys.modules["mitmproxy.addons"] = package
    mitmproxy.addons = package  # type: ignore[attr-defined]


def _child_main(config: ProxyConfig, conn: Any) -> None:  # pragma: no cover - runs in the child process
    import signal

    _only_needed_addons()
    from monitor.traffic.proxy import TrafficProxy

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops us in order
    lock = threading.Lock()

    def send(msg: tuple) -> None:
        with lock, contextlib.suppress(OSError, ValueError):
            conn.send(msg)

    proxy = TrafficProxy(lambda record: send(("flow", record)), config)
    try:
        address = proxy.start()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        send(("error", str(exc) or type(exc).__name__))
        return
    send(("ready", address))
    with contextlib.suppress(EOFError, OSError):
        conn.recv()  # "stop", or EOF when the parent died
    proxy.stop()
    send(("stopped",))
    conn.close()
    import os

    os._exit(0)  # everything is delivered: skip the interpreter's teardown of mitmproxy (the parent joins us)


@contextlib.contextmanager
def _without_main_script() -> Any:
    """Spawn a child without re-running the parent's main script: multiprocessing's ``spawn`` makes the child
    import ``__main__`` again (as ``__mp_main__``) — for ``pimon`` that is the whole CLI (seconds, ~50 MB), which
    the proxy does not need (its target, :func:`_child_main`, is imported by name). The swap lasts only while
    ``Process.start`` reads the preparation data, in this thread."""
    import sys
    import types

    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class ProxyProcess:
    def __init__(self, on_flow: Callable[[FlowRecord], None], config: ProxyConfig | None = None) -> None:
        self.config = config = config or ProxyConfig()
        self.confdir = Path(config.confdir or default_confdir())
        self._on_flow = on_flow
        self._proc: Any = None
        self._conn: Any = None
        self._reader: threading.Thread | None = None
        self.address: tuple[str, int] | None = None

    @property
    def ca_cert_path(self) -> Path:
        return self.confdir / f"{CA_BASENAME}-ca-cert.pem"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def start(self) -> tuple[str, int]:
        self.begin()
        return self.wait_ready()

    def begin(self) -> None:
        """Start the proxy's process without waiting for it (:meth:`wait_ready` does): the CA it uses exists
        when this returns, so the device can be made to trust it meanwhile."""
        if self._proc is not None:
            raise PimonError("proxy already started")
        ensure_ca(self.confdir)  # the parent makes the CA (under a lock) so the device can trust it at once
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_child_main, args=(self.config, child), name="pimon-proxy", daemon=True)
        with _without_main_script():
            proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def wait_ready(self) -> tuple[str, int]:
        """Wait until the process begun by :meth:`begin` listens; returns its address."""
        parent = self._conn
        try:
            if not parent.poll(START_TIMEOUT * 2):
                raise PimonError(f"proxy did not start within {START_TIMEOUT * 2:.0f}s")
            msg = parent.recv()
        except (EOFError, OSError):
            msg = ("error", "the proxy process ended before it started")
        except PimonError:
            self.stop()
            raise
        if msg[0] != "ready":
            self.stop()
            raise PimonError(str(msg[1]) if len(msg) > 1 else "proxy did not start")
        self.address = tuple(msg[1])  # type: ignore[assignment]
        self._reader = threading.Thread(target=self._read, name="pimon-proxy-reader", daemon=True)
        self._reader.start()
        return self.address  # type: ignore[return-value]

    def _read(self) -> None:
        conn = self._conn
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                return
            if msg[0] == "flow":
                try:
                    self._on_flow(msg[1])
                except Exception:  # a broken callback must not lose the next flows
                    log.exception("pimon proxy: flow callback failed")
            elif msg[0] == "stopped":
                return

    def stop(self) -> None:
        proc, conn, reader = self._proc, self._conn, self._reader
        self._proc = self._conn = self._reader = None
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            conn.send("stop")
        if reader is not None:
            reader.join(timeout=30)  # every flow the proxy recorded is delivered before stop() returns
        proc.join(timeout=10)
        if proc.is_alive():
            proc.terminate()
            proc.join(timeout=5)
        with contextlib.suppress(OSError):
            conn.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
