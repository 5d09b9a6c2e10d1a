"""The agent's pure functions (frame parsing, filters, value formatting, batch encoding), run in a
real Frida runtime through hooks/test/units.ts loaded into a small idle process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import frida
import pytest

from monitor.instrument import build_agent


@pytest.fixture(scope="module")
def units_posted() -> Iterator[tuple[object, list[dict]]]:
    """The units' exports, and the messages the script posts (the agent's queue sends its batches)."""
    bundle = frida.Compiler().build("test/units.ts", project_root=str(build_agent.HOOKS))
    # an idle process that says when it is fully up (attaching mid-exec can fail)
    idle = subprocess.Popen([sys.executable, "-c", "import sys; print('ready', flush=True); sys.stdin.read()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert idle.stdout is not None and idle.stdout.readline().strip() == "ready"
    session = frida.get_local_device().attach(idle.pid)
    script = session.create_script(bundle)
    posted: list[dict] = []
    script.on("message", lambda message, data: posted.append(message.get("payload", message)))
    script.load()
    yield script.exports_sync, posted
    session.detach()
    idle.kill()
    idle.wait()


@pytest.fixture(scope="module")
def units(units_posted) -> object:
    return units_posted[0]


@pytest.mark.parametrize("text,expected", [
    ("com.umeng.commonsdk.UMConfigure.init(UMConfigure.java:42)",
     {"class": "com.umeng.commonsdk.UMConfigure", "method": "init", "file": "UMConfigure.java", "line": 42}),
    ("java.base/java.lang.Thread.getStackTrace(Thread.java:1610)",
     {"class": "java.lang.Thread", "method": "getStackTrace", "file": "Thread.java", "line": 1610}),
    ("app//com.example.app.Main.run(Main.java:7)",
     {"class": "com.example.app.Main", "method": "run", "file": "Main.java", "line": 7}),
    ("loader/mod@1.0/a.B$C.<init>(B.java:3)", {"class": "a.B$C", "method": "<init>", "file": "B.java", "line": 3}),
    ("android.telephony.TelephonyManager.getDeviceId(Native Method)",
     {"class": "android.telephony.TelephonyManager", "method": "getDeviceId", "file": None, "line": -2}),
    ("com.example.app.Main$$Lambda$3/0x0000000800c03000.run(Unknown Source)",
     {"class": "com.example.app.Main$$Lambda$3/0x0000000800c03000", "method": "run", "file": None, "line": None}),
    ("java.base/java.lang.invoke.LambdaForm$DMH/0x0000000800c04400.invokeStatic(LambdaForm$DMH)",
     {"class": "java.lang.invoke.LambdaForm$DMH/0x0000000800c04400", "method": "invokeStatic",
      "file": "LambdaForm$DMH", "line": None}),
    ("a.B.m(B.kt)", {"class": "a.B", "method": "m", "file": "B.kt", "line": None}),
])
def test_parse_frame(units, text, expected):
    assert units.parse_frame(text) == expected


@pytest.mark.parametrize("cls,expected", [
    # JVMTI's signature of a hidden class (JDK 17: numbered; JDK 21: not), and Throwable's form of the same
    ("com.example.app.Main$$Lambda$14.0x0000000800c0b448", "com.example.app.Main$$Lambda"),
    ("com.example.app.Main$$Lambda.0x0000000800c0b448", "com.example.app.Main$$Lambda"),
    ("com.umeng.X$Inner$$Lambda$3/0x0000000800c03000", "com.umeng.X$Inner$$Lambda"),
    # the JDK's own invoke machinery stays hidden; ordinary and half-shaped names are no proxies
    ("java.lang.invoke.Invokers$Holder$$Lambda$1.0x0000000800c00000", None),
    ("java.lang.invoke.LambdaForm$DMH.0x0000000800c04400", None),
    ("com.example.app.Main", None),
    ("com.example.app.Main$$Lambda$14", None),
    ("com.example.app.Main$$Lambda$14.0xZZ", None),
])
def test_lambda_proxy_frames_are_kept_under_the_class_that_made_them(units, cls, expected):
    """A method-reference task (handler.post(tm::getSimOperator)) has no other app frame on HotSpot: the proxy's
    hidden frame is kept, renamed to its enclosing class, its load-order numbering dropped (issue 20 gap 6)."""
    assert units.lambda_proxy(cls) == expected


def test_frames_from_text_drop_agent_and_hooked_frames(units):
    text = ("[java.base/java.lang.Thread.getStackTrace(Thread.java:1610), "
            "android.telephony.TelephonyManager.getDeviceId(Native Method), "
            "android.telephony.TelephonyManager.getDeviceId(Native Method), "
            "com.umeng.X.a(X.java:1), com.umeng.X.a(X.java:1), app//com.example.Main.main(Main.java:9)]")
    frames = units.frames_from_text(text, "android.telephony.TelephonyManager", "getDeviceId", 32)
    assert [(f["class"], f["line"]) for f in frames] == [("com.umeng.X", 1), ("com.example.Main", 9)]
    deep = "[" + ", ".join(f"a.B.m{i}(B.java:{i})" for i in range(100)) + "]"
    frames = units.frames_from_text(deep, None, None, 32)
    assert len(frames) == 32 and frames[0]["method"] == "m0"
    assert units.frames_from_text("[]", None, None, 32) == []


@pytest.mark.parametrize("flt,args,hit", [
    (None, [], True),
    ({"arg": 1, "equals": ["android_id"]}, ["cr", "android_id"], True),
    ({"arg": 1, "equals": ["android_id"]}, ["cr", "android_id2"], False),
    ({"arg": 1, "equals": ["android_id"]}, ["cr"], False),
    ({"arg": 0, "authority": ["com.android.contacts"]}, ["content://com.android.contacts/data/1"], True),
    ({"arg": 0, "authority": ["com.android.contacts"]}, ["content://user@com.android.contacts?x"], True),
    ({"arg": 0, "authority": ["sms"]}, ["content://smsx/inbox"], False),
    ({"arg": 0, "authority": ["sms"]}, ["not a uri sms"], False),
    ({"arg": 0, "glob": ["/sys/class/net/*/address"]}, ["/sys/class/net/wlan0/address"], True),
    ({"arg": 0, "glob": ["/proc/net/arp"]}, ["/proc/net/arp2"], False),
    ({"arg": 0, "glob": ["*getprop*"]}, ["sh -c getprop ro.serialno"], True),
    ({"arg": 0, "prefix": ["ro."]}, ["ro.serialno"], True),
    ({"arg": 0, "contains": ["pm list packages"]}, ["sh pm list packages -f"], True),
])
def test_filters(units, flt, args, hit):
    assert units.filter_matches(flt, args) is hit


def test_type_names_and_values(units):
    assert units.type_name("[Ljava.lang.String;") == "java.lang.String[]"
    assert units.type_name("[B") == "byte[]" and units.type_name("[[I") == "int[][]"
    assert units.type_name("int") == "int"
    assert units.stringify("x" * 600, "java.lang.String", 512) == "x" * 512
    assert units.stringify(None, "java.lang.Object", 512) == "null"
    assert units.stringify(7, "int", 512) == "7" and units.stringify(True, "boolean", 512) == "true"
    assert units.stringify([1, 255, 16], "byte[]", 512) == "01ff10"
    assert units.stringify(list(range(400)), "byte[]", 512) == "".join(f"{i & 255:02x}" for i in range(256))
    assert units.stringify(["a", "b"], "java.lang.String[]", 512) == '["a","b"]'


def test_encode_shares_frames_within_a_batch(units):
    f1 = {"class": "a.B", "method": "m", "file": "B.java", "line": 1}
    ev = {"seq": 1, "api": "x.Y.z", "stack": [f1, f1]}
    out = units.encode([ev, {**ev, "seq": 2}])
    # over RPC the frames are copies, so they are not shared here; each distinct object gets a slot
    assert [e["seq"] for e in out["events"]] == [1, 2]
    assert all(isinstance(i, int) for e in out["events"] for i in e["stack"])
    assert out["frames"][out["events"][0]["stack"][0]] == ["a.B", "m", "B.java", 1]


def _flood(n: int, t0: int = 1000, per_ms: int = 5, **extra) -> list[dict]:
    stack = [{"class": "com.umeng.X", "method": "loop", "file": "X.java", "line": 3}]
    return [{"seq": i, "api": "a.B.c", "overload": "", "thread": "main", "args": ["android_id"], "ret": "v",
             "ts": t0 + i // per_ms, "stack": stack, **extra} for i in range(n)]


def _count(sent: list[dict]) -> int:
    return sum(sum(n for _, n in e["times"]) if "times" in e else 1 for e in sent)


def test_aggregator_sends_first_n_then_one_aggregate_per_window_with_exact_times(units):
    events = _flood(3000, per_ms=1)  # 3,000 calls over 3 s: windows of 1 s
    sent = units.aggregate(events, 10, 1000, [])
    assert _count(sent) == 3000
    aggs = [e for e in sent if "times" in e]
    assert len(sent) == 33 and len(aggs) == 3  # 10 raw + 1 aggregate per window
    assert [tuple(p) for p in aggs[0]["times"]] == [(t, 1) for t in range(1010, 2000)]
    assert aggs[0]["ts"] == 1010 and aggs[0]["seq"] == 10  # the first aggregated call's record


def test_aggregator_keys_on_stack_and_values_and_cuts_at_ui_events(units):
    a = _flood(100, per_ms=10)
    b = [{**e, "ret": "other"} for e in _flood(100, per_ms=10)]  # same call, another value: not a repeat
    mixed = [e for pair in zip(a, b, strict=True) for e in pair]
    sent = units.aggregate(mixed, 10, 1000, [100])  # a ui event (performClick) in the middle
    assert _count(sent) == 200
    rets = {}
    for e in sent:
        rets.setdefault(e["ret"], []).append(e)
    assert {r: _count(es) for r, es in rets.items()} == {"v": 100, "other": 100}
    # the boundary at index 100 (ts 1005) closes what is open: no aggregate holds calls from both sides
    cut = mixed[100]["ts"]
    for e in sent:
        if "times" in e:
            ts = [t for t, _ in e["times"]]
            assert max(ts) < cut or min(ts) >= cut


def test_aggregation_off(units):
    sent = units.aggregate(_flood(50), 0, 1000, [])
    assert len(sent) == 50 and not any("times" in e for e in sent)


def _essence(sent: list[dict]) -> list[tuple]:
    """What an event says of its calls, without the numbering and the fields the agent adds from the catalog."""
    return [(e["api"], e["overload"], e["thread"], tuple(e["args"]), e["ret"], e["ts"],
             tuple(map(tuple, e.get("times", ()))), tuple(f["line"] for f in e["stack"])) for e in sent]


def _posted_events(posted: list[dict]) -> list[dict]:
    """The events of the `events:add` batches in ``posted`` (taken from it), stacks as frames again."""
    out = []
    for m in posted:
        if m.get("type") == "events:add":
            frames = m["frames"]
            out += [{**e, "stack": [dict(zip(("class", "method", "file", "line"), frames[i], strict=True))
                                    for i in e["stack"]]} for e in m["events"]]
    posted.clear()
    return out


def test_a_java_hook_s_shortcut_for_repeats_sends_what_the_aggregator_does(units_posted):
    units, posted = units_posted
    """record.ts emitJava counts a thread's repeat straight into its open aggregate: the same events and times as
    offering every call, across other values, threads, stacks, a thread's new name, a ui event and window ends."""
    a = _flood(300, per_ms=1)
    b = [{**e, "ret": "other"} for e in _flood(300, per_ms=1)]
    c = [{**e, "args": ["android_id", "x"]} for e in _flood(300, per_ms=1)]
    d = [{**e, "thread": "worker"} for e in _flood(300, per_ms=1)]
    f = [{**e, "stack": [{"class": "com.umeng.X", "method": "loop", "file": "X.java", "line": 4}]}
         for e in _flood(300, per_ms=1)]
    renamed = [{**e, "tid": "main", "thread": "main" if i < 450 else "pool-1"}  # one thread, renamed
               for i, e in enumerate(_flood(2500, t0=1300, per_ms=1))]
    mixed = [e for group in zip(a, b, c, d, f, strict=True) for e in group] + renamed
    # several calls a millisecond (counted into the millisecond's entry without a window check), a clock that steps
    # back a millisecond, and a ui event in the middle of a millisecond (the aggregate it closes counts no more)
    dense = _flood(3000, t0=9000, per_ms=7)
    dense[1500:1510] = [{**e, "ts": e["ts"] - 1} for e in dense[1500:1510]]
    cases = [(mixed, []), (mixed, [450, 451, 2000]), (dense, [703, 704, 2453])]
    for events, boundaries in cases:
        want = units.aggregate(events, 10, 1000, boundaries)
        posted.clear()
        sent = units.aggregate_java(events, 10, 1000, boundaries)
        got = _posted_events(posted)
        assert len(got) == sent and _count(got) == len(events)
        assert _essence(got) == _essence(want)


@pytest.mark.parametrize(("threads", "idle_kept"), [(100, True), (5000, False)])
def test_a_thread_in_a_hooked_call_keeps_its_state_when_states_are_dropped(units, threads, idle_kept):
    """guard.ts drops idle threads' states past its bound; one in a call must keep its depth and busy mark."""
    assert units.thread_states(threads) == {"inCall": True, "nested": True, "busy": True, "idle": idle_kept}


def test_the_hot_path_aggregates_as_offering_every_event_does(units):
    """record.ts folds a repeat before making its event, with a key kept per shared stack array: same output."""
    a = _flood(300, per_ms=1)
    b = [{**e, "ret": "other"} for e in _flood(300, per_ms=1)]
    c = [{**e, "args": ["android_id", "x"]} for e in _flood(300, per_ms=1)]
    mixed = [e for trio in zip(a, b, c, strict=True) for e in trio] + _flood(1500, t0=1300, per_ms=1)
    for boundaries in ([], [450]):
        assert units.aggregate_hot(mixed, 10, 1000, boundaries) == units.aggregate(mixed, 10, 1000, boundaries)
