"""One first-launch run on the emulator, as a user starts it: ``pimon run --app <app> -s first-launch-agree``.

* ``run.wall_s`` — wall time of the ``pimon run`` process, start to exit (reports written);
* ``run.scenario_waits_s`` — the scenario's own waits: ``observe`` + ``background`` + ``permission_timeout``
  (the deny-all step waits that long for a dialog), read from the scenario file;
* ``run.overhead_s`` — wall minus waits: what pimon itself costs (start, agent, proxy, rules, reports);
* ``run.peak_rss_mb`` — the peak RSS (VmHWM) of the pimon process;
* ``run.peak_rss_with_helpers_mb`` — the peak of the summed RSS of pimon and its descendant processes other
  than the app's JVMs (the mitmproxy process …), sampled every 50 ms.

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

import yaml

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


def run() -> dict[str, dict]:
    app = os.environ.get("PIMON_BENCH_RUN_APP", "tracker-sdk")
    params = yaml.safe_load(SCENARIO.read_text())["params"]
    waits = float(params["observe"]) + float(params["background"]) + float(params["permission_timeout"])
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        env = {**os.environ, "PIMON_HOME": str(tmp / "home")}
        cmd = [PIMON, "run", "--app", app, "-s", str(SCENARIO), "--db", str(tmp / "run.db"), "--out", str(tmp / "out")]
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
    return {
        "run.wall_s": {"value": wall, "unit": f"s (pimon run --app {app} -s first-launch-agree)"},
        "run.scenario_waits_s": {"value": waits, "unit": "s (observe + background + permission_timeout)"},
        "run.overhead_s": {"value": wall - waits, "unit": "s (wall minus the scenario's own waits)"},
        "run.peak_rss_mb": {"value": hwm[0] / 1024, "unit": "MB (VmHWM of the pimon process)"},
        "run.peak_rss_with_helpers_mb": {"value": tree[0] / 1024, "unit": "MB (pimon + its non-JVM children, sampled)"},
    }


if __name__ == "__main__":
    for name, fig in run().items():
        print(f"{name:<36} {fig['value']:>12,.2f} {fig['unit']}")
