"""Traffic capture for one run: the proxy started and stopped around it, its flows matched and stored.

    capture = TrafficCapture()                 # ProxyConfig() by default: offline, loopback
    capture.start(device)                      # proxy up, its CA trusted by the device, device proxy set
    ... the scenario runs; apps started from now on go through the proxy ...
    capture.stop(device)                       # device proxy cleared, proxy down (idempotent)
    capture.analyse(store, run_id, device, package)   # -> flows stored (with matches and caller)

The records are kept in memory until ``analyse`` (bounded by the proxy's ``max_body`` per body), so a
run whose app crashed still stores every flow it made. Flow times are the proxy's epoch ms, the same
clock as the emulator's events, so they land in the right consent phase.

The second source, in-process capture (``capture.inprocess``, fed by each instrumented process through
``capture.net_sink(process)``), is merged in ``analyse`` (:func:`merge_sources`): a request the agent
saw going to pimon's own proxy is the proxy's flow seen from inside, so it gives that flow its sender's
stack instead of being stored twice; a proxy flow without one takes the stack of the ``connect`` that
opened its client connection (same local address); every other in-process request is a flow of its
own (``source`` ``in-process``: an app that ignores the proxy, or pins its certificate). Each flow is
attributed by stack, else by host (``attributed_by``). Destinations are stored with the number of flows
seen over them (0: the app sent something there pimon could not read).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.traffic.attribution import HOST, attribute_flow, sdk_for_host, stack_caller
from monitor.traffic.flow import FlowRecord
from monitor.traffic.inprocess import Destination, InProcessTraffic
from monitor.traffic.matcher import Matcher
from monitor.traffic.proxyconf import ProxyConfig
from monitor.traffic.proxyproc import ProxyProcess
from monitor.traffic.values import run_values

log = logging.getLogger(__name__)


JOIN_WINDOW_MS = 5000


def _addr_key(addr: str | None) -> str:
    return (addr or "").replace("localhost:", "127.0.0.1:").lower()


def merge_sources(proxy: list[FlowRecord], inproc: list[FlowRecord], destinations: list[Destination],
                  proxy_address: tuple[str, int] | None) -> list[FlowRecord]:
    """The flows of a run from both sources (see the module doc), sorted by time."""
    proxy = list(proxy)
    via = {f"{proxy_address[0]}:{proxy_address[1]}", f"127.0.0.1:{proxy_address[1]}"} if proxy_address else set()
    used: set[int] = set()
    own: list[FlowRecord] = []
    for rec in inproc:
        if _addr_key(rec.server_address) not in via:
            own.append(rec)
            continue
        best, gap = None, JOIN_WINDOW_MS + 1
        for i, p in enumerate(proxy):
            if i in used or p.stack or (p.method, p.host.lower(), p.path) != (rec.method, rec.host.lower(), rec.path):
                continue
            d = abs(p.started_ms - rec.started_ms)
            if d < gap:
                best, gap = i, d
        if best is None:
            own.append(rec)  # the proxy never recorded it: what the app wrote is still evidence
            continue
        used.add(best)
        proxy[best] = dataclasses.replace(proxy[best], stack=rec.stack, stack_kind=rec.stack_kind, thread=rec.thread,
                                          process=rec.process, tap=rec.tap)
    opened = {_addr_key(d.local): d for d in destinations if d.kind == "connect" and d.local and d.stack}
    for i, p in enumerate(proxy):
        if not p.stack and _addr_key(p.client_address) in opened:
            d = opened[_addr_key(p.client_address)]
            proxy[i] = dataclasses.replace(p, stack=d.stack, stack_kind=d.stack_kind, thread=d.thread, process=d.process)
    return sorted([*proxy, *own], key=lambda r: (r.started_ms, r.id))


def destination_rows(destinations: list[Destination], flows: list[FlowRecord], package: str) -> list[tuple]:
    """``(destination, caller, attributed_by, flows)`` for the store: callers by stack, else by host."""
    count: dict[str, int] = {}
    for f in flows:
        count[_addr_key(f.client_address)] = count.get(_addr_key(f.client_address), 0) + 1
    rows = []
    for d in destinations:
        caller, by = stack_caller(d.stack, d.stack_kind, package), "stack"
        if caller is None and d.host:
            sdk = sdk_for_host(d.host)
            caller, by = (sdk.caller, HOST) if sdk else (None, None)
        elif caller is None:
            by = None
        rows.append((d, caller, by, count.get(_addr_key(d.local), 0) if d.kind == "connect" and d.local else 0))
    return rows


class TrafficCapture:
    def __init__(self, config: ProxyConfig | None = None) -> None:
        self.config = config or ProxyConfig()
        self.inprocess = InProcessTraffic()
        self.records: list[FlowRecord] = []
        self._lock = threading.Lock()
        self._proxy: ProxyProcess | None = None
        self.address: tuple[str, int] | None = None

    def _on_flow(self, record: FlowRecord) -> None:
        with self._lock:
            self.records.append(record)

    def begin(self) -> None:
        """Start the proxy's process without waiting for it (``start`` does): it starts while the caller
        prepares the device. :meth:`abort` stops it if ``start`` is never called."""
        if self._proxy is None:
            proxy = ProxyProcess(self._on_flow, self.config)  # a process of its own: runs at once never share one
            proxy.begin()
            self._proxy = proxy

    def abort(self) -> None:
        """Stop a proxy begun but not started (no device was set to use it)."""
        proxy, self._proxy = self._proxy, None
        if proxy is not None:
            proxy.stop()

    def start(self, device: Any) -> tuple[str, int]:
        """Start the proxy (unless begun), make ``device`` trust its CA and route through it; returns its address."""
        self.begin()
        proxy = self._proxy
        assert proxy is not None
        try:
            device.install_ca(proxy.ca_cert_path)  # while the proxy's process starts
            host, port = proxy.wait_ready()
            device.set_proxy(host, port)
        except BaseException:
            self.stop(device)
            raise
        self.address = (host, port)
        return host, port

    def stop(self, device: Any) -> None:
        """Clear the device's proxy and stop ours; safe to call twice or after a failed start."""
        try:
            device.clear_proxy()
        except Exception as exc:  # noqa: BLE001 - the proxy must stop whatever the device says
            log.warning("could not clear the device proxy: %s", exc)
        proxy, self._proxy = self._proxy, None
        if proxy is not None:
            proxy.stop()

    def net_sink(self, process: str) -> Callable:
        """The ``on_net`` callback for one instrumented process (the in-process source)."""
        return self.inprocess.sink(process)

    def record_interventions(self, store: Any, run_id: int, plan: TrafficPlan) -> None:
        """The run's ``config.interventions`` (offline answers, unpinning, QUIC refused), ``config.inprocess``
        (what the agent could tap in each process) and a mark for each pin removed."""
        src = self.inprocess
        items = interventions(plan, src.status, src.unpinned, src.destinations(), store.get_run(run_id).app_package)
        store.update_run_config(run_id, {"interventions": items, "inprocess": src.status})
        for item in items:
            for pin in item.get("pins_removed", []):
                store.add_mark(run_id, pin["ts"] or None, f"unpin: {pin['what']} ({pin['caller']}"
                                                          f"{', host ' + pin['host'] if pin['host'] else ''})")

    def taken(self) -> list[FlowRecord]:
        with self._lock:
            out, self.records = self.records, []
        return sorted(out, key=lambda r: (r.started_ms, r.id))

    def analyse(self, store: Any, run_id: int, device: Any, package: str, *, reveal: bool = False) -> int:
        """Match every recorded flow against the run's PI values and store them; returns how many."""
        from monitor.store.flows import add_destinations, add_flows

        destinations = self.inprocess.destinations()
        records = merge_sources(self.taken(), self.inprocess.flows(), destinations, self.address)
        add_destinations(store, run_id, destination_rows(destinations, records, package))
        if not records:
            return 0
        events = store.load_timeline(run_id).calls
        try:
            profile = device.profile_values()
        except Exception as exc:  # noqa: BLE001 - a device that cannot say leaves the hooked values
            log.warning("device profile unavailable: %s", exc)
            profile = {}
        matcher = Matcher(run_values(events, profile, exclude={package}), reveal=reveal)
        try:
            return add_flows(store, run_id, [(r, matcher.scan_flow(r), *attribute_flow(r, package)) for r in records])
        finally:  # bodies beyond the stored part were searched: their spools go (monitor/traffic/chunkscan.py)
            for r in records:
                if r.request_spool:
                    Path(r.request_spool).unlink(missing_ok=True)


