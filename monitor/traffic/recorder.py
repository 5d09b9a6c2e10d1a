"""mitmproxy addon that turns every HTTP exchange into a :class:`FlowRecord` and, offline, answers it.

mitmproxy style: a plain class whose method names are the hooks, options declared in ``load`` and
validated in ``configure``; the conversion is the pure function :func:`record_from_flow`.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from typing import Any

from mitmproxy import ctx, exceptions, http

from monitor.traffic.flow import FlowRecord, Headers, decode_header_bytes
from monitor.traffic.proxyconf import DEFAULT_MAX_BODY, OFFLINE_BODY

log = logging.getLogger(__name__)

META_OFFLINE = "pimon.offline"
META_RECORDED = "pimon.recorded"
META_REQ_CAPTURE = "pimon.request_capture"
META_RESP_CAPTURE = "pimon.response_capture"



#: Bytes of the stored part repeated at the start of the spool, so a value straddling the cut is found.
SPOOL_OVERLAP = 4096
#: Bytes of a request body spooled beyond the stored part (searched, then deleted); the rest is not searched.
MAX_SPOOL = 256 << 20


class BodySpool:
    """A request body beyond its stored part, from byte ``offset`` of the body, in a temporary file (0600) that
    the traffic analysis searches chunk by chunk and deletes (``monitor/traffic/chunkscan.py``)."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.path: str | None = None
        self.written = 0
        self._fh: Any = None

    def write(self, data: bytes) -> None:
        room = MAX_SPOOL - self.written
        if room <= 0 or not data:
            return
        if self._fh is None:
            fd, self.path = tempfile.mkstemp(prefix="pimon-body-", suffix=".bin")
            self._fh = os.fdopen(fd, "wb")
        self._fh.write(data[:room])
        self.written += min(len(data), room)

    def close(self) -> str | None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return self.path


def spool_offset(limit: int) -> int:
    return max(limit - SPOOL_OVERLAP, 0)


class BodyCapture:
    """A ``stream`` callable for mitmproxy: passes chunks on unchanged, keeps the first ``limit`` bytes and, with
    ``spool``, writes what follows (from ``limit - SPOOL_OVERLAP``) to a :class:`BodySpool`."""

    def __init__(self, limit: int, spool: bool = False) -> None:
        self.limit = limit
        self.size = 0
        self.kept = bytearray()
        self.spool = BodySpool(spool_offset(limit)) if spool else None

    def __call__(self, chunk: bytes) -> bytes:
        pos = self.size
        self.size += len(chunk)
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]
        if self.spool is not None and self.size > self.spool.offset:
            self.spool.write(chunk[max(self.spool.offset - pos, 0):])
        return chunk


def _ms(ts: float | None) -> int | None:
    return None if ts is None else int(ts * 1000)


def headers_of(message: http.Message) -> Headers:
    return tuple((decode_header_bytes(k), decode_header_bytes(v)) for k, v in message.headers.fields)


def _body(message: http.Message | None, capture: BodyCapture | None, max_body: int) -> tuple[bytes, int]:
    if capture is not None:
        return bytes(capture.kept), capture.size
    if message is None or message.raw_content is None:
        return b"", 0
    raw = message.raw_content
    return raw[:max_body], len(raw)


def _request_spool(message: http.Message, capture: BodyCapture | None, max_body: int) -> tuple[str | None, int]:
    """The spool of a request body larger than ``max_body``: the streamed one's, else the buffered body's tail."""
    if capture is not None:
        return (capture.spool.close(), capture.spool.offset) if capture.spool is not None else (None, 0)
    raw = message.raw_content
    if raw is None or len(raw) <= max_body:
        return None, 0
    spool = BodySpool(spool_offset(max_body))
    view = memoryview(raw)
    for i in range(spool.offset, len(raw), 1 << 20):
        spool.write(bytes(view[i:i + (1 << 20)]))
    return spool.close(), spool.offset


def _addr(address: tuple | None) -> str | None:
    if not address:
        return None
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


