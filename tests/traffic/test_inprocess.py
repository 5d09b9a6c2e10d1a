"""The in-process source's pure parts: reassembling tapped TLS plaintext into flows (HTTP/1.1 with
keep-alive and chunked bodies, HTTP/2, opaque protocols), hostile input, the join with the proxy's flows,
attribution by stack before host, the traffic plan and the interventions it reports."""

from __future__ import annotations

import h2.config
import h2.connection

from monitor.instrument.protocol import Frame, NetMessage, parse_message
from monitor.traffic.attribution import attribute_flow
from monitor.traffic.capture import destination_rows, interventions, merge_sources, traffic_plan
from monitor.traffic.flow import FlowRecord
from monitor.traffic.inprocess import InProcessTraffic
from monitor.traffic.matcher import Matcher

SDK_STACK = [{"class": "sun.security.ssl.SSLSocketImpl$AppOutputStream", "method": "write", "file": None, "line": -2},
             {"class": "com.baidu.location.LocationClient", "method": "start", "file": "LocationClient.java", "line": 40}]
APP_STACK = [{"class": "com.example.app.Api", "method": "post", "file": "Api.java", "line": 7}]


def _tls(conn: str, direction: str, data: bytes, ts: int, stack=None, **meta) -> NetMessage:
    payload = {"type": "net:tls", "v": 1, "ts": ts, "conn": conn, "dir": direction, "lib": "jdk",
               "local": "127.0.0.1:50000", "peer": "127.0.0.1:8443", "host": "api.map.baidu.com",
               "size": len(data), "stack": stack, "stack_kind": "java" if stack else None, "thread": "main", **meta}
    msg = parse_message({"type": "send", "payload": payload}, data)
    assert isinstance(msg, NetMessage)
    return msg


