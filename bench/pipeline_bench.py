"""End-to-end ingestion: the hotloop test app reads android_id 20,000 times in a tight loop.

All in the same run, on the same emulator:

* ``pipeline.loop_unhooked_us_per_call`` — the loop with no agent attached (baseline);
* ``pipeline.loop_hooked_us_per_call`` — the same loop with pimon's agent and the full catalog loaded;
* ``pipeline.loop_single_hook_us_per_call`` — the same loop with a catalog of only the API it calls;
* ``pipeline.hook_overhead_ratio`` — hooked / unhooked;
* ``pipeline.full_catalog_over_single_hook`` — full catalog / single hook (nested framework calls into
  other hooked methods must not pay the bridge twice);
* ``pipeline.events_per_s`` — events carried from the app to the SQLite store per second, measured
  from the gate release until the last event is committed; events stored must equal calls made;
* ``pipeline.raw_executemany_events_per_s`` — the same rows (as the store writes them) inserted with the
  driver's raw ``executemany`` into the same schema, in the same batches, one transaction per batch;
* ``pipeline.ingest_over_raw`` — pipeline.events_per_s / raw executemany;
* ``pipeline.loop_passthrough_us_per_call`` — the same loop under a bare pass-through hook of the API (a replacement
  that only calls the original, no agent): what any hook of it costs; ``pipeline.passthrough_calls_per_s`` — the
  calls/s that makes, counted as ``pipeline.events_per_s`` counts (from the gate's release to the loop's end): the
  most events/s any hook of this API can feed from the app's one thread; and
  ``pipeline.passthrough_over_raw`` — that / raw executemany, same round: the ceiling of ``ingest_over_raw`` even
  with an agent that records for free;
* ``store.add_events_per_s`` and ``store.add_events_over_raw`` — ``Store.add_events`` alone on the same
  batches (row building, cleaning, attribution, insert) against the same raw executemany.

A hot loop is aggregated (a few dozen rows for 20,000 calls), so the figures above compare the hooked call's
speed with an insert of a few rows. The store's own ingest rate is measured on rows that do not aggregate:

* ``store.distinct_events_per_s`` — ``Store.add_events`` of 20,000 events with distinct values (an app reading
  20,000 different keys from one call site: the agent's wire format, one shared stack), batches of 200, into a
  new SQLite database; ``store.distinct_raw_events_per_s`` — sqlite3 executemany of the same rows (as the store
  writes them) in the same batches; ``store.distinct_over_raw`` — their ratio (median of 3 rounds, each pair in
  the same round).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

from monitor.catalog import load_catalog
from monitor.devices.emulator import EmulatorDevice
from monitor.instrument.session import InstrumentationSession
from monitor.store import open_store
from monitor.store.store import _SQLITE_EVENT_INSERT, _event_row, _sqlite_event_params

PATTERN = re.compile(r"HOTLOOP calls=(\d+) ns=(\d+)")
ROUNDS = 3
API = "android.provider.Settings$Secure.getString"


def _catalogs() -> tuple[list, list]:
    catalog = load_catalog()
    full = catalog.to_agent_json() if hasattr(catalog, "to_agent_json") else list(catalog)
    cls, method = API.rsplit(".", 1)
    single = [e for e in full if e.get("class") == cls and e.get("method") == method]
    assert single, f"{API} not in the catalog"
    return full, single


def _loop(device: EmulatorDevice, package: str, catalog: list | None, *, store=None, run_id: int | None = None,
          batches: list | None = None):
    proc = device.spawn(package)
    stored = [0]
    done = threading.Event()
    session = None
    calls_expected = [None]

    def on_events(events):
        if batches is not None:
            batches.append(list(events))
        if store is not None:
            store.add_events(run_id, events, package=package)
        stored[0] += sum(e.count for e in events if e.api == API)  # aggregates of repeats counted call by call
        if calls_expected[0] is not None and stored[0] >= calls_expected[0]:
            done.set()

    try:
        if catalog is not None:
            session = InstrumentationSession(device.frida_device(), catalog, on_events=on_events)
            session.attach(proc.pid)
            session.load(timeout=60)
        t0 = time.perf_counter()
        proc.release()
        log = proc.wait_log("HOTLOOP", timeout=300)
        calls, ns = map(int, PATTERN.search(str(log.data.get("msg"))).groups())
        if catalog is not None:
            calls_expected[0] = calls
            if stored[0] < calls:
                done.wait(timeout=120)
            elapsed = time.perf_counter() - t0
            if stored[0] != calls:
                raise AssertionError(f"events stored {stored[0]} != calls made {calls}")
            return calls, ns, elapsed
        return calls, ns, None
    finally:
        if session is not None:
            session.close()
        proc.stop()


PASSTHROUGH_TS = """
import Java from "frida-java-bridge";
// The floor of any hook of the loop's API: a replacement that only calls the original.
Java.perform(() => {
  const secure = Java.use("android.provider.Settings$Secure");
  for (const ov of secure.getString.overloads) {
    ov.implementation = function (...args: any[]) { return ov.apply(this, args); };
  }
  // HotSpot applies replacements on the bridge's next tick: this one comes after it
  Script.nextTick(() => send("hooked"));
});
"""


def _passthrough_loop(device: EmulatorDevice, package: str, bundle: str) -> tuple[int, int, float]:
    """The loop under PASSTHROUGH_TS, in place before the app is released: calls, their ns (the app's count) and the
    seconds from the release to the loop's end (as ``pipeline.events_per_s`` counts: from the release)."""
    proc = device.spawn(package)
    hooked = threading.Event()
    session = device.frida_device().attach(proc.pid)
    try:
        script = session.create_script(bundle)
        script.on("message", lambda message, data: hooked.set() if message.get("payload") == "hooked" else None)
        script.load()
        if not hooked.wait(timeout=60):
            raise AssertionError("the pass-through hook was not in place within 60 s")
        t0 = time.perf_counter()
        proc.release()
        log = proc.wait_log("HOTLOOP", timeout=300)
        elapsed = time.perf_counter() - t0
        calls, ns = map(int, PATTERN.search(str(log.data.get("msg"))).groups())
        return calls, ns, elapsed
    finally:
        proc.stop()  # first: detaching from a live JVM would undo the hook
        session.detach()


def _raw_rows(batches: list[list], package: str) -> tuple[str, list[list[tuple]]]:
    """The rows exactly as the store hands them to the driver on SQLite (store._sqlite_event_params), and its SQL."""
    out = []
    for batch in batches:
        rows = [d for ev in batch if (d := _event_row(1, ev, package)) is not None]
        out.append(_sqlite_event_params(rows))
    return _SQLITE_EVENT_INSERT, out


def _raw_rate(db: Path, batches: list[list], package: str) -> float:
    """Events/s of sqlite3 executemany of the same rows into the same schema, one transaction per batch."""
    store = open_store(db)  # creates the schema (alembic head), then the driver alone writes
    run_id = store.create_run(package, device_kind="emulator", scenario="bench-raw")
    store.close()
    sql, rows = _raw_rows(batches, package)
    rows = [[(run_id, *r[1:]) for r in batch] for batch in rows]
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    n, t0 = 0, time.perf_counter()
    for batch in rows:
        con.execute("BEGIN")
        con.executemany(sql, batch)
        con.execute("COMMIT")
        n += len(batch)
    elapsed = time.perf_counter() - t0
    con.close()
    return n / elapsed


def _store_rate(db: Path, batches: list[list], package: str) -> float:
    """Events/s of Store.add_events on the same batches (a fresh database of the same schema)."""
    store = open_store(db)
    run_id = store.create_run(package, device_kind="emulator", scenario="bench-store")
    n, t0 = 0, time.perf_counter()
    for batch in batches:
        n += store.add_events(run_id, batch, package=package)
    elapsed = time.perf_counter() - t0
    assert n == sum(map(len, batches))  # rows; an aggregate of repeats (from the agent) is one row of many calls
    calls = sum(e.count for batch in batches for e in batch)
    stored = store.count_events(run_id)
    assert stored == calls, f"Store.add_events: calls stored {stored} != calls in the batches {calls}"
    store.close()
    return n / elapsed


DISTINCT, BATCH = 20_000, 200
FRAMES = [["com.example.hotloop.Main", "loop", "Main.java", 42],
          ["com.example.hotloop.MainActivity", "onCreate", "MainActivity.java", 17],
          ["android.app.Activity", "performCreate", "Activity.java", 100]]


def _distinct_batches() -> list[list]:
    from monitor.instrument.protocol import PROTOCOL_VERSION, parse_payload

    out = []
    for b in range(DISTINCT // BATCH):
        events = [{"seq": n, "api": API, "class": API.rsplit(".", 1)[0], "method": "getString",
                   "overload": "android.content.ContentResolver,java.lang.String", "category": "device-id",
                   "pi": "android_id", "sensitive": False, "args": ["android.content.ContentResolver@1a2b", f"key{n}"],
                   "ret": f"value-{n}", "ts": 1_796_000_000_000 + n, "thread": "main", "stack": [0, 1, 2]}
                  for n in range(b * BATCH, (b + 1) * BATCH)]
        out.append(list(parse_payload({"type": "events:add", "v": PROTOCOL_VERSION, "frames": FRAMES,
                                       "events": events}).events))
    return out


def _distinct(tmp: Path, r: int, package: str) -> tuple[float, float]:
    """Store.add_events and raw executemany of the same distinct rows: events/s each."""
    batches = _distinct_batches()
    store = open_store(tmp / f"distinct-{r}.db")
    store.add_events(store.create_run(package, scenario="warm-up"), batches[0][:1], package=package)
    run_id = store.create_run(package, device_kind="emulator", scenario="bench-distinct")
    t0 = time.perf_counter()
    for batch in batches:
        store.add_events(run_id, batch, package=package)
    elapsed = time.perf_counter() - t0
    stored = store.count_events(run_id)
    store.close()
    if stored != DISTINCT:
        raise AssertionError(f"Store.add_events: {stored} distinct events stored of {DISTINCT}")
    return DISTINCT / elapsed, _raw_rate(tmp / f"distinct-raw-{r}.db", batches, package)


def run() -> dict[str, dict]:
    from bench.agent_bench import _bundle

    full, single = _catalogs()
    with tempfile.TemporaryDirectory() as tmp:
        passthrough_js = _bundle(Path(tmp), "passthrough", PASSTHROUGH_TS)
        device = EmulatorDevice(Path(tmp) / "device")
        package = device.install_fixture("hotloop")
        store = open_store(Path(tmp) / "bench.db")
        unhooked, hooked, single_hook, rates, raw, store_rates, store_ratio, raw_ratio = [], [], [], [], [], [], [], []
        passthrough, passthrough_rates, passthrough_ratio = [], [], []
        try:
            for r in range(ROUNDS):
                calls, ns, _ = _loop(device, package, None)
                unhooked.append(ns / calls / 1000)
                calls, ns, _ = _loop(device, package, single)
                single_hook.append(ns / calls / 1000)
                calls, ns, elapsed = _passthrough_loop(device, package, passthrough_js)
                passthrough.append(ns / calls / 1000)
                passthrough_rates.append(calls / elapsed)
                run_id = store.create_run(package, device_kind="emulator", scenario="bench")
                batches: list[list] = []
                calls, ns, elapsed = _loop(device, package, full, store=store, run_id=run_id, batches=batches)
                hooked.append(ns / calls / 1000)
                rates.append(calls / elapsed)
                assert store.count_events(run_id) >= calls  # + the framework's own class-loading reads
                raw.append(_raw_rate(Path(tmp) / f"raw-{r}.db", batches, package))
                store_rates.append(_store_rate(Path(tmp) / f"store-{r}.db", batches, package))
                store_ratio.append(store_rates[-1] / raw[-1])
                raw_ratio.append(rates[-1] / raw[-1])
                passthrough_ratio.append(passthrough_rates[-1] / raw[-1])
        finally:
            device.close()
            store.close()
    distinct = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(ROUNDS):
            distinct.append(_distinct(Path(tmp), r, "com.example.hotloop"))
    u, h, s = median(unhooked), median(hooked), median(single_hook)
    return {
        "pipeline.loop_unhooked_us_per_call": {"value": u, "unit": "µs/call (median of 3)"},
        "pipeline.loop_hooked_us_per_call": {"value": h, "unit": "µs/call (median of 3)"},
        "pipeline.loop_single_hook_us_per_call": {"value": s, "unit": "µs/call (median of 3; catalog = the one API)"},
        "pipeline.hook_overhead_ratio": {"value": h / u, "unit": "× (hooked / unhooked, same run)"},
        "pipeline.full_catalog_over_single_hook": {"value": h / s, "unit": "× (full catalog / single hook, same run)"},
        "pipeline.events_per_s": {"value": median(rates), "unit": "events/s stored, none lost"},
        "pipeline.raw_executemany_events_per_s": {"value": median(raw),
                                                  "unit": "events/s (sqlite3 executemany, same rows, same schema)"},
        "pipeline.ingest_over_raw": {"value": median(raw_ratio), "unit": "× (pipeline / raw executemany, same round)"},
        # the ceiling of the two above: the loop under a hook that only calls the original (no agent, nothing recorded)
        "pipeline.loop_passthrough_us_per_call": {"value": median(passthrough),
                                                  "unit": "µs/call (a bare pass-through hook of the API; median of 3)"},
        "pipeline.passthrough_calls_per_s": {"value": median(passthrough_rates),
                                             "unit": "calls/s (a bare pass-through hook, from the release to the "
                                                     "loop's end, as events_per_s counts)"},
        "pipeline.passthrough_over_raw": {"value": median(passthrough_ratio),
                                          "unit": "× (pass-through calls/s / raw executemany, same round: the ceiling of "
                                                  "ingest_over_raw)"},
        "store.add_events_per_s": {"value": median(store_rates), "unit": "events/s (Store.add_events, same batches)"},
        "store.add_events_over_raw": {"value": median(store_ratio),
                                      "unit": "× (Store.add_events / raw executemany, same round)"},
        "store.distinct_events_per_s": {"value": median([d[0] for d in distinct]),
                                        "unit": f"events/s (Store.add_events, {DISTINCT:,} distinct events)"},
        "store.distinct_raw_events_per_s": {"value": median([d[1] for d in distinct]),
                                            "unit": "events/s (sqlite3 executemany, the same rows and batches)"},
        "store.distinct_over_raw": {"value": median([d[0] / d[1] for d in distinct]),
                                    "unit": "× (Store.add_events / raw executemany, same round; median of 3)"},
    }


if __name__ == "__main__":
    for name, fig in run().items():
        print(f"{name:<44} {fig['value']:>12,.2f} {fig['unit']}")