DEVICE_PROXY_PORT = 8080  # monitor.devices.android.provision.SetupOptions.proxy_port: setup and run agree


@dataclass(frozen=True)
class TrafficPlan:
    """How a run captures traffic (``traffic_plan``); stored in the run's config as ``traffic_plan``."""

    capture: bool
    offline: bool
    unpin: bool
    block_quic: bool
    listen_port: int

    def proxy_config(self) -> ProxyConfig:
        return ProxyConfig(listen_port=self.listen_port, offline=self.offline)

    def agent_options(self) -> dict[str, Any]:
        """The agent's init options for the in-process source and the interventions."""
        return {"net": self.capture, "tls": self.capture, "unpin": self.unpin, "blockQuic": self.block_quic}

    def config(self) -> dict[str, Any]:
        return {"traffic_plan": {"offline": self.offline, "unpin": self.unpin, "block_quic": self.block_quic,
                                 "proxy_port": self.listen_port or None}}


def traffic_plan(device: Any, *, traffic: bool | None = None, offline: bool | None = None, unpin: bool = False,
                 block_quic: bool | None = None) -> TrafficPlan:
    """Defaults: capture on every device; the emulator answers offline (its fixtures talk to hosts that
    do not exist), a real device forwards upstream (a real app must reach its servers or it behaves
    differently; ``--offline`` keeps it local); the proxy listens on the port ``pimon setup`` pointed the
    device at (the device's ``proxy_port``, else 8080) — an ephemeral one on the emulator, which is told
    the port each run; QUIC refused wherever traffic is captured, so apps fall back to TCP+TLS."""
    emulator = getattr(device, "kind", "") == "emulator"
    capture = True if traffic is None else bool(traffic)
    port = 0 if emulator else int(getattr(device, "proxy_port", None) or DEVICE_PROXY_PORT)
    return TrafficPlan(capture=capture, offline=emulator if offline is None else bool(offline), unpin=bool(unpin),
                       block_quic=capture if block_quic is None else bool(block_quic), listen_port=port)


