"""The proxy's output: one pure, immutable record per HTTP exchange (no mitmproxy types inside).

Headers are ``(name, value)`` pairs of ``str`` decoded as UTF-8 with ``backslashreplace``: lossless
enough to show and store anywhere (non-UTF-8 bytes become ``\\xNN``), and ASCII identifiers still
match. Bodies are ``bytes`` cut at the proxy's ``max_body``; ``*_body_size`` is the size on the
wire, so ``truncated`` is visible. Times are epoch milliseconds, like the agent's ``ts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Headers = tuple[tuple[str, str], ...]


def decode_header_bytes(raw: bytes) -> str:
    """Header bytes as text: UTF-8 where valid, ``\\xNN`` escapes elsewhere (never raises)."""
    return raw.decode("utf-8", errors="backslashreplace")


def header_get(headers: Headers, name: str) -> str | None:
    """The first header called ``name`` (case-insensitive), or None."""
    low = name.lower()
    for key, value in headers:
        if key.lower() == low:
            return value
    return None


@dataclass(frozen=True)
class FlowRecord:
    id: str
    method: str
    scheme: str  # "http" | "https"
    host: str  # the host the client asked for (CONNECT authority / absolute URL)
    port: int
    path: str  # path + query, as sent
    url: str
    http_version: str
    request_headers: Headers
    request_body: bytes
    request_body_size: int
    started_ms: int
    request_done_ms: int | None = None
    status_code: int | None = None
    response_headers: Headers = ()
    response_body: bytes = b""
    response_body_size: int = 0
    response_ms: int | None = None
    ended_ms: int | None = None
    tls: bool = False  # client <-> proxy leg was TLS (HTTPS through CONNECT)
    tls_version: str | None = None
    sni: str | None = None
    server_address: str = ""  # "host:port" the request was meant for
    server_ip: str | None = None  # peer actually connected to (None offline)
    client_address: str = ""
    offline: bool = False  # answered locally by pimon, never sent upstream
    error: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    # Which traffic source saw it: "proxy" (pimon's mitmproxy) or "in-process" (the agent's TLS taps:
    # monitor/traffic/inprocess.py). The sender: the stack of the code that wrote the request (or opened
    # its connection) — Frame objects, innermost first — its thread and process; ``tap`` names the TLS
    # library tapped (in-process).
    source: str = "proxy"
    process: str = ""
    stack: tuple = ()
    stack_kind: str = "java"
    thread: str = ""
    tap: str = ""
    # A request body larger than ``max_body``: the rest, as it streamed, in a temporary file (0600) starting at
    # byte ``request_spool_offset`` of the body; searched chunk by chunk (monitor/traffic/chunkscan.py), never stored.
    request_spool: str | None = None
    request_spool_offset: int = 0

    @property
    def cleartext(self) -> bool:
        return not self.tls and self.scheme == "http"

    @property
    def request_truncated(self) -> bool:
        return self.request_body_size > len(self.request_body)

    @property
    def response_truncated(self) -> bool:
        return self.response_body_size > len(self.response_body)

    def request_header(self, name: str) -> str | None:
        return header_get(self.request_headers, name)