def test_http1_requests_on_one_connection_each_with_its_own_sender_and_time() -> None:
    t = InProcessTraffic()
    first = b'POST /a?x=1 HTTP/1.1\r\nHost: api.map.baidu.com\r\nContent-Length: 16\r\n\r\n{"cuid":"abc12"}'
    t.feed(_tls("c1", "out", first[:30], 100, SDK_STACK), "p")
    t.feed(_tls("c1", "out", first[30:], 101), "p")
    t.feed(_tls("c1", "in", b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 150), "p")
    second = (b"POST /b HTTP/1.1\r\nHost: other.example:8443\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
    t.feed(_tls("c1", "out", second, 200, APP_STACK), "p")
    t.feed(_tls("c1", "in", b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 250), "p")
    a, b = t.flows()
    assert (a.method, a.host, a.port, a.path, a.request_body, a.status_code, a.started_ms) == \
        ("POST", "api.map.baidu.com", 443, "/a?x=1", b'{"cuid":"abc12"}', 201, 100)
    assert a.stack[1] == Frame("com.baidu.location.LocationClient", "start", "LocationClient.java", 40)
    assert (b.host, b.port, b.path, b.request_body, b.status_code, b.started_ms) == \
        ("other.example", 8443, "/b", b"hello world", 404, 200)
    assert b.stack[0].class_name == "com.example.app.Api"
    assert a.source == b.source == "in-process" and a.server_ip == "127.0.0.1" and a.tls
    assert attribute_flow(a, "com.example.app")[0] == "sdk:baidu-location"
    assert attribute_flow(b, "com.example.app") == ("app", "stack")
    assert [m.location for m in Matcher({"android_id": "abc12"}).scan_flow(a)] == ["body:$.cuid"]


def test_http2_headers_are_decoded_and_the_body_scanned() -> None:
    client = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    client.initiate_connection()
    client.send_headers(1, [(":method", "POST"), (":path", "/v1/log"), (":scheme", "https"),
                            (":authority", "ulogs.umeng.com"), ("x-device", "imei-867530012345678")])
    client.send_data(1, b'{"imei":"867530012345678"}', end_stream=True)
    t = InProcessTraffic()
    t.feed(_tls("h", "out", client.data_to_send(), 10, SDK_STACK, alpn="h2"), "p")
    [f] = t.flows()
    assert (f.method, f.host, f.path, f.http_version) == ("POST", "ulogs.umeng.com", "/v1/log", "HTTP/2.0")
    locations = sorted(m.location for m in Matcher({"imei": "867530012345678"}).scan_flow(f))
    assert locations == ["body:$.imei", "header:x-device"]


def test_a_non_http_protocol_is_one_opaque_record_still_scanned() -> None:
    t = InProcessTraffic()
    t.feed(_tls("raw", "out", b"\x00\x01MQTT\x04imei=867530012345678", 5, SDK_STACK), "p")
    [f] = t.flows()
    assert (f.method, f.path, f.url) == ("-", "", "tls://api.map.baidu.com:8443")
    assert Matcher({"imei": "867530012345678"}).scan_flow(f)


def test_hostile_payloads_never_raise() -> None:
    t = InProcessTraffic()
    for bad in ({"type": "net:tls", "v": 1}, {"type": "net:tls", "v": 1, "ts": "x", "conn": None, "dir": 3},
                {"type": "net:connect", "v": 1, "port": "443", "stack": "nope"},
                {"type": "net:dns", "v": 1, "addresses": [1, None], "host": "\x00" * 5000}):
        msg = parse_message({"type": "send", "payload": bad}, b"\xff" * 10)
        t.feed(msg, "p")
    t.feed(_tls("junk", "out", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n" + b"\xff\xfe" * 1000, 1), "p")
    t.flows()
    t.destinations()


def test_flows_to_pimons_proxy_give_their_stack_to_the_proxys_record_instead_of_doubling() -> None:
    proxy = FlowRecord(id="p1", method="POST", scheme="https", host="alog.umeng.com", port=443, path="/g",
                       url="https://alog.umeng.com/g", http_version="HTTP/1.1", request_headers=(),
                       request_body=b"{}", request_body_size=2, started_ms=1000, client_address="127.0.0.1:5555")
    seen_inside = FlowRecord(id="ip1-0", method="POST", scheme="https", host="alog.umeng.com", port=443, path="/g",
                             url="", http_version="HTTP/1.1", request_headers=(), request_body=b"{}",
                             request_body_size=2, started_ms=998, server_address="127.0.0.1:8080",
                             source="in-process", stack=(Frame("com.growingio.android.sdk.GrowingIO", "start"),))
    direct = FlowRecord(id="ip2-0", method="GET", scheme="https", host="x.example", port=443, path="/",
                        url="", http_version="HTTP/1.1", request_headers=(), request_body=b"",
                        request_body_size=0, started_ms=1500, server_address="10.0.0.1:443", source="in-process")
    merged = merge_sources([proxy], [seen_inside, direct], [], ("127.0.0.1", 8080))
    assert [(f.id, f.source) for f in merged] == [("p1", "proxy"), ("ip2-0", "in-process")]
    assert attribute_flow(merged[0], "com.example.app") == ("sdk:growingio", "stack")
    # the proxy flow alone: the host decides, and says so
    assert attribute_flow(proxy, "com.example.app") == ("sdk:umeng", "host")


def test_a_proxy_flow_takes_the_stack_of_the_connect_that_opened_its_client_connection() -> None:
    t = InProcessTraffic()
    connect = {"type": "net:connect", "v": 1, "ts": 5, "transport": "tcp", "family": "inet", "ip": "127.0.0.1",
               "port": 8080, "local_ip": "127.0.0.1", "local_port": 5555, "result": 0, "blocked": None,
               "thread": "main", "stack": APP_STACK, "stack_kind": "java"}
    t.feed(parse_message({"type": "send", "payload": connect}), "p")
    silent = dict(connect, port=9999, local_port=6666, ip="10.1.2.3")
    t.feed(parse_message({"type": "send", "payload": silent}), "p")
    proxy = FlowRecord(id="p1", method="POST", scheme="http", host="stats.jiguang.cn", port=80, path="/",
                       url="", http_version="HTTP/1.1", request_headers=(), request_body=b"", request_body_size=0,
                       started_ms=10, client_address="127.0.0.1:5555")
    [f] = merge_sources([proxy], [], t.destinations(), ("127.0.0.1", 8080))
    assert attribute_flow(f, "com.example.app") == ("app", "stack")
    rows = destination_rows(t.destinations(), [f], "com.example.app")
    assert [(d.ip, caller, by, n) for d, caller, by, n in rows] == [("127.0.0.1", "app", "stack", 1),
                                                                    ("10.1.2.3", "app", "stack", 0)]


def test_a_connected_ip_is_named_by_the_lookup_that_returned_it() -> None:
    t = InProcessTraffic()
    dns = {"type": "net:dns", "v": 1, "ts": 1, "host": "api.map.baidu.com", "addresses": ["10.9.8.7"],
           "api": "getaddrinfo", "stack": SDK_STACK}
    t.feed(parse_message({"type": "send", "payload": dns}), "p")
    conn = {"type": "net:connect", "v": 1, "ts": 2, "transport": "tcp", "ip": "10.9.8.7", "port": 443,
            "local_ip": "10.0.0.2", "local_port": 4000, "stack": []}
    t.feed(parse_message({"type": "send", "payload": conn}), "p")
    d = next(x for x in t.destinations() if x.kind == "connect")
    assert d.host == "api.map.baidu.com"
    [(_, caller, by, _)] = destination_rows([d], [], "com.example.app")
    assert (caller, by) == ("sdk:baidu-map", "host")  # no stack: the host's owner, said so


class _Device:
    def __init__(self, kind: str, port: int | None = None) -> None:
        self.kind = kind
        if port is not None:
            self.proxy_port = port


def test_traffic_plan_defaults_per_device() -> None:
    emu = traffic_plan(_Device("emulator"))
    assert (emu.capture, emu.offline, emu.block_quic, emu.listen_port, emu.unpin) == (True, True, True, 0, False)
    phone = traffic_plan(_Device("android"))
    assert (phone.offline, phone.listen_port) == (False, 8080)  # the port pimon setup pointed the device at
    assert traffic_plan(_Device("android", 8899)).proxy_config().listen_port == 8899
    assert traffic_plan(_Device("android"), offline=True).proxy_config().offline is True
    off = traffic_plan(_Device("android"), traffic=False, unpin=True)
    assert off.agent_options() == {"net": False, "tls": False, "unpin": True, "blockQuic": False}


def test_interventions_say_what_pimon_changed() -> None:
    plan = traffic_plan(_Device("emulator"), unpin=True)
    status = {"p": {"quic_blocked": True, "unpin": {"installed": ["javax.net.ssl.SSLContext.init"], "absent": []}}}
    unpinned = [{"ts": 5, "what": "javax.net.ssl.SSLContext.init", "host": None, "replaced": ["x.Pin"],
                 "process": "p", "stack": [Frame("com.growingio.android.sdk.GrowingIO", "start")]}]
    items = {i["kind"]: i for i in interventions(plan, status, unpinned, [], "com.example.app")}
    assert set(items) == {"offline", "unpin", "block-quic"}
    assert items["unpin"]["pins_removed"][0]["caller"] == "sdk:growingio"
    assert items["block-quic"]["active"] is True
    assert interventions(traffic_plan(_Device("android"), block_quic=False), {}, [], [], "x") == []
