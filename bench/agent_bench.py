"""The agent's cost on a hot path: a Java loop calling a hooked API (TelephonyManager.getDeviceId of
the test app in tests/instrument/javaapp), unhooked vs pimon's agent vs a naive camille-style hook
(one message per call, the stack sent as one string), a bare pass-through hook and an empty replacement (the
floor: what frida-java-bridge's replacement costs), all in the same run; and end-to-end ingestion
through InstrumentationSession with nothing lost.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import frida

from monitor.instrument import build_agent
from monitor.instrument.agent import agent_source
from monitor.instrument.session import InstrumentationSession
from monitor.store import open_store

ROOT = Path(__file__).resolve().parents[1]
JAVAAPP = ROOT / "tests" / "instrument" / "javaapp"
CALLS = 20_000
REPEATS = 3
PAIRS = 5
CATALOG = [{"class": "android.telephony.TelephonyManager", "method": "getDeviceId", "category": "device-id",
            "pi": "imei", "sensitive": False}]

NAIVE_TS = """
import Java from "frida-java-bridge";
// camille's way: one send() per call, the stack as one string, the time formatted on the device.
Java.perform(() => {
  const Exception = Java.use("java.lang.Exception");
  const tm = Java.use("android.telephony.TelephonyManager");
  for (const ov of tm.getDeviceId.overloads) {
    ov.implementation = function (...args: any[]) {
      const ret = ov.apply(this, args);
      const stack = Exception.$new().getStackTrace().map((e: any) => e.toString()).join("\\n");
      const d = new Date();
      send({ type: "call", api: "getDeviceId", ret: String(ret), stack,
             time: d.getFullYear() + "-" + d.getMonth() + "-" + d.getDate() + " " + d.toTimeString() });
      return ret;
    };
  }
  send({ type: "ready" });
});
"""


PASSTHROUGH_TS = """
import Java from "frida-java-bridge";
// The floor: a replacement that only calls the original (what any Java hook costs on this VM).
Java.perform(() => {
  const tm = Java.use("android.telephony.TelephonyManager");
  for (const ov of tm.getDeviceId.overloads) {
    ov.implementation = function (...args: any[]) { return ov.apply(this, args); };
  }
});
"""

EMPTY_TS = """
import Java from "frida-java-bridge";
// Below the floor: a replacement that does not even call the original (the bridge's entry into JS alone).
Java.perform(() => {
  const tm = Java.use("android.telephony.TelephonyManager");
  for (const ov of tm.getDeviceId.overloads) {
    ov.implementation = function (..._args: any[]) { return "867530900000001"; };
  }
});
"""


WALK_TS = """
import Java from "frida-java-bridge";
// The floor of any hook that records: a pass-through that also takes what every record needs (the thread, the
// time, one walk of the caller's frames as pimon's agent takes it: AsyncGetCallTrace, JVMTI's GetStackTrace when it
// cannot; one native call) and records nothing.
let walks = 0;
let failed = 0;
const held: unknown[] = [];
const C = `
typedef struct { int lineno; void *method_id; } frame_t;
typedef struct { void *env; int n; frame_t *frames; } trace_t;
typedef int (*get_env_t)(void *vm, void **env, int version);
typedef int (*get_stack_trace_t)(void *jvmti, void *thread, int start, int max, void *frames, int *count);
extern void *vm;
extern void *jvmti;
extern void (*asgct)(trace_t *trace, int depth, void *ucontext);
extern get_stack_trace_t get_stack_trace;
int walk(int max, void *buf) {
  frame_t frames[64];
  trace_t trace;
  int count = 0;
  trace.env = 0;
  if (((get_env_t)(*(void ***)vm)[6])(vm, &trace.env, 0x00010006) == 0) {
    trace.n = 0;
    trace.frames = frames;
    asgct(&trace, max, 0);
    if (trace.n > 0) return trace.n;
  }
  return get_stack_trace(jvmti, 0, 0, max, buf, &count) == 0 ? count : -1;
}
`;
Java.perform(() => {
  const env: NativePointer = (Java.vm as any).tryGetEnvHandle(0x30010000);
  const vtable = env.readPointer();
  const fn = (i: number, ret: any, args: any[]): any =>
    new NativeFunction(vtable.add((i - 1) * Process.pointerSize).readPointer(), ret, args);
  const callbacks = Memory.alloc(39 * Process.pointerSize);  // ClassLoad (AsyncGetCallTrace needs it enabled)
  callbacks.add(5 * Process.pointerSize).writePointer(Module.getGlobalExportByName("abs"));
  fn(122, "int", ["pointer", "pointer", "int"])(env, callbacks, 39 * Process.pointerSize);
  fn(2, "int", ["pointer", "int", "int", "pointer"])(env, 1, 55, NULL);
  const ctx = Memory.alloc(4 * Process.pointerSize);
  ctx.writePointer((Java.vm as any).handle);
  ctx.add(Process.pointerSize).writePointer(env);
  ctx.add(2 * Process.pointerSize).writePointer(Module.getGlobalExportByName("AsyncGetCallTrace"));
  ctx.add(3 * Process.pointerSize).writePointer(vtable.add(103 * Process.pointerSize).readPointer());
  const cm = new CModule(C, { vm: ctx, jvmti: ctx.add(Process.pointerSize), asgct: ctx.add(2 * Process.pointerSize),
                              get_stack_trace: ctx.add(3 * Process.pointerSize) });
  const walk = new NativeFunction(cm.walk, "int", ["int", "pointer"], { exceptions: "propagate" });
  const frames = Memory.alloc(64 * 16 + 8);
  const tm = Java.use("android.telephony.TelephonyManager");
  for (const ov of tm.getDeviceId.overloads) {
    ov.implementation = function (...args: any[]) {
      const ret = ov.apply(this, args);
      Process.getCurrentThreadId();
      Date.now();
      if (walk(64, frames) < 2) failed += 1;
      walks += 1;
      return ret;
    };
  }
  held.push(cm, ctx);  // the C module and what it reads live as long as the hook
});
rpc.exports = { walks: () => [walks, failed] };
"""


class App:
    def __init__(self, classes: Path) -> None:
        self.proc = subprocess.Popen(["java", "-cp", str(classes), "com.example.app.Main"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.pid = int(self.proc.stdout.readline().split()[1])

    def cmd(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline()

    def loop_seconds(self, n: int) -> float:
        """Best of REPEATS, in wall seconds."""
        return self._best_loop(n, time.perf_counter)

    def cpu(self) -> float:
        """CPU seconds the app's process has used (all its threads, the agent's and exited ones too): Linux's CPU
        clock of the process, in nanoseconds (clock_getcpuclockid's id), else /proc's 10 ms ticks."""
        try:
            return time.clock_gettime(((~self.pid) << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
        except OSError:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def loop_cpu_seconds(self, n: int) -> float:
        """Best of REPEATS, in CPU seconds of the app: what the hook costs the app, whatever else the machine runs."""
        return self._best_loop(n, self.cpu)

    def _best_loop(self, n: int, clock) -> float:
        best = float("inf")
        for _ in range(REPEATS):
            t0 = clock()
            self.cmd(f"loop {n}")
            best = min(best, clock() - t0)
        return best

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _bundle(tmp: Path, name: str, source: str) -> str:
    project = tmp / name
    project.mkdir()
    (project / "index.ts").write_text(source, encoding="utf-8")
    (project / "node_modules").symlink_to(build_agent.HOOKS / "node_modules")
    return frida.Compiler().build("index.ts", project_root=str(project))


def _other_hook(device: Any, classes: Path, bundle: str, calls: int = CALLS // 4,
                check: Callable[[Any], None] | None = None) -> tuple[float, float]:
    """Seconds per CALLS calls of the loop under another script, in a fresh JVM: wall, and CPU of the app (over
    ``calls`` calls, scaled to CALLS). ``check`` is given the script's exports after the loops."""
    app = App(classes)
    app.cmd(f"loop {CALLS}")
    fs = device.attach(app.pid)
    script = fs.create_script(bundle)
    script.on("message", lambda m, d: None)
    script.load()
    time.sleep(0.2)  # the bridge applies HotSpot replacements on its next tick
    app.cmd("loop 2000")
    seconds = app.loop_seconds(CALLS // 4) * 4
    cpu = app.loop_cpu_seconds(calls) * CALLS / calls
    if check is not None:
        check(script.exports_sync)
    fs.detach()
    app.close()
    return seconds, cpu


def _pimon_hook(device: Any, classes: Path) -> float:
    """CPU seconds of the app per CALLS calls under pimon's agent in a fresh JVM, measured as ``_other_hook``
    measures the others; every call is received as an event (or counted in an aggregate)."""
    app = App(classes)
    app.cmd(f"loop {CALLS}")
    got = [0]
    session = InstrumentationSession(device, CATALOG, lambda evs: got.__setitem__(0, got[0] + sum(e.count for e in evs)))
    try:
        session.attach(app.pid)
        session.load(timeout=30)
        app.cmd("loop 2000")
        cpu = app.loop_cpu_seconds(CALLS)
        session.flush()
        if got[0] != 2000 + REPEATS * CALLS:
            raise AssertionError(f"pimon's hook: {got[0]} events for {2000 + REPEATS * CALLS} calls")
    finally:
        session.close()
        app.close()
    return cpu


def _walks_made(exports: Any) -> None:
    walks, failed = exports.walks()
    if walks < CALLS or failed:
        raise AssertionError(f"walk-only hook: {walks} walks, {failed} failed (expected >= {CALLS}, 0 failed)")


def run() -> dict[str, dict[str, Any]]:
    if build_agent.is_stale():
        build_agent.build()
    agent_source.cache_clear()
    device = frida.get_local_device()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        classes = tmp / "classes"
        subprocess.run(["javac", "-d", str(classes), *map(str, JAVAAPP.rglob("*.java"))], check=True)
        naive_js = _bundle(tmp, "naive", NAIVE_TS)
        passthrough_js = _bundle(tmp, "passthrough", PASSTHROUGH_TS)
        empty_js = _bundle(tmp, "empty", EMPTY_TS)
        walk_js = _bundle(tmp, "walk", WALK_TS)

        # 1. unhooked, then pimon's agent, in one JVM
        app = App(classes)
        app.cmd(f"loop {CALLS}")  # JIT warm-up
        unhooked = app.loop_seconds(CALLS)
        # through the full pipeline: agent -> session -> SQLite store; events stored must equal calls made
        store = open_store(tmp / "agent.db")
        warm_run = store.create_run("com.example.app", scenario="bench-warmup")
        run_id = [warm_run]
        received: list[int] = [0]

        def on_events(evs: list) -> None:
            store.add_events(run_id[0], evs, package="com.example.app")
            received[0] += sum(e.count for e in evs)  # an aggregate of repeats (hooks/src/aggregate.ts): its calls

        session = InstrumentationSession(device, CATALOG, on_events)
        session.attach(app.pid)
        session.load(timeout=30)
        app.cmd("loop 2000")
        session.flush()
        received[0] = 0
        run_id[0] = store.create_run("com.example.app", scenario="bench")
        t0 = time.perf_counter()
        app.cmd(f"loop {CALLS}")
        session.flush()
        ingest = time.perf_counter() - t0
        got = received[0]
        stored = store.count_events(run_id[0])
        stats = session.stats()
        if not got == stored == CALLS:
            raise AssertionError(f"events stored {stored} (received {got}) != calls made {CALLS}")
        hooked = app.loop_seconds(CALLS)
        session.close()
        store.close()
        app.close()

        # 2. the naive camille-style hook, the bare pass-through hook and the empty one, each in a fresh JVM
        naive, naive_cpu = _other_hook(device, classes, naive_js)
        passthrough, _ = _other_hook(device, classes, passthrough_js, CALLS)
        empty, empty_cpu = _other_hook(device, classes, empty_js, CALLS)
        # 3. the ratios to the pass-through, pair by pair (a JVM's JIT makes one JVM's figure differ from the
        # next one's by up to ~20 %): pass-through, walk-only and pimon's agent, each in a fresh JVM, PAIRS times
        pass_cpus, walk_cpus, pimon_cpus = [], [], []
        for _ in range(PAIRS):
            pass_cpus.append(_other_hook(device, classes, passthrough_js, CALLS)[1])
            walk_cpus.append(_other_hook(device, classes, walk_js, CALLS, check=_walks_made)[1])
            pimon_cpus.append(_pimon_hook(device, classes))
        passthrough_cpu, walk_cpu, hooked_cpu = median(pass_cpus), median(walk_cpus), median(pimon_cpus)
        pimon_ratios = [h / p for h, p in zip(pimon_cpus, pass_cpus, strict=True)]
        walk_ratios = [w / p for w, p in zip(walk_cpus, pass_cpus, strict=True)]
        over_walk = [h / w for h, w in zip(pimon_cpus, walk_cpus, strict=True)]

    def pairs(ratios: list[float]) -> str:
        return f"median of {PAIRS} pairs of fresh JVMs: " + ", ".join(f"{r:.2f}" for r in ratios)

    def per_call(seconds: float) -> float:
        return seconds / CALLS * 1e6

    return {
        "agent_unhooked_call": {"value": per_call(unhooked) * 1000, "unit": "ns/call"},
        # CPU time of the app's process (a shared, loaded machine makes wall time the scheduler's figure)
        "agent_hooked_call": {"value": per_call(hooked_cpu),
                              "unit": f"us/call (CPU of the app, best of 3, median of {PAIRS} JVMs)"},
        "agent_naive_camille_call": {"value": per_call(naive_cpu), "unit": "us/call (CPU of the app)"},
        "agent_passthrough_hook_call": {"value": per_call(passthrough_cpu),
                                        "unit": f"us/call (CPU of the app, median of {PAIRS} JVMs)"},
        "agent_empty_hook_call": {"value": per_call(empty_cpu),
                                  "unit": "us/call (CPU of the app; a replacement not calling the original)"},
        "agent_passthrough_over_empty": {"value": passthrough_cpu / empty_cpu,
                                         "unit": "ratio (CPU; what the bridge's call of the original adds)"},
        "agent_naive_over_pimon": {"value": naive_cpu / hooked_cpu, "unit": "ratio (CPU)"},
        "agent_pimon_over_passthrough": {"value": median(pimon_ratios),
                                         "unit": f"ratio (CPU of the app; {pairs(pimon_ratios)})"},
        # the floor of agent_pimon_over_passthrough: what any recording hook takes before it records anything
        "agent_walk_only_hook_call": {"value": per_call(walk_cpu),
                                      "unit": "us/call (CPU; pass-through + thread, time, one stack walk as the agent "
                                              "takes it)"},
        "agent_walk_only_over_passthrough": {"value": median(walk_ratios),
                                             "unit": f"ratio (CPU; the floor of a recording hook; {pairs(walk_ratios)})"},
        "agent_pimon_over_walk_only": {"value": median(over_walk),
                                       "unit": f"ratio (CPU; recording over taking the stack; {pairs(over_walk)})"},
        # the floor of every events/s figure: one app thread cannot make hooked calls faster than a bare hook
        "agent_passthrough_calls_per_s": {"value": CALLS / passthrough_cpu,
                                          "unit": "calls/s (one thread, CPU of the app; a pass-through hook)"},
        "agent_hooked_call_wall": {"value": per_call(hooked), "unit": "us/call (wall, best of 3)"},
        "agent_passthrough_hook_call_wall": {"value": per_call(passthrough), "unit": "us/call (wall)"},
        "agent_empty_hook_call_wall": {"value": per_call(empty), "unit": "us/call (wall)"},
        "agent_pimon_over_passthrough_wall": {"value": hooked / passthrough, "unit": "ratio (wall)"},
        "agent_naive_over_pimon_wall": {"value": naive / hooked, "unit": "ratio (wall)"},
        "agent_hooked_over_unhooked": {"value": hooked / unhooked, "unit": "ratio"},
        "agent_ingest_events_per_s": {"value": got / ingest, "unit": "events/s"},
        "agent_ingest_events_lost": {"value": float(CALLS - got), "unit": "events"},
        # calls the agent recorded: events sent less the aggregates among them plus the calls folded into those
        "agent_messages_per_1000_calls": {"value": stats["batches"] / (stats["events"] - stats.get("aggregates", 0)
                                                                       + stats.get("aggregated", 0)) * 1000,
                                          "unit": "messages"},
    }
