"""Traffic in the reports: flows on the timeline and in a Requests table, each traffic finding with its
request and the PI matches highlighted; hostile request contents stay inert text; findings.json
carries flow evidence (schema-valid) but never the values."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from monitor.reports import SCHEMA_PATH, write_reports
from monitor.reports.flows import highlight, request_view, searched_text
from monitor.rules import analyse_run
from monitor.store import Store, open_store
from monitor.store.flows import add_flows, get_flows
from monitor.traffic import FlowRecord, Matcher

from .conftest import HOSTILE, MARK

APP = "com.example.app"
IMEI = "867530012345678"
MAC = "02:1a:11:f4:5c:9e"


def _record(i: int, url: str, body: bytes, headers: tuple = (), *, ts: int, tls: bool = True) -> FlowRecord:
    scheme, _, rest = url.partition("://")
    host = rest.split("/")[0].split("?")[0]
    return FlowRecord(id=f"f{i}", method="POST", scheme=scheme, host=host, port=443 if tls else 80,
                      path="/" + rest.partition("/")[2], url=url, http_version="HTTP/1.1",
                      request_headers=headers, request_body=body, request_body_size=len(body), started_ms=ts,
                      status_code=200, tls=tls, offline=True)


def build_traffic_run(store: Store) -> int:
    run = store.create_run(APP, started_ms=1_000_000)
    store.add_lifecycle(run, 1_000_000, "process-start")
    hostile_json = json.dumps({"imei": IMEI, "note": HOSTILE[0], "x": HOSTILE[1]}).encode()
    records = [
        _record(1, "https://ulogs.umeng.com/unify_logs", gzip.compress(hostile_json),
                (("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("X-Evil", HOSTILE[2])),
                ts=1_000_100),
        _record(2, f"http://stats.jiguang.cn/v1/report?m={hashlib.md5(MAC.encode()).hexdigest()}&q={HOSTILE[3]}",
                b"", (("User-Agent", HOSTILE[4]),), ts=1_000_200, tls=False),
        _record(3, "https://collect.evil.example/" + HOSTILE[0][:40],
                json.dumps({"u": base64.b64encode(IMEI.encode()).decode()}).encode(),
                (("Content-Type", "application/json"),), ts=1_003_000),
        _record(4, "https://cdn.nothing.example/x.js", b"", ts=1_003_100),
    ]
    matcher = Matcher({"imei": IMEI, "mac": MAC})
    add_flows(store, run, [(r, matcher.scan_flow(r), "sdk:umeng" if r.host.endswith("umeng.com") else
                            "sdk:jpush" if r.host.endswith("jiguang.cn") else None) for r in records])
    store.add_dialog(run, 1_001_000, "consent")
    ui = store.add_ui_action(run, 1_002_000, "consent-refuse", {"text": "不同意"})
    store.add_consent_transition(run, 1_002_000, "pre-consent", "refused", ui)
    store.finish_run(run, "completed", ended_ms=1_005_000)
    analyse_run(store, run)
    return run


@pytest.fixture(scope="module")
def traffic_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("traffic-report")
    store = open_store(out / "p.db")
    try:
        write_reports(store, build_traffic_run(store), out, formats=("json", "html"))
    finally:
        store.close()
    return out


def test_findings_json_has_flow_evidence_and_no_values(traffic_out: Path) -> None:
    doc = json.loads((traffic_out / "findings.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    keys = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in doc["findings"]}
    assert keys == {
        ("PI-6.3-BEFORE-CONSENT", "net:ulogs.umeng.com", "sdk:umeng", "unknown"),
        ("PI-6.3-BEFORE-CONSENT", "net:stats.jiguang.cn", "sdk:jpush", "unknown"),
        ("PI-6.3-AFTER-REFUSAL", "net:collect.evil.example", "app", "refused"),
        ("PI-13-CLEARTEXT", "net:stats.jiguang.cn", "sdk:jpush", "unknown"),
        ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:ulogs.umeng.com", "sdk:umeng", "unknown"),
        ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:stats.jiguang.cn", "sdk:jpush", "unknown"),
        ("PI-6.5-UNDISCLOSED-THIRD-PARTY", "net:collect.evil.example", "app", "refused"),
    }
    umeng = next(f for f in doc["findings"] if f["rule"] == "PI-6.3-BEFORE-CONSENT" and "umeng" in f["api"])
    assert umeng["evidence"]["matches"] == [
        {"kind": "imei", "value_id": "imei#0", "encoding": "plain", "location": "body:$.imei", "layers": ["gzip"]}]
    assert doc["summary"]["flows"] == 4 and doc["summary"]["flows_with_pi"] == 3
    text = json.dumps(doc)
    assert IMEI not in text and hashlib.md5(MAC.encode()).hexdigest() not in text
    assert base64.b64encode(IMEI.encode()).decode() not in text


def test_html_shows_requests_with_matches_marked_and_escaped(traffic_out: Path, tmp_path: Path) -> None:
    html = (traffic_out / "report.html").read_text(encoding="utf-8")
    md5 = hashlib.md5(MAC.encode()).hexdigest()
    # masked by default: the mark says which value and encoding, not the value
    assert '<mark title="imei#0 · plain">⟦imei#0 · plain · 15 bytes⟧</mark>' in html  # in the gunzipped body
    assert "<mark title=\"mac#" in html and IMEI not in html and md5 not in html
    store = open_store(traffic_out / "p.db")
    try:
        run = store.list_runs(limit=1)[0].id
        shown = write_reports(store, run, tmp_path, formats=("html",), reveal=True)["html"].read_text(encoding="utf-8")
    finally:
        store.close()
    assert f'<mark title="imei#0 · plain">{IMEI}</mark>' in shown and f'md5">{md5}</mark>' in shown
    assert 'id="requests"' in html and "cleartext" in html and ">requests</text>" in html
    for bad in ("<script>", "<img", "<svg onload", "onerror=\""):
        assert bad not in html.replace("<svg viewBox", "")


def test_browser_runs_nothing_from_the_requests(traffic_out: Path, dump_dom: Callable[[Path], str],
                                               tmp_path: Path) -> None:
    bare = tmp_path / "no-csp.html"  # without the Content-Security-Policy: the escaping alone must hold
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                           (traffic_out / "report.html").read_text(encoding="utf-8")), encoding="utf-8")
    dom = dump_dom(bare)
    assert MARK not in dom.split("<title>", 1)[1].split("</title>", 1)[0]
    assert not re.search(r"<html[^>]*data-pwned", dom) and "<script" not in dom.lower()
    assert "<mark " in dom


def test_request_view_rebuilds_each_location(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    try:
        run = build_traffic_run(store)
        flows = get_flows(store, run)
    finally:
        store.close()
    for flow in flows:
        for m in flow.matches:
            text = searched_text(flow, m["location"])
            assert text is not None and m["offset"] + m["length"] <= len(text), m
    view = request_view(flows[2], flows[2].matches)
    assert "<mark " in str(view.body) and not view.excerpts
    marked, n = highlight(b"a<b>IMEI<i>IMEI", [b"IMEI"])
    assert n == 2 and str(marked) == 'a&lt;b&gt;<mark title="match">IMEI</mark>&lt;i&gt;<mark title="match">IMEI</mark>'
    masked, _ = highlight(b'x"<IMEI>', {b"<IMEI>": 'k#0 · "<md5>'}, reveal=False)
    assert str(masked) == ('x&#34;<mark title="k#0 · &#34;&lt;md5&gt;">⟦k#0 · &#34;&lt;md5&gt; · 6 bytes⟧</mark>')