def interventions(plan: TrafficPlan, status: dict[str, dict[str, Any]], unpinned: list[dict[str, Any]],
                  destinations: list[Destination], package: str) -> list[dict[str, Any]]:
    """What pimon changed in the app's world during the run, to say in the report (pure)."""
    out: list[dict[str, Any]] = []
    if plan.capture and plan.offline:
        out.append({"kind": "offline", "what": "pimon's proxy answered every request itself (200 {}); nothing "
                                               "went upstream"})
    if plan.unpin:
        installed = sorted({h for st in status.values() for h in ((st.get("unpin") or {}).get("installed") or [])})
        removed = [{"ts": u["ts"], "what": u["what"], "host": u["host"], "replaced": u["replaced"],
                    "process": u["process"], "caller": stack_caller(u["stack"], "java", package) or "app"}
                   for u in unpinned]
        out.append({"kind": "unpin", "what": "certificate pinning removed (the device's trust store still applies)",
                    "hooks": installed, "pins_removed": removed})
    if plan.block_quic:
        refused = [d for d in destinations if d.blocked == "quic"]
        active = bool(status) and all(st.get("quic_blocked") for st in status.values())
        out.append({"kind": "block-quic", "what": "UDP to port 443 (QUIC) refused so apps fall back to TCP+TLS",
                    "active": active, "refused": len(refused)})
    return out
