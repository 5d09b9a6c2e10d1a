"""The host's mirror of the agent's messages: typed, bounded, tolerant of the unknown and the malformed."""

from __future__ import annotations

from monitor.instrument.protocol import (
    AgentError,
    EventsBatch,
    Frame,
    MissingHook,
    ReadyInfo,
    Unknown,
    parse_message,
    parse_payload,
)

FRAMES = [["com.umeng.commonsdk.UMConfigure", "init", "UMConfigure.java", 42], ["java.lang.Thread", "run", None, -2]]


def event(**over):
    ev = {"seq": 1, "api": "a.B.m", "class": "a.B", "method": "m", "overload": "int", "category": "device-id",
          "pi": "imei", "sensitive": False, "args": ["0"], "ret": "x", "ts": 1764340000123, "thread": "main",
          "stack": [0, 1]}
    ev.update(over)
    return ev


def test_batch_resolves_the_frame_table_and_shares_frames():
    msg = parse_payload({"type": "events:add", "v": 1, "frames": FRAMES, "events": [event(), event(seq=2)]})
    assert isinstance(msg, EventsBatch) and msg.malformed == 0
    a, b = msg.events
    assert a.stack == (Frame("com.umeng.commonsdk.UMConfigure", "init", "UMConfigure.java", 42),
                       Frame("java.lang.Thread", "run", None, -2))
    assert a.stack[0] is b.stack[0]
    assert (a.class_name, a.args, a.ts, a.exception, a.stack_kind) == ("a.B", ("0",), 1764340000123, None, "java")


def test_malformed_events_are_counted_not_fatal():
    msg = parse_payload({"type": "events:add", "v": 1, "frames": FRAMES,
                         "events": [event(), {"seq": "x"}, event(stack=[7]), "junk", event(seq=3)]})
    assert [e.seq for e in msg.events] == [1, 3] and msg.malformed == 3


def test_values_are_bounded():
    msg = parse_payload({"type": "events:add", "v": 1, "frames": [],
                         "events": [event(args=["y" * 10_000], ret="z" * 600, stack=[])]})
    (ev,) = msg.events
    assert len(ev.args[0]) == 512 and len(ev.ret) == 512


def test_ready_missing_and_errors():
    ready = parse_payload({"type": "agent:ready", "v": 1, "hooks": 3, "runtime": "jvm",
                           "missing": [{"class": "a.B", "method": "m", "reason": "class not found"}]})
    assert ready == ReadyInfo(3, (MissingHook("a.B", "m", "class not found"),), "jvm")
    assert parse_payload({"type": "hook:missing", "v": 1, "class": "a", "method": "b", "reason": "r"}) == \
        MissingHook("a", "b", "r")
    assert parse_payload({"type": "agent:error", "v": 1, "message": "boom", "stack": "s"}) == AgentError("boom", "s")
    err = parse_message({"type": "error", "description": "ReferenceError: x", "stack": "at y"})
    assert err == AgentError("ReferenceError: x", "at y")


def test_unknown_types_versions_and_shapes_are_unknown():
    assert isinstance(parse_payload({"type": "future:thing", "v": 1}), Unknown)
    assert isinstance(parse_payload({"type": "events:add", "v": 2, "events": []}), Unknown)
    assert isinstance(parse_payload("text"), Unknown)
    assert isinstance(parse_payload({"v": 1}), Unknown)
    assert isinstance(parse_payload({"type": "agent:ready", "v": 1, "hooks": "many"}), Unknown)
    assert isinstance(parse_message({"type": "log", "payload": "x"}), Unknown)
