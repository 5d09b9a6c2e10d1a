"""Who receives a flow: the SDK database's host table (``monitor.sdk``), nothing hand-written here.

The stack-based attribution of a connection (hooks on HttpURLConnection/OkHttp/sockets, issue 4 §3)
is not built yet: INTEGRATION POINT — when the agent reports the stack of the call that opened a
connection, prefer that caller over the host table in :func:`flow_caller`.
"""

from __future__ import annotations

from monitor.sdk import Sdk, SdkDatabase, load
from monitor.traffic.flow import FlowRecord


def sdk_for_host(host: str, db: SdkDatabase | None = None) -> Sdk | None:
    """The SDK whose domain is ``host`` or one of its parents, or None."""
    return (db or load()).match_host(host)


def flow_caller(record: FlowRecord, db: SdkDatabase | None = None) -> str | None:
    """``sdk:<id>`` (architecture §6) for a flow to a known SDK host, else None (unknown host)."""
    sdk = sdk_for_host(record.sni or record.host, db)
    return sdk.caller if sdk else None
