"""mitmproxy 11 run in-process: its own Master and asyncio loop on a background thread.

    proxy = TrafficProxy(on_flow=records.append)        # offline by default
    host, port = proxy.start()                           # 127.0.0.1:<ephemeral>
    ... point the device at host:port, trust proxy.ca_cert_path ...
    proxy.stop()

mitmproxy keeps its master in a module global (``mitmproxy.ctx``), so one process runs at most one
proxy at a time; starting a second one raises :class:`PimonError`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Self

from mitmproxy import master, options
from mitmproxy.addons import core, next_layer, proxyserver, tlsconfig

from monitor.errors import ConfigError, PimonError
from monitor.traffic.flow import FlowRecord
from monitor.traffic.proxyconf import (  # noqa: F401 - re-exported: the proxy's public names
    _ACTIVE,
    CA_BASENAME,
    DEFAULT_MAX_BODY,
    OFFLINE_BODY,
    START_TIMEOUT,
    ProxyConfig,
    default_confdir,
    ensure_ca,
)
from monitor.traffic.recorder import FlowRecorder

log = logging.getLogger(__name__)


def _addons(recorder: FlowRecorder) -> list:
    """The explicit addon list: just what a recording HTTP(S) proxy needs, then ours."""
    from monitor.traffic.peerguard import PeerGuard  # only the run's device (its user) may use the proxy

    return [core.Core(), proxyserver.Proxyserver(), PeerGuard(), next_layer.NextLayer(), tlsconfig.TlsConfig(),
            recorder]


class TrafficProxy:
    def __init__(self, on_flow: Callable[[FlowRecord], None],
                 config: ProxyConfig = ProxyConfig()) -> None:  # noqa: B008 - frozen dataclass  # noqa: B008 - frozen
        if config.listen_host not in ("127.0.0.1", "localhost", "::1"):
            log.warning("pimon proxy listening on %s, not loopback", config.listen_host)
        self.config = config
        self.confdir = Path(config.confdir or default_confdir())
        self._recorder = FlowRecorder(on_flow)
        self._thread: threading.Thread | None = None
        self._master: master.Master | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self.address: tuple[str, int] | None = None

    @property
    def ca_cert_path(self) -> Path:
        """The CA certificate (PEM) a device must trust; exists once start() or ensure_ca() ran."""
        return self.confdir / f"{CA_BASENAME}-ca-cert.pem"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> tuple[str, int]:
        if self._thread is not None:
            raise PimonError("proxy already started")
        if not _ACTIVE.acquire(blocking=False):
            raise PimonError("another pimon proxy is already running in this process")
        self._thread = threading.Thread(target=self._thread_main, name="pimon-mitmproxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT):
            self._failure = self._failure or PimonError(f"proxy did not start within {START_TIMEOUT}s")
        if self._failure is not None or self.address is None:
            failure = self._failure or PimonError("proxy did not start")
            self.stop()
            raise failure
        return self.address

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        m = self._master
        if m is not None and not m.event_loop.is_closed():
            try:
                m.shutdown()
            except RuntimeError:  # the loop closed meanwhile: the thread is ending anyway
                pass
        thread.join(timeout=30)
        self._master = None
        _ACTIVE.release()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- proxy thread ---

    def _thread_main(self) -> None:
        try:
            asyncio.run(self._serve())
        except Exception as exc:  # noqa: BLE001 - reported to start(); the thread ends
            log.debug("pimon proxy thread ended with %r", exc)
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self._failure = self._failure or (exc if isinstance(exc, PimonError) else PimonError(f"proxy failed: {first}"))
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        cfg = self.config
        ensure_ca(self.confdir)  # created (once, under a lock) before mitmproxy's tlsconfig reads it
        opts = options.Options()
        m = master.Master(opts, event_loop=asyncio.get_running_loop())
        m.addons.add(*_addons(self._recorder))
        try:
            opts.update(
                mode=["regular"],
                listen_host=cfg.listen_host,
                listen_port=cfg.listen_port,
                confdir=str(self.confdir),
                connection_strategy="lazy" if cfg.offline else "eager",
                body_size_limit=cfg.hard_body_limit,
                pimon_offline=cfg.offline,
                pimon_max_body=cfg.max_body,
                pimon_offline_body=cfg.offline_body,
                **({"ssl_verify_upstream_trusted_ca": str(cfg.upstream_ca)} if cfg.upstream_ca else {}),
            )
        except Exception as exc:  # noqa: BLE001 - mitmproxy's OptionsError and friends
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise ConfigError(f"invalid proxy configuration: {first}") from None
        self._master = m
        m.addons.add(_ReadySignal(self))
        asyncio.get_running_loop().set_exception_handler(_quiet_cancelled)
        try:
            await m.run()
        finally:  # mitmproxy's shutdown leaves the listening socket open: close it, or every run leaks one
            ps = m.addons.get("proxyserver")
            if ps is not None:
                await ps.servers.update([])


def _quiet_cancelled(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """Connections still open at stop() are cancelled; that is not an error worth a traceback."""
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    log.warning("pimon proxy: %s", context.get("message"), exc_info=context.get("exception"))


class _ReadySignal:
    """Last addon: on ``running`` (servers are up or failed), publish the bound address to start()."""

    def __init__(self, proxy: TrafficProxy) -> None:
        self.proxy = proxy

    def running(self) -> None:
        ps = self.proxy._master.addons.get("proxyserver") if self.proxy._master else None
        addrs = ps.listen_addrs() if ps else []
        if addrs:
            host, port = addrs[0][0], addrs[0][1]
            self.proxy.address = (host, port)
        else:
            cfg = self.proxy.config
            self.proxy._failure = PimonError(
                f"proxy could not listen on {cfg.listen_host}:{cfg.listen_port} (address in use?)"
            )
            self.proxy._master.shutdown()
        self.proxy._ready.set()
