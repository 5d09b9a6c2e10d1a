"""One first-launch run on the emulator, as a user starts it: ``pimon run --app <app> -s first-launch-agree``.

* ``run.wall_s`` — wall time of the ``pimon run`` process, start to exit (reports written);
* ``run.scenario_waits_s`` — the scenario's own waits: ``observe`` + ``background`` + ``permission_timeout``
  (the deny-all step waits that long for a dialog), read from the scenario file;
* ``run.overhead_s`` — wall minus waits: what pimon itself costs (start, agent, proxy, rules, reports), on a first
  run (a new ``PIMON_HOME`` and database); ``run.overhead_warm_s`` — the same for the next runs in that home and
  database (every run of a lab after its first; median of 3: one run varies by ±0.3 s);
* ``run.peak_rss_mb`` — the peak RSS (VmHWM) of the pimon process;
* ``run.peak_rss_with_helpers_mb`` — the peak of the summed RSS of pimon and its descendant processes other
  than the app's JVMs (the mitmproxy process …), sampled every 50 ms.

And, in the same run, the floors those two figures stand on (what no change to pimon's own code can remove):

* ``run.python_start_s`` — a Python process importing the modules a run needs (median of 3);
* ``run.launch_start_s`` — a Python process importing what ``pimon run`` imports before it starts the app (the CLI,
  the runner, the scenario loader, the emulator, ``monitor.launch``: the rest is imported while the app starts);
* ``run.app_start_unhooked_s`` — the app, spawned on the emulator and released with no agent, until its first
  dialog is shown (median of 3);
* ``run.agent_start_s`` — Frida attaching to the spawned app and pimon's agent loading with the full catalog until
  it reports ready (its hooks in place), and ``run.app_start_hooked_s`` — spawn to first dialog with that agent;
* ``run.overhead_floor_s`` — launch_start + app_start_hooked: a run cannot cost less than a Python process
  importing what decides which app to start, then the app started under its hooks (the rest of pimon's start
  overlaps the app's: ``monitor/launch.py``); ``run.overhead_over_floor`` — overhead_warm / floor;
* ``run.peak_rss_floor_mb`` — the peak RSS of a process that imports the same modules and makes one Frida
  attach to the app's JVM (spawned, gated) and nothing else; ``run.frida_attach_peak_mb`` — the same without
  pimon's modules (what Frida's attach alone peaks at: more for a JVM than for a small process, ~+170 MB vs +116).

``PIMON_BENCH_RUN_APP`` names another fixture app (default: tracker-sdk).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

import yaml

from monitor.catalog import load_catalog
from monitor.devices.emulator import EmulatorDevice
from monitor.instrument.session import InstrumentationSession

ROOT = Path(__file__).resolve().parents[1]
PIMON = str(Path(sys.executable).parent / "pimon")
SCENARIO = ROOT / "scenarios" / "first-launch-agree.yaml"


def _status(pid: int, key: str) -> int:
    """A ``/proc/<pid>/status`` field in kB (0 once the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        out += map(int, kids)
        todo += map(int, kids)
    return out


def _is_app_jvm(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "java"
    except OSError:
        return True


#: What ``pimon run`` imports before it records anything (the CLI, the run, the store, the proxy, the agent's host).
RUN_MODULES = ("monitor.cli.main", "monitor.run", "monitor.store", "monitor.traffic.capture",
               "monitor.instrument.session")
#: What ``pimon run`` imports before it starts the first run's app (``monitor.runner._early_launch``).
LAUNCH_MODULES = ("monitor.cli.main", "monitor.runner", "monitor.launch", "monitor.scenarios.loader",
                  "monitor.devices.emulator")
REPEATS = 3

_ATTACH_PEAK = """
import sys, importlib
for name in sys.argv[2:]:
    importlib.import_module(name)
import frida
frida.get_local_device().attach(int(sys.argv[1])).detach()
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def _python_start(modules: tuple[str, ...] = RUN_MODULES) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-c", "import " + ", ".join(modules)], check=True, cwd=ROOT)
        times.append(time.monotonic() - t0)
    return median(times)


def _attach_peak_mb(device: EmulatorDevice, package: str, modules: tuple[str, ...]) -> float:
    """VmHWM of a process that imports ``modules`` and attaches once to the app's (gated) JVM, as a run does."""
    proc = device.spawn(package)
    try:
        out = subprocess.run([sys.executable, "-c", _ATTACH_PEAK, str(proc.pid), *modules], check=True, cwd=ROOT,
                             capture_output=True, text=True).stdout
    finally:
        proc.stop()
    return int(out.split()[-1]) / 1024


def _app_start(device: EmulatorDevice, package: str, catalog: list | None) -> tuple[float, float]:
    """Seconds from spawn to the app's first dialog shown, and of them the agent's attach + load (0 without)."""
    t0 = time.monotonic()
    proc = device.spawn(package)
    session = None
    agent = 0.0
    try:
        if catalog is not None:
            a0 = time.monotonic()
            session = InstrumentationSession(device.frida_device(), catalog, on_events=lambda evs: None)
            session.attach(proc.pid)
            session.load(timeout=60)
            agent = time.monotonic() - a0
        proc.release()
        proc.wait_for(lambda e: e.kind == "ui" and e.data.get("what") == "dialog-shown", timeout=60)
        return time.monotonic() - t0, agent
    finally:
        if session is not None:
            session.close()
        proc.stop()


def floors(app: str) -> dict[str, dict]:
    catalog = load_catalog()
    full = catalog.to_agent_json() if hasattr(catalog, "to_agent_json") else list(catalog)
    unhooked, hooked, agent = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        device = EmulatorDevice(Path(tmp) / "device")
        try:
            package = device.install_fixture(app)
            _app_start(device, package, None)  # the first start warms the page cache for the others
            for _ in range(REPEATS):
                unhooked.append(_app_start(device, package, None)[0])
                total, attach_load = _app_start(device, package, full)
                hooked.append(total)
                agent.append(attach_load)
            frida_peak = _attach_peak_mb(device, package, ())
            floor_peak = _attach_peak_mb(device, package, RUN_MODULES)
        finally:
            device.close()
    return {
        "run.python_start_s": {"value": _python_start(), "unit": "s (python importing a run's modules, median of 3)"},
        "run.launch_start_s": {"value": _python_start(LAUNCH_MODULES),
                               "unit": "s (python importing what pimon run imports before it starts the app)"},
        "run.app_start_unhooked_s": {"value": median(unhooked), "unit": "s (spawn to first dialog, no agent)"},
        "run.app_start_hooked_s": {"value": median(hooked), "unit": "s (spawn to first dialog, pimon's agent)"},
        "run.agent_start_s": {"value": median(agent), "unit": "s (frida attach + agent load, full catalog)"},
        "run.frida_attach_peak_mb": {"value": frida_peak, "unit": "MB (VmHWM: python + one frida attach to the app)"},
        "run.peak_rss_floor_mb": {"value": floor_peak,
                                  "unit": "MB (VmHWM: a run's modules + one frida attach to the app, nothing else)"},
    }


def _pimon_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds of one ``pimon run``, its VmHWM and the sampled peak of it and its non-JVM children (MB)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    hwm, tree = [0], [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            hwm[0] = max(hwm[0], _status(proc.pid, "VmHWM"))
            pids = [proc.pid, *(p for p in _descendants(proc.pid) if not _is_app_jvm(p))]
            tree[0] = max(tree[0], sum(_status(p, "VmRSS") for p in pids))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate(timeout=600)
    wall = time.monotonic() - t0
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # 1 = findings at or above --fail-on: a normal outcome
        raise RuntimeError(f"pimon run exited {proc.returncode}: {output[-2000:]}")
    return wall, hwm[0] / 1024, tree[0] / 1024


def run() -> dict[str, dict]:
    app = os.environ.get("PIMON_BENCH_RUN_APP", "tracker-sdk")
    params = yaml.safe_load(SCENARIO.read_text())["params"]
    waits = float(params["observe"]) + float(params["background"]) + float(params["permission_timeout"])
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        env = {**os.environ, "PIMON_HOME": str(tmp / "home")}
        cmd = [PIMON, "run", "--app", app, "-s", str(SCENARIO), "--db", str(tmp / "run.db"), "--out", str(tmp / "out")]
        wall, hwm, tree = _pimon_run(cmd, env)  # a first run: new home (device, CA) and new database
        warm = [_pimon_run(cmd, env) for _ in range(REPEATS)]  # the next ones, as every later run of a lab
    warm_wall = median(w for w, _, _ in warm)
    warm_hwm = max(h for _, h, _ in warm)
    floor = floors(app)
    start_floor = floor["run.launch_start_s"]["value"] + floor["run.app_start_hooked_s"]["value"]
    return {
        **floor,
        "run.overhead_floor_s": {"value": start_floor,
                                 "unit": "s (launch_start + app_start_hooked: what decides the app imported, then the "
                                         "app started under the agent; the rest of pimon's start overlaps it)"},
        "run.overhead_over_floor": {"value": (warm_wall - waits) / start_floor,
                                    "unit": "ratio (overhead_warm / floor)"},
        "run.wall_s": {"value": wall, "unit": f"s (pimon run --app {app} -s first-launch-agree, first run)"},
        "run.scenario_waits_s": {"value": waits, "unit": "s (observe + background + permission_timeout)"},
        "run.overhead_s": {"value": wall - waits,
                           "unit": "s (wall minus the scenario's own waits; first run: new home and database)"},
        "run.overhead_warm_s": {"value": warm_wall - waits,
                                "unit": "s (the same for the next runs, same home and db; median of 3)"},
        "run.peak_rss_mb": {"value": hwm, "unit": "MB (VmHWM of the pimon process, first run)"},
        "run.peak_rss_warm_mb": {"value": warm_hwm, "unit": "MB (VmHWM of the pimon process, next runs: the highest of 3)"},
        "run.peak_rss_with_helpers_mb": {"value": tree, "unit": "MB (pimon + its non-JVM children, sampled)"},
    }


if __name__ == "__main__":
    for name, fig in run().items():
        print(f"{name:<36} {fig['value']:>12,.2f} {fig['unit']}")
