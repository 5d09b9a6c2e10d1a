"""Traffic capture for one run: the proxy started and stopped around it, its flows matched and stored.

    capture = TrafficCapture()                 # ProxyConfig() by default: offline, loopback
    capture.start(device)                      # proxy up, its CA trusted by the device, device proxy set
    ... the scenario runs; apps started from now on go through the proxy ...
    capture.stop(device)                       # device proxy cleared, proxy down (idempotent)
    capture.analyse(store, run_id, device, package)   # -> flows stored (with matches and caller)

The records are kept in memory until ``analyse`` (bounded by the proxy's ``max_body`` per body), so a
run whose app crashed still stores every flow it made. Flow times are the proxy's epoch ms, the same
clock as the emulator's events, so they land in the right consent phase.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from monitor.traffic.attribution import flow_caller
from monitor.traffic.flow import FlowRecord
from monitor.traffic.matcher import Matcher
from monitor.traffic.proxy import ProxyConfig
from monitor.traffic.proxyproc import ProxyProcess
from monitor.traffic.values import run_values

log = logging.getLogger(__name__)


class TrafficCapture:
    def __init__(self, config: ProxyConfig | None = None) -> None:
        self.config = config or ProxyConfig()
        self.records: list[FlowRecord] = []
        self._lock = threading.Lock()
        self._proxy: ProxyProcess | None = None
        self.address: tuple[str, int] | None = None

    def _on_flow(self, record: FlowRecord) -> None:
        with self._lock:
            self.records.append(record)

    def start(self, device: Any) -> tuple[str, int]:
        """Start the proxy, make ``device`` trust its CA and route through it; returns its address."""
        proxy = ProxyProcess(self._on_flow, self.config)  # a process of its own: runs at once never share one
        host, port = proxy.start()
        self._proxy = proxy
        try:
            device.install_ca(proxy.ca_cert_path)
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

    def taken(self) -> list[FlowRecord]:
        with self._lock:
            out, self.records = self.records, []
        return sorted(out, key=lambda r: (r.started_ms, r.id))

    def analyse(self, store: Any, run_id: int, device: Any, package: str, *, reveal: bool = False) -> int:
        """Match every recorded flow against the run's PI values and store them; returns how many."""
        from monitor.store.flows import add_flows

        records = self.taken()
        if not records:
            return 0
        events = store.load_timeline(run_id).calls
        try:
            profile = device.profile_values()
        except Exception as exc:  # noqa: BLE001 - a device that cannot say leaves the hooked values
            log.warning("device profile unavailable: %s", exc)
            profile = {}
        matcher = Matcher(run_values(events, profile, exclude={package}), reveal=reveal)
        return add_flows(store, run_id, [(r, matcher.scan_flow(r), flow_caller(r)) for r in records])
