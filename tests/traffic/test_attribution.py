"""Host attribution through the real SDK database."""

from __future__ import annotations

from monitor.traffic.attribution import flow_caller, sdk_for_host
from monitor.traffic.flow import FlowRecord


def _rec(host: str, sni: str | None = None) -> FlowRecord:
    return FlowRecord(id="f", method="GET", scheme="https", host=host, port=443, path="/", url=f"https://{host}/",
                      http_version="HTTP/1.1", request_headers=(), request_body=b"", request_body_size=0,
                      started_ms=0, sni=sni)


def test_known_tracker_hosts_name_their_sdk():
    assert sdk_for_host("alog.umeng.com").id == "umeng"
    assert sdk_for_host("ALOG.UMENG.COM.").id == "umeng"
    assert flow_caller(_rec("graph.facebook.com")) == "sdk:facebook"


def test_unknown_or_lookalike_hosts_are_not_attributed():
    assert flow_caller(_rec("api.example.com")) is None
    assert sdk_for_host("notumeng.com") is None


def test_sni_is_preferred_over_an_ip_host():
    assert flow_caller(_rec("203.0.113.7", sni="alog.umeng.com")) == "sdk:umeng"
