"""The in-process traffic source: what the agent saw inside the app (``net:*`` messages), as flows.

The second source beside the proxy (DESIGN: "Traffic has two sources feeding one matcher and one flow
table"). The agent taps the plaintext of TLS connections at the TLS library (JDK/Conscrypt streams,
libssl ``SSL_write``/``SSL_read``), with the stack of the code that wrote each request, and records
every destination (``connect``, name lookups) even when nothing readable went over it.

    traffic = InProcessTraffic()
    session = InstrumentationSession(..., on_net=traffic.sink("com.example.app"))   # per process
    ...
    traffic.flows()          # -> list[FlowRecord], source "in-process", one per HTTP request written
    traffic.destinations()   # -> list[Destination]: connects (with the host a lookup gave), lookups
    traffic.status           # what the agent could tap, per process; traffic.unpinned: pins removed

Bytes are reassembled per connection and parsed with h11 (HTTP/1.x) or h2 (HTTP/2, by its preface);
anything else is one opaque record whose body is the plaintext, so the value matcher still scans it.
All of it is pure data handling: :meth:`feed` only appends (it runs on Frida's thread).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from monitor.instrument.protocol import Frame, NetMessage
from monitor.traffic.flow import FlowRecord, decode_header_bytes

MAX_CONN_BYTES = 4 << 20  # per connection and direction, on top of the agent's own caps
MAX_DESTINATIONS = 20_000
H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
_STATUS = re.compile(rb"(?:^|\r\n)HTTP/1\.[01] (\d{3})[^\r\n]*\r\n")


@dataclass(frozen=True)
class Destination:
    """A place the app reached (``kind`` ``connect``) or looked up (``dns``), with its sender."""

    ts: int
    kind: str  # "connect" | "dns"
    host: str | None  # the name looked up / the name the connected IP was looked up as
    ip: str | None
    port: int | None
    transport: str  # "tcp" | "udp" | "" (dns)
    process: str
    local: str | None = None
    result: int | None = None  # connect's return (0, or -1 with EINPROGRESS for a non-blocking connect)
    blocked: str | None = None  # "quic": pimon refused it (UDP 443)
    addresses: tuple[str, ...] = ()
    api: str = ""
    thread: str = ""
    stack: tuple[Frame, ...] = ()
    stack_kind: str = "java"


@dataclass
class _Conn:
    id: str
    process: str
    num: int = 0
    lib: str = ""
    local: str | None = None
    peer: str | None = None
    host: str | None = None
    alpn: str | None = None
    out: bytearray = field(default_factory=bytearray)
    inb: bytearray = field(default_factory=bytearray)
    out_size: int = 0
    # (offset in out, ts, stack, thread, stack_kind): where each request's first bytes were written
    marks: list[tuple[int, int, tuple[Frame, ...], str, str]] = field(default_factory=list)
    chunk_ts: list[tuple[int, int]] = field(default_factory=list)  # (offset, ts) of every outgoing chunk
    first_ts: int = 0
    last_ts: int = 0


def _split_addr(addr: str | None) -> tuple[str | None, int | None]:
    if not addr:
        return None, None
    host, _, port = addr.rpartition(":")
    host = host.strip("[]")
    try:
        return host or None, int(port)
    except ValueError:
        return addr, None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _str(v: Any, limit: int = 1024) -> str | None:
    return None if v is None else str(v)[:limit]


class InProcessTraffic:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conns: dict[str, _Conn] = {}
        self._destinations: list[Destination] = []
        self.status: dict[str, dict[str, Any]] = {}
        self.unpinned: list[dict[str, Any]] = []

    def sink(self, process: str) -> Callable[[NetMessage], None]:
        """The ``on_net`` callback of one instrumented process."""
        return lambda msg: self.feed(msg, process)

    # -- Frida's thread ------------------------------------------------------------------------
    def feed(self, msg: NetMessage, process: str = "") -> None:
        p = msg.payload
        with self._lock:
            if msg.type == "net:tls":
                self._tls(msg, p, process)
            elif msg.type in ("net:connect", "net:dns") and len(self._destinations) < MAX_DESTINATIONS:
                self._destinations.append(_destination(msg, p, process))
            elif msg.type == "net:status":
                # the status at init, then updates (late unpinning hooks on ART): merged
                self.status.setdefault(process, {}).update({k: v for k, v in p.items() if k not in ("type", "v", "late")})
            elif msg.type == "net:tap":
                st = self.status.setdefault(process, {})
                st["tls"] = [*st.get("tls", []), *[str(t) for t in p.get("tls") or []]]
            elif msg.type == "net:unpinned" and len(self.unpinned) < 1000:
                self.unpinned.append({"ts": _int(p.get("ts")) or 0, "what": _str(p.get("what"), 300), "process": process,
                                      "host": _str(p.get("host"), 255),
                                      "replaced": [str(x)[:300] for x in (p.get("replaced") or [])][:8],
                                      "stack": list(msg.stack), "thread": _str(p.get("thread"), 256) or ""})

    def _tls(self, msg: NetMessage, p: dict[str, Any], process: str) -> None:
        cid = f"{process}/{_str(p.get('conn'), 200)}"
        c = self._conns.get(cid)
        ts = _int(p.get("ts")) or 0
        if c is None:
            c = self._conns[cid] = _Conn(cid, process, len(self._conns) + 1, lib=_str(p.get("lib"), 100) or "", local=_str(p.get("local"), 100),
                                         peer=_str(p.get("peer"), 100), host=_str(p.get("host"), 255),
                                         alpn=_str(p.get("alpn"), 32), first_ts=ts)
        c.last_ts = max(c.last_ts, ts)
        data = msg.data or b""
        if p.get("dir") == "out":
            if msg.stack or p.get("stack") is not None:
                c.marks.append((len(c.out), ts, msg.stack, _str(p.get("thread"), 256) or "",
                                _str(p.get("stack_kind"), 16) or "java"))
            c.chunk_ts.append((len(c.out), ts))
            c.out_size += _int(p.get("size")) or len(data)
            c.out += data[: max(0, MAX_CONN_BYTES - len(c.out))]
        else:
            c.inb += data[: max(0, MAX_CONN_BYTES - len(c.inb))]

    # -- results -------------------------------------------------------------------------------
    def destinations(self) -> list[Destination]:
        """Every destination, a connected IP named by the last lookup that returned it."""
        with self._lock:
            items = list(self._destinations)
        names: dict[tuple[str, str], str] = {}
        out: list[Destination] = []
        for d in sorted(items, key=lambda d: d.ts):
            if d.kind == "dns" and d.host:
                for a in d.addresses:
                    names[(d.process, a)] = d.host
            if d.kind == "connect" and d.host is None and d.ip is not None:
                host = names.get((d.process, d.ip))
                if host is not None:
                    d = _replace(d, host=host)
            out.append(d)
        return out

    def flows(self) -> list[FlowRecord]:
        """One record per request written on a tapped TLS connection (source ``in-process``)."""
        with self._lock:
            conns = [(c, bytes(c.out), bytes(c.inb)) for c in self._conns.values()]
        out: list[FlowRecord] = []
        for c, raw_out, raw_in in conns:
            if raw_out:
                out.extend(conn_records(c, raw_out, raw_in))
        return sorted(out, key=lambda r: (r.started_ms, r.id))


def _replace(d: Destination, **kw: Any) -> Destination:
    from dataclasses import replace

    return replace(d, **kw)


def _destination(msg: NetMessage, p: dict[str, Any], process: str) -> Destination:
    common = {"ts": _int(p.get("ts")) or 0, "process": process, "thread": _str(p.get("thread"), 256) or "",
              "stack": msg.stack, "stack_kind": _str(p.get("stack_kind"), 16) or "java"}
    if msg.type == "net:dns":
        addrs = tuple(str(a)[:64] for a in (p.get("addresses") or [])[:16])
        return Destination(kind="dns", host=_str(p.get("host"), 255), ip=addrs[0] if addrs else None, port=None,
                           transport="", addresses=addrs, api=_str(p.get("api"), 200) or "", **common)
    lip, lport = _str(p.get("local_ip"), 64), _int(p.get("local_port"))
    local = None if lip is None or lport is None else (f"[{lip}]:{lport}" if ":" in lip else f"{lip}:{lport}")
    return Destination(kind="connect", host=None, ip=_str(p.get("ip"), 64), port=_int(p.get("port")),
                       transport=_str(p.get("transport"), 8) or "", local=local, result=_int(p.get("result")),
                       blocked=_str(p.get("blocked"), 16), api="connect", **common)


# -- parsing one connection ------------------------------------------------------------------------

@dataclass
class _Req:
    offset: int  # where its first byte was in the outgoing stream
    method: str
    target: str
    version: str
    headers: tuple[tuple[str, str], ...]
    body: bytearray = field(default_factory=bytearray)
    body_size: int = 0


def _h1_requests(raw: bytes, chunk_offsets: list[int]) -> list[_Req] | None:
    """HTTP/1.x requests in the outgoing bytes (h11 as the server side); None if it is not HTTP/1."""
    import h11

    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=256 * 1024)
    reqs: list[_Req] = []
    bounds = sorted({0, *chunk_offsets, len(raw)})
    pos = 0
    start = 0  # where the request being parsed began (the end of the previous one)
    for end in bounds[1:]:
        conn.receive_data(raw[pos:end])
        pos = end
        while True:
            try:
                ev = conn.next_event()
            except h11.RemoteProtocolError:
                return reqs or None
            if ev is h11.NEED_DATA or ev is h11.PAUSED:
                break
            if isinstance(ev, h11.Request):
                reqs.append(_Req(start, ev.method.decode("ascii", "replace"), decode_header_bytes(ev.target),
                                 ev.http_version.decode("ascii", "replace"),
                                 tuple((decode_header_bytes(k), decode_header_bytes(v)) for k, v in ev.headers.raw_items())))
            elif isinstance(ev, h11.Data) and reqs:
                reqs[-1].body += ev.data
                reqs[-1].body_size += len(ev.data)
            elif isinstance(ev, h11.EndOfMessage):
                start = pos - len(conn.trailing_data[0])  # bytes h11 holds are the next request's
                # a client pipelines or reuses the connection: pretend we answered so h11 goes on
                try:
                    conn.send(h11.Response(status_code=200, headers=[("content-length", "0")]))
                    conn.send(h11.EndOfMessage())
                    conn.start_next_cycle()
                except h11.LocalProtocolError:
                    return reqs
            elif isinstance(ev, h11.ConnectionClosed):
                return reqs
        if pos == len(raw):
            break
    if not reqs and raw and not raw[:16].split(b" ")[0].isalpha():
        return None
    return reqs or None


def _h2_requests(raw: bytes) -> list[_Req] | None:
    """HTTP/2 requests (after the client preface), headers decoded with HPACK; None if unparsable."""
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions

    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, validate_inbound_headers=False,
                                                                 normalize_inbound_headers=False))
    conn.initiate_connection()
    try:
        events = conn.receive_data(raw)
    except h2.exceptions.ProtocolError:
        return None
    streams: dict[int, _Req] = {}
    for ev in events:
        if isinstance(ev, h2.events.RequestReceived):
            hdrs = [(decode_header_bytes(k if isinstance(k, bytes) else k.encode()),
                     decode_header_bytes(v if isinstance(v, bytes) else v.encode())) for k, v in ev.headers]
            pseudo = {k: v for k, v in hdrs if k.startswith(":")}
            rest = tuple((k, v) for k, v in hdrs if not k.startswith(":"))
            if ":authority" in pseudo:
                rest = (("Host", pseudo[":authority"]), *rest)
            streams[ev.stream_id] = _Req(0, pseudo.get(":method", "GET"), pseudo.get(":path", "/"), "HTTP/2.0", rest)
        elif isinstance(ev, h2.events.DataReceived) and ev.stream_id in streams:
            streams[ev.stream_id].body += ev.data
            streams[ev.stream_id].body_size += len(ev.data)
    return list(streams.values()) or None


def _statuses(raw_in: bytes) -> list[int]:
    return [int(m.group(1)) for m in _STATUS.finditer(raw_in[: 1 << 20])]


def _mark_for(c: _Conn, offset: int) -> tuple[int, tuple[Frame, ...], str, str]:
    """ts, stack, thread, stack kind of the request starting at ``offset`` (the last mark at or before it)."""
    best = None
    for m in c.marks:
        if m[0] <= offset:
            best = m
        else:
            break
    ts = next((t for o, t in reversed(c.chunk_ts) if o <= offset), c.first_ts)
    if best is None:
        return ts, (), "", "java"
    return ts, best[2], best[3], best[4]


def conn_records(c: _Conn, raw_out: bytes, raw_in: bytes) -> list[FlowRecord]:
    """The flow records of one tapped connection."""
    peer_host, peer_port = _split_addr(c.peer)
    if raw_out.startswith(H2_PREFACE) or c.alpn == "h2":
        reqs = _h2_requests(raw_out)
        version = "HTTP/2.0"
    else:
        reqs = _h1_requests(raw_out, [o for o, _ in c.chunk_ts])
        version = ""
    statuses = _statuses(raw_in) if version != "HTTP/2.0" else []
    records: list[FlowRecord] = []
    if not reqs:  # not HTTP: the whole plaintext as one opaque record, so values are still found
        ts, stack, thread, kind = _mark_for(c, 0)
        host = c.host or peer_host or ""
        records.append(_record(c, f"ip{c.num}-0", "-", host, peer_port or 443, "", "", bytes(raw_out), c.out_size,
                               ts, None, stack, thread, kind, ()))
        return records
    for i, r in enumerate(reqs):
        ts, stack, thread, kind = _mark_for(c, r.offset)
        host_hdr = next((v for k, v in r.headers if k.lower() == "host"), None)
        host, port = _host_port(host_hdr) if host_hdr else ((c.host or peer_host or ""), (peer_port or 443))
        records.append(_record(c, f"ip{c.num}-{i}", r.method, host, port, r.target, r.version or version,
                               bytes(r.body), r.body_size, ts, statuses[i] if i < len(statuses) else None,
                               stack, thread, kind, r.headers))
    return records


def _host_port(value: str) -> tuple[str, int]:
    """``host[:port]`` of a Host header (``[v6]:port`` too); port 443 when absent (these are TLS)."""
    m = re.fullmatch(r"\[?([^\[\]]*?)\]?(?::(\d{1,5}))?", value.strip())
    if m is None:
        return value.strip(), 443
    return m.group(1), int(m.group(2)) if m.group(2) else 443


def _record(c: _Conn, rid: str, method: str, host: str, port: int, target: str, version: str, body: bytes,
            body_size: int, ts: int, status: int | None, stack: tuple[Frame, ...], thread: str, stack_kind: str,
            headers: tuple[tuple[str, str], ...]) -> FlowRecord:
    host_part = f"[{host}]" if ":" in host else host
    url = f"https://{host_part}{'' if port == 443 else f':{port}'}{target}" if target else f"tls://{host_part}:{port}"
    peer_ip, _ = _split_addr(c.peer)
    return FlowRecord(
        id=rid, method=method[:16], scheme="https", host=host, port=port, path=target, url=url,
        http_version=version, request_headers=headers, request_body=body, request_body_size=body_size,
        started_ms=ts, status_code=status, tls=True, sni=c.host, server_address=c.peer or "", server_ip=peer_ip,
        client_address=c.local or "", offline=False, source="in-process", process=c.process, stack=stack,
        stack_kind=stack_kind, thread=thread, tap=c.lib,
    )