def record_from_flow(flow: http.HTTPFlow, *, max_body: int = DEFAULT_MAX_BODY) -> FlowRecord:
    """A pure snapshot of ``flow``: bodies cut at ``max_body`` bytes, sizes kept."""
    req, resp = flow.request, flow.response
    req_body, req_size = _body(req, flow.metadata.get(META_REQ_CAPTURE), max_body)
    spool, spool_at = _request_spool(req, flow.metadata.get(META_REQ_CAPTURE), max_body)
    resp_body, resp_size = _body(resp, flow.metadata.get(META_RESP_CAPTURE), max_body)
    client, server = flow.client_conn, flow.server_conn
    offline = bool(flow.metadata.get(META_OFFLINE))
    return FlowRecord(
        id=flow.id,
        method=req.method,
        scheme=req.scheme,
        host=req.host,
        port=req.port,
        path=req.path,
        url=req.url,
        http_version=req.http_version,
        request_headers=headers_of(req),
        request_body=req_body,
        request_body_size=req_size,
        started_ms=_ms(req.timestamp_start) or 0,
        request_done_ms=_ms(req.timestamp_end),
        status_code=resp.status_code if resp else None,
        response_headers=headers_of(resp) if resp else (),
        response_body=resp_body,
        response_body_size=resp_size,
        response_ms=_ms(resp.timestamp_start) if resp else None,
        ended_ms=_ms(resp.timestamp_end) if resp else None,
        tls=bool(client.tls_established),
        tls_version=client.tls_version,
        sni=client.sni,
        server_address=_addr((req.host, req.port)) or "",
        server_ip=None if offline else _addr(server.peername),
        client_address=_addr(client.peername) or "",
        offline=offline,
        error=flow.error.msg if flow.error else None,
        request_spool=spool,
        request_spool_offset=spool_at,
    )


def offline_response(body: str = OFFLINE_BODY) -> http.Response:
    """What pimon answers in offline mode: 200, a small JSON body, marked as pimon's."""
    return http.Response.make(
        200, body.encode(), {"Content-Type": "application/json", "X-Pimon-Offline": "1"}
    )


def _content_length(message: http.Message) -> int | None:
    try:
        return int(message.headers.get("content-length", ""))
    except ValueError:
        return None


class FlowRecorder:
    """Delivers a FlowRecord for each finished (or failed) HTTP flow to ``on_flow``.

    ``on_flow`` runs on the proxy's thread; an exception in it is logged, never raised into the proxy.
    """

    def __init__(self, on_flow: Callable[[FlowRecord], None]) -> None:
        self.on_flow = on_flow
        self.max_body = DEFAULT_MAX_BODY
        self.offline = True
        self.offline_body = OFFLINE_BODY

    def load(self, loader) -> None:
        loader.add_option("pimon_offline", bool, True, "Answer every request locally (no upstream).")
        loader.add_option(
            "pimon_max_body", int, DEFAULT_MAX_BODY, "Bytes of each request/response body to record."
        )
        loader.add_option("pimon_offline_body", str, OFFLINE_BODY, "Body of the offline answer.")

    def configure(self, updated: set[str]) -> None:
        if "pimon_max_body" in updated:
            if ctx.options.pimon_max_body < 0:
                raise exceptions.OptionsError(f"pimon_max_body must be >= 0, not {ctx.options.pimon_max_body}")
            self.max_body = ctx.options.pimon_max_body
        if "pimon_offline" in updated:
            self.offline = ctx.options.pimon_offline
        if "pimon_offline_body" in updated:
            self.offline_body = ctx.options.pimon_offline_body

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # Online, large bodies stream upstream; keep only their head. Offline they are buffered
        # (there is no server to stream to) and cut when recorded.
        size = _content_length(flow.request)
        if not self.offline and size is not None and size > self.max_body:
            capture = BodyCapture(self.max_body, spool=True)
            flow.metadata[META_REQ_CAPTURE] = capture
            flow.request.stream = capture

    def request(self, flow: http.HTTPFlow) -> None:
        if self.offline and flow.response is None:
            flow.metadata[META_OFFLINE] = True
            flow.response = offline_response(self.offline_body)

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        size = _content_length(flow.response) if flow.response else None
        if size is not None and size > self.max_body and not flow.metadata.get(META_OFFLINE):
            capture = BodyCapture(self.max_body)
            flow.metadata[META_RESP_CAPTURE] = capture
            flow.response.stream = capture

    def response(self, flow: http.HTTPFlow) -> None:
        self._deliver(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._deliver(flow)

    def _deliver(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get(META_RECORDED):
            return
        flow.metadata[META_RECORDED] = True
        try:
            self.on_flow(record_from_flow(flow, max_body=self.max_body))
        except Exception:  # the app's traffic must never break on our side
            log.exception("pimon: recording flow %s failed", flow.id)
