"""The demo suite through Celery + Redis on 1 worker vs 2 workers (embedded emulators), in the same run.

Figures: ``fleet.demo_suite.1_worker_s``, ``fleet.demo_suite.2_workers_s`` and ``fleet.demo_suite.speedup``
(1-worker wall time / 2-worker wall time) — wall time from `pimon suite run --queue` to its combined report.
``PIMON_BENCH_FLEET_SUITE`` names another suite file (``*.suite.yaml``; default: scenarios/demo.suite.yaml, whose
fixture jars `make setup` builds). Needs redis-server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIMON = str(Path(sys.executable).parent / "pimon")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wall(n: int, suite: Path, broker: str, tmp: Path) -> tuple[float, set[str]]:
    db = f"sqlite:///{tmp / f'fleet-{n}.db'}"
    env = {**os.environ, "PIMON_HOME": str(tmp / f"home-{n}")}
    workers = subprocess.Popen([PIMON, "worker", *(["--device", "emulator"] * n), "--broker", broker, "--db", db,
                                "--loglevel", "WARNING"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(3)  # let the workers connect (a queued task waits for them anyway; this only evens the start)
        t0 = time.monotonic()
        out = tmp / f"out-{n}"
        r = subprocess.run([PIMON, "suite", "run", str(suite), "--queue", broker, "--db", db, "--out", str(out),
                            "--formats", "json", "--fail-on", "none"], env=env, cwd=ROOT, capture_output=True,
                           text=True, timeout=7200, check=False)
        wall = time.monotonic() - t0
        if r.returncode != 0:
            raise RuntimeError(f"suite on {n} worker(s) failed: {r.stdout[-1500:]}{r.stderr[-1500:]}")
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        return wall, {f["fingerprint"] for row in summary["runs"] for f in row["findings"]}
    finally:
        workers.send_signal(signal.SIGTERM)
        try:
            workers.wait(timeout=300)
        except subprocess.TimeoutExpired:
            os.killpg(workers.pid, signal.SIGKILL)


def run() -> dict[str, dict]:
    exe = shutil.which("redis-server")
    if exe is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    suite = Path(os.environ.get("PIMON_BENCH_FLEET_SUITE", ROOT / "scenarios" / "demo.suite.yaml"))
    tmp = Path(tempfile.mkdtemp(prefix="pimon-fleet-bench-"))
    port = _port()
    redis = subprocess.Popen([exe, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                              "--dir", str(tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        broker = f"redis://127.0.0.1:{port}/0"
        one, fps1 = _wall(1, suite, broker, tmp)
        two, fps2 = _wall(2, suite, broker, tmp)
    finally:
        redis.terminate()
        redis.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    if fps1 != fps2:
        print(f"   note: findings differ between the two runs ({len(fps1 ^ fps2)} fingerprint(s))", flush=True)
    return {
        "fleet.demo_suite.1_worker_s": {"value": one, "unit": "s"},
        "fleet.demo_suite.2_workers_s": {"value": two, "unit": "s"},
        "fleet.demo_suite.speedup": {"value": one / two, "unit": "x (1 worker / 2 workers)"},
    }
