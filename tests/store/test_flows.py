"""The flows table (revision 0002) against real SQLite and PostgreSQL: hostile records round-trip."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, inspect, text

from monitor.store import Store, open_store
from monitor.store.flows import Flow, add_flows, get_flows
from monitor.store.schema import Run
from monitor.traffic.flow import FlowRecord
from monitor.traffic.matcher import Matcher

HOSTILE = "</script>\u202e\ud800\x00\"'" + "x" * 300


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'runs.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = open_store(url)
    if request.param == "postgresql":
        with s.engine.begin() as c:
            c.execute(text("TRUNCATE runs RESTART IDENTITY CASCADE"))
    yield s
    s.close()


def record(i: int, **kw) -> FlowRecord:
    base = {
        "id": f"flow-{i}", "method": "POST", "scheme": "http", "host": "alog.umeng.com", "port": 80,
        "path": "/log?aid=9774d56d682e549c", "url": "http://alog.umeng.com/log?aid=9774d56d682e549c",
        "http_version": "HTTP/1.1",
        "request_headers": (("Content-Encoding", "gzip"), ("X-Raw", "\\xff\\xfe"), ("X-Evil", HOSTILE)),
        "request_body": gzip.compress(b'{"imei":"867530012345678"}') + b"\x00\xff", "request_body_size": 10**8,
        "started_ms": 1_764_340_000_000 + i, "status_code": 200, "offline": True,
        "client_address": "127.0.0.1:5555", "server_address": "alog.umeng.com:80",
    }  # fmt: skip
    base.update(kw)
    return FlowRecord(**base)


def test_flows_round_trip_with_matches(store: Store) -> None:
    run = store.create_run("com.example.app")
    matcher = Matcher({"imei": "867530012345678", "android_id": "9774d56d682e549c"})
    recs = [record(2), record(1, tls=True, scheme="https", sni="alog.umeng.com", error=HOSTILE)]
    assert add_flows(store, run, [(r, matcher.scan_flow(r), "sdk:umeng") for r in recs]) == 2
    flows = get_flows(store, run)
    assert [f.flow_id for f in flows] == ["flow-1", "flow-2"]  # ordered by ts
    f = flows[1]
    assert f.request_body == recs[0].request_body and f.request_body_size == 10**8
    assert f.request_headers[1] == ["X-Raw", "\\xff\\xfe"] and "\x00" not in f.request_headers[2][1]
    assert f.offline and not f.tls and f.caller == "sdk:umeng" and f.status_code == 200
    assert {(m["kind"], m["location"]) for m in f.matches} == {("imei", "body:$.imei"), ("android_id", "url:query.aid")}
    assert all("value" not in m for m in f.matches)
    assert flows[0].tls and flows[0].sni == "alog.umeng.com" and flows[0].error.startswith("</script>")


def test_revealed_values_are_stored_only_when_asked(store: Store) -> None:
    run = store.create_run("com.example.app")
    r = record(1)
    add_flows(store, run, [(r, Matcher({"imei": "867530012345678"}, reveal=True).scan_flow(r), None)])
    assert get_flows(store, run)[0].matches[0]["value"] == "867530012345678"


def test_flows_go_with_their_run(store: Store) -> None:
    run = store.create_run("com.example.app")
    add_flows(store, run, [(record(1), [], None)])
    assert add_flows(store, run, []) == 0
    with store.engine.begin() as c:
        c.execute(delete(Run).where(Run.id == run))
        assert c.execute(text("SELECT count(*) FROM flows")).scalar() == 0
    assert "flows" in inspect(store.engine).get_table_names() and Flow.__tablename__ == "flows"
