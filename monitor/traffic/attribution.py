"""Who sent a flow: the stack of the code that sent it first, the SDK database's host table only when no
stack is known (issue 20 gap 5) — and the flow says which (``attributed_by``: ``stack`` | ``host``).

A host says whose *server* it is, not whose *code* talked to it: a location SDK posting to a map vendor's
API host is the location SDK's flow. The stack comes from the in-process source (the TLS tap saw the
request being written, or ``connect`` saw its connection being opened; ``monitor/traffic/inprocess.py``).
Java stacks are attributed like calls (``monitor.rules.attribution.attribute``); native backtraces by
the SDK database's native-library table (``libBugly.so`` -> bugly).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.sdk import Sdk, SdkDatabase, load
from monitor.traffic.flow import FlowRecord

STACK, HOST = "stack", "host"


def sdk_for_host(host: str, db: SdkDatabase | None = None) -> Sdk | None:
    """The SDK whose domain is ``host`` or one of its parents, or None."""
    return (db or load()).match_host(host)


def flow_caller(record: FlowRecord, db: SdkDatabase | None = None) -> str | None:
    """``sdk:<id>`` (architecture §6) for a flow to a known SDK host, else None (unknown host)."""
    sdk = sdk_for_host(record.sni or record.host, db)
    return sdk.caller if sdk else None


def stack_caller(stack: Sequence[Any], stack_kind: str, package: str, db: SdkDatabase | None = None) -> str | None:
    """The sender by its stack: ``sdk:<id>`` / ``app`` / ``other:…``; None when the stack names nobody
    (empty, only framework frames, or a native backtrace through no SDK's library)."""
    if not stack:
        return None
    if stack_kind == "native":
        db = db or load()
        for f in stack:
            name = str(getattr(f, "class_name", None) or getattr(f, "cls", None) or
                       (f.get("class") if isinstance(f, dict) else "") or "")
            sdk = db.match_native_lib(name) if name else None
            if sdk is not None:
                return sdk.caller
        return None
    from monitor.rules.attribution import SYSTEM, attribute

    att = attribute(stack, package)
    return None if att.caller == SYSTEM or att.frame is None else att.caller


def attribute_flow(record: FlowRecord, package: str, db: SdkDatabase | None = None) -> tuple[str | None, str | None]:
    """``(caller, attributed_by)``: by the record's stack, else by its host, else ``(None, None)``."""
    caller = stack_caller(record.stack, record.stack_kind, package, db)
    if caller is not None:
        return caller, STACK
    caller = flow_caller(record, db)
    return (caller, HOST) if caller is not None else (None, None)
