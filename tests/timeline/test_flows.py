"""Flows on the consent timeline: loaded from the store (no bodies) and from plain data, with the
run's disclosure in ``meta``; they extend the timeline's span and fall in the phase at their start."""

from __future__ import annotations

from pathlib import Path

from monitor.store import open_store
from monitor.store.flows import add_flows
from monitor.timeline import NetFlow, timeline_from_dict
from monitor.traffic import FlowRecord, Matcher


def _record(ts: int, url: str, body: bytes, tls: bool) -> FlowRecord:
    scheme, _, rest = url.partition("://")
    return FlowRecord(id=f"id{ts}", method="POST", scheme=scheme, host=rest.split("/")[0], port=443 if tls else 80,
                      path="/", url=url, http_version="HTTP/1.1", request_headers=(), request_body=body,
                      request_body_size=len(body), started_ms=ts, tls=tls)


def test_store_loads_flows_and_disclosure(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.app", started_ms=1000,
                           config={"disclosure": {"third_parties": [{"name": "Umeng"}]}})
    matcher = Matcher({"imei": "867530012345678"})
    recs = [_record(3000, "http://stats.jiguang.cn/r", b"imei=867530012345678", False),
            _record(2000, "https://ulogs.umeng.com/u", b"{}", True)]
    add_flows(store, run, [(r, matcher.scan_flow(r), "sdk:jpush" if "jiguang" in r.host else "sdk:umeng") for r in recs])
    store.add_consent_transition(run, 2500, "pre-consent", "consented")
    store.finish_run(run, "completed", ended_ms=2800)
    tl = store.load_timeline(run)
    store.close()
    assert [(f.ts, f.host, f.caller, f.cleartext, len(f.matches)) for f in tl.flows] == [
        (2000, "ulogs.umeng.com", "sdk:umeng", False, 0), (3000, "stats.jiguang.cn", "sdk:jpush", True, 1)]
    assert tl.flows[1].matches[0]["encoding"] == "plain" and "value" not in tl.flows[1].matches[0]
    assert tl.flows[1].id is not None and tl.flows[1].flow_id == "id3000"
    assert tl.meta["disclosure"] == {"third_parties": [{"name": "Umeng"}]}
    assert tl.end == 3000 and tl.phase_at(tl.flows[1].ts) == "consented"


def test_timeline_from_dict_flows() -> None:
    tl = timeline_from_dict({"app": "a.b", "flows": [
        {"ts": 5, "host": "x.y", "scheme": "http"}, {"ts": 1, "host": "z.y", "matches": [{"kind": "imei"}]}],
        "disclosure": {"first_party_domains": ["b.a"]}})
    assert tl.flows == [NetFlow(ts=1, host="z.y", matches=({"kind": "imei"},)),
                        NetFlow(ts=5, host="x.y", scheme="http", port=80, tls=False)]
    assert tl.flows[1].cleartext and not tl.flows[0].cleartext
    assert tl.meta == {"disclosure": {"first_party_domains": ["b.a"]}} and (tl.start, tl.end) == (1, 5)
