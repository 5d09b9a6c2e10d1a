"""Articles 6(3), 6(5) and 13 from the traffic: PI *sent*, to whom, and how (architecture §7, §9).

A flow counts when the proxy found at least one PI value in its request (``NetFlow.matches``). Its
finding api is ``net:<host>``, its caller the flow's attribution (the sender by its stack; the SDK
host table only when no stack is known — evidence ``attributed_by`` says which; else ``app``), its phase the consent phase at the request's start. Evidence cites the flow
(stored id and proxy id, method, scheme, host) and each match's value kind, value id, encoding,
location and decoding layers — never the value itself, nor the URL (which may hold it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import NetFlow, Timeline
from monitor.traffic.disclosure import classify, disclosure_from_dict

CATEGORY = "pi-sent"
MATCH_KEYS = ("kind", "value_id", "encoding", "location", "layers")
MAX_MATCHES = 16


def flow_api(flow: NetFlow) -> str:
    return f"net:{flow.host.lower()}"


def flow_caller(flow: NetFlow) -> str:
    return flow.caller or "app"


def flow_evidence(flow: NetFlow, **extra: Any) -> dict[str, Any]:
    matches = [{k: m.get(k) for k in MATCH_KEYS if k in m} for m in flow.matches[:MAX_MATCHES]]
    return {"flow": flow.id, "flow_id": flow.flow_id, "method": flow.method, "scheme": flow.scheme,
            "host": flow.host, "port": flow.port, "offline": flow.offline, "source": flow.source,
            "attributed_by": flow.attributed_by or "none",
            "kinds": sorted({str(m.get("kind")) for m in flow.matches}),
            "encodings": sorted({str(m.get("encoding")) for m in flow.matches}), "matches": matches, **extra}


def flow_hit(tl: Timeline, flow: NetFlow, phase: str | None = None, **extra: Any) -> Hit:
    tr = tl.transition_at(flow.ts)
    if tr is not None and tr.ui_action_id is not None:
        extra["ui_action_ids"] = [tr.ui_action_id]
    return Hit(ts=flow.ts, api=flow_api(flow), caller=flow_caller(flow), phase=phase or tl.phase_at(flow.ts),
               category=CATEGORY, evidence=flow_evidence(flow, **extra))


def pi_flows(tl: Timeline) -> Iterator[NetFlow]:
    return (f for f in tl.flows if f.matches)


def flows_in_phases(tl: Timeline, phases: tuple[str, ...]) -> Iterator[Hit]:
    """Hits of the PI-carrying flows whose phase is one of ``phases`` (for the PI-6.3 rules)."""
    for f in pi_flows(tl):
        phase = tl.phase_at(f.ts)
        if phase in phases:
            yield flow_hit(tl, f, phase)


@rule(code="PI-6.5-UNDISCLOSED-THIRD-PARTY", name="undisclosed-third-party", article="6(5)",
      severity="medium", message="personal information was sent {count}× to {api} ({caller}), a third party "
                                 "the disclosure does not name")
def undisclosed_third_party(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Personal information sent to a third party the app does not disclose.

    Fires for every request carrying PI (any phase) whose recipient is a third party not named in the
    run's disclosure file (``pimon run --disclosure FILE``, stored with the run; format in
    ``monitor/traffic/disclosure.py``). The recipient is the SDK the flow is attributed to (by host,
    from the SDK database), else the host itself; the app's own servers (``first_party_domains``, or
    the domain its package name is built from) are not third parties. An entry discloses a recipient
    by SDK name/id/vendor, by a shared package prefix, or by a domain the host is under.
    **Without a disclosure file every third party receiving PI is undisclosed**: the app has declared
    nothing, and Article 6(5) asks it to tell the user each recipient's name, purpose and the kinds
    of PI. Severity medium. Fix: name the SDK in the privacy policy (and the disclosure file), or stop
    sending it PI.
    """
    disclosure = disclosure_from_dict(tl.meta.get("disclosure"))
    seen: dict[tuple[str, str | None], Any] = {}
    for f in pi_flows(tl):
        key = (f.host.lower(), f.caller)
        if key not in seen:
            seen[key] = classify(f.host, f.caller, tl.app_package, disclosure)
        who = seen[key]
        if who.party == "third-party" and who.disclosed_as is None:
            yield flow_hit(tl, f, recipient=who.name, sdk=who.sdk,
                           disclosure=(disclosure.source or "given") if disclosure else "none given")


@rule(code="PI-13-CLEARTEXT", name="pi-over-cleartext", article="13", severity="high",
      message="personal information was sent {count}× to {api} ({caller}) over plain HTTP")
def cleartext(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Personal information sent over plain HTTP.

    Fires for every request carrying PI that was not protected by TLS (``http://``, no CONNECT
    tunnel), in any phase, to anyone (first or third party). Article 13 asks for security measures
    such as encryption in transmission; anyone on the path (a Wi-Fi hotspot, an operator) reads
    cleartext identifiers. Severity high. Fix: use HTTPS (and keep ``usesCleartextTraffic`` off).
    """
    for f in pi_flows(tl):
        if f.cleartext:
            yield flow_hit(tl, f)
