"""End-to-end ingestion: the hotloop test app reads android_id 20,000 times in a tight loop.

* ``pipeline.loop_unhooked_us_per_call`` — the loop with no agent attached (baseline, same run);
* ``pipeline.loop_hooked_us_per_call`` — the same loop with pimon's agent and full catalog loaded;
* ``pipeline.hook_overhead_ratio`` — hooked / unhooked;
* ``pipeline.events_per_s`` — events carried from the app to the SQLite store per second, measured
  from the gate release until the last event is committed; events stored must equal calls made.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from pathlib import Path

from monitor.catalog import load_catalog
from monitor.devices.emulator import EmulatorDevice
from monitor.instrument.session import InstrumentationSession
from monitor.store import open_store

PATTERN = re.compile(r"HOTLOOP calls=(\d+) ns=(\d+)")
ROUNDS = 3
API = "android.provider.Settings$Secure.getString"


def _loop(device: EmulatorDevice, package: str, *, hooked: bool, store=None, run_id: int | None = None):
    proc = device.spawn(package)
    stored = [0]
    done = threading.Event()
    session = None
    calls_expected = [None]

    def on_events(events):
        if store is not None:
            store.add_events(run_id, events, package=package)
        stored[0] += sum(1 for e in events if e.api == API)
        if calls_expected[0] is not None and stored[0] >= calls_expected[0]:
            done.set()

    try:
        if hooked:
            session = InstrumentationSession(device.frida_device(), load_catalog(), on_events=on_events)
            session.attach(proc.pid)
            session.load(timeout=60)
        t0 = time.perf_counter()
        proc.release()
        log = proc.wait_log("HOTLOOP", timeout=300)
        calls, ns = map(int, PATTERN.search(str(log.data.get("msg"))).groups())
        if hooked:
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


def run() -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        device = EmulatorDevice(Path(tmp) / "device")
        package = device.install_fixture("hotloop")
        store = open_store(Path(tmp) / "bench.db")
        unhooked, hooked, rates = [], [], []
        try:
            for _ in range(ROUNDS):
                calls, ns, _ = _loop(device, package, hooked=False)
                unhooked.append(ns / calls / 1000)
                run_id = store.create_run(package, device_kind="emulator", scenario="bench")
                calls, ns, elapsed = _loop(device, package, hooked=True, store=store, run_id=run_id)
                hooked.append(ns / calls / 1000)
                rates.append(calls / elapsed)
                assert store.count_events(run_id) >= calls  # + the framework's own class-loading reads
        finally:
            device.close()
            store.close()
    u, h = sorted(unhooked)[ROUNDS // 2], sorted(hooked)[ROUNDS // 2]
    return {
        "pipeline.loop_unhooked_us_per_call": {"value": u, "unit": "µs/call (median of 3)"},
        "pipeline.loop_hooked_us_per_call": {"value": h, "unit": "µs/call (median of 3)"},
        "pipeline.hook_overhead_ratio": {"value": h / u, "unit": "× (hooked / unhooked, same run)"},
        "pipeline.events_per_s": {"value": sorted(rates)[ROUNDS // 2], "unit": "events/s stored, none lost"},
    }
