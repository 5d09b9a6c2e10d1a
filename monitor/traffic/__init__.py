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

from monitor.traffic.attribution import flow_caller, sdk_for_host
from monitor.traffic.capture import TrafficCapture
from monitor.traffic.disclosure import Disclosure, ThirdParty, load_disclosure
from monitor.traffic.flow import FlowRecord
from monitor.traffic.matcher import Match, Matcher
from monitor.traffic.proxy import ProxyConfig, TrafficProxy, ensure_ca
from monitor.traffic.values import event_values, profile_values, run_values
from monitor.traffic.variants import ENCODINGS, PiValue

__all__ = [
    "ENCODINGS", "Disclosure", "FlowRecord", "Match", "Matcher", "PiValue", "ProxyConfig", "ThirdParty",
    "TrafficCapture", "TrafficProxy", "ensure_ca", "event_values", "flow_caller", "load_disclosure",
    "profile_values", "run_values", "sdk_for_host",
]  # fmt: skip
