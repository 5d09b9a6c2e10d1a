"""Traffic evidence (issue 4): an in-process mitmproxy that records flows, and a PI value matcher.

    from monitor.traffic import TrafficProxy, ProxyConfig, Matcher, flow_caller

    records = []                                          # on_flow runs on the proxy's thread
    with TrafficProxy(records.append, ProxyConfig(offline=True, max_body=1 << 20)) as proxy:
        host, port = proxy.address                        # 127.0.0.1:<ephemeral>
        proxy.ca_cert_path                                # PEM to trust (confdir: state_home()/mitmproxy)
        ...
    matcher = Matcher(run_values(events, device.profile_values(), exclude={app_package}))
    # or Matcher({"imei": "8675...", "mac": "02:00:..", "location": "39.9,116.4"})
    for rec in records:
        hits = matcher.scan_flow(rec)                     # list[Match]: kind, encoding, location, offset
        caller = flow_caller(rec)                         # "sdk:<id>" from the SDK host table, or None

Storing: ``monitor.store.flows.add_flows(store, run_id, [(rec, hits, caller), ...])``.

In a run (``monitor.run.execute_run``) all of this is :class:`TrafficCapture`: ``start(device)``,
``stop(device)``, ``analyse(store, run_id, device, package)``. The third parties an app discloses:
``monitor.traffic.disclosure.load_disclosure(path)``.
"""

import importlib
from typing import Any

# Lazy: ``monitor.traffic.disclosure`` (used by the rules) must not pull in mitmproxy.
_WHERE = {
    "flow_caller": "attribution", "sdk_for_host": "attribution", "TrafficCapture": "capture",
    "Disclosure": "disclosure", "ThirdParty": "disclosure", "load_disclosure": "disclosure",
    "FlowRecord": "flow", "Match": "matcher", "Matcher": "matcher", "ProxyConfig": "proxy",
    "TrafficProxy": "proxy", "ensure_ca": "proxy", "event_values": "values", "profile_values": "values",
    "run_values": "values", "ENCODINGS": "variants", "PiValue": "variants",
}  # fmt: skip
__all__ = list(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'monitor.traffic' has no attribute {name!r}")
    return getattr(importlib.import_module(f"monitor.traffic.{_WHERE[name]}"), name)
