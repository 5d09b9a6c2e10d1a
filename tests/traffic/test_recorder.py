"""The recorder addon through mitmproxy's own harnesses (taddons, tflow): no proxy, no sockets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow, tutils

from monitor.traffic.recorder import META_OFFLINE, BodyCapture, FlowRecorder, record_from_flow


def test_record_from_flow_is_a_pure_snapshot():
    f = tflow.tflow(resp=True)
    f.request.headers[b"X-Bin"] = b"\xff\x00id"
    f.request.content = b"a" * 100
    rec = record_from_flow(f, max_body=10)
    assert (rec.method, rec.host, rec.port, rec.path) == ("GET", "address", 22, "/path")
    assert rec.request_body == b"a" * 10 and rec.request_body_size == 100 and rec.request_truncated
    assert ("X-Bin", "\\xff\x00id") in rec.request_headers
    assert rec.status_code == 200 and rec.response_body == b"message"
    assert rec.started_ms == int(f.request.timestamp_start * 1000)
    assert rec.server_ip is not None and not rec.offline
    f.request.content = b"b"
    assert rec.request_body == b"a" * 10  # not a view of the live flow
    spool = Path(rec.request_spool)  # the rest, from max_body - SPOOL_OVERLAP (here 0), for the chunked search
    assert rec.request_spool_offset == 0 and spool.read_bytes() == b"a" * 100
    spool.unlink()


def test_record_of_a_failed_flow():
    rec = record_from_flow(tflow.tflow(err=True))
    assert rec.error == "error" and rec.status_code is None and rec.response_headers == ()


def test_options_validated():
    rec = FlowRecorder(lambda r: None)
    with taddons.context(rec) as tctx:
        tctx.configure(rec, pimon_max_body=5, pimon_offline=False)
        assert rec.max_body == 5 and not rec.offline
        with pytest.raises(exceptions.OptionsError, match="pimon_max_body"):
            tctx.configure(rec, pimon_max_body=-1)


def test_offline_flow_answered_and_recorded_once():
    got = []
    rec = FlowRecorder(got.append)

    async def cycle():
        with taddons.context(rec) as tctx:
            tctx.configure(rec, pimon_offline_body='{"ok":1}')
            f = tflow.tflow()
            await tctx.cycle(rec, f)
            return f

    f = asyncio.run(cycle())
    assert f.response.status_code == 200 and f.response.content == b'{"ok":1}'
    assert f.metadata[META_OFFLINE]
    rec.error(f)  # a late error after the answer does not record the flow twice
    assert len(got) == 1 and got[0].offline and got[0].server_ip is None


def test_online_large_request_is_streamed_with_its_head_kept():
    rec = FlowRecorder(lambda r: None)
    with taddons.context(rec) as tctx:
        tctx.configure(rec, pimon_offline=False, pimon_max_body=4)
        f = tflow.tflow(req=tutils.treq(content=b"x" * 10))
        rec.requestheaders(f)
        capture = f.request.stream
        assert isinstance(capture, BodyCapture)
        assert capture(b"abcdef") == b"abcdef" and capture(b"gh") == b"gh"
        assert (bytes(capture.kept), capture.size) == (b"abcd", 8)
        spool = Path(capture.spool.close())
        assert spool.read_bytes() == b"abcdefgh" and capture.spool.offset == 0  # 4 - SPOOL_OVERLAP < 0
        spool.unlink()
        rec.request(f)
        assert f.response is None  # online: the server answers


def test_consumer_errors_are_contained(caplog):
    def boom(_):
        raise RuntimeError("consumer bug")

    rec = FlowRecorder(boom)
    rec.response(tflow.tflow(resp=True))
    assert "recording flow" in caplog.text
