"""`pimon serve` with 10,000 stored runs (generated through the store API): time to first byte of the runs page
and of the SDK view over real HTTP (uvicorn on 127.0.0.1), against a plain SELECT of the same rows on the same
database in the same run (ratio). ``PIMON_BENCH_WEB_RUNS`` sets the number of runs."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import text

RUNS = int(os.environ.get("PIMON_BENCH_WEB_RUNS", "10000"))
REPEATS = 7
APPS = [f"com.bench.app{i:03d}" for i in range(200)]
SDKS = ["sdk:umeng", "sdk:getui", "sdk:jpush", "sdk:bugly", "sdk:baidu-map"]
CATS = ["device-id", "location", "contacts", "installed-apps"]
PHASES = ["pre-consent", "refused", "consented"]


def _generate(db: str) -> None:
    from monitor.findings.fingerprint import fingerprint
    from monitor.store import open_store
    from monitor.store.review import add_user
    from monitor.web.auth import hash_password

    with open_store(db) as store:
        t0 = 1_764_547_200_000
        for i in range(RUNS):
            app = APPS[i % len(APPS)]
            run = store.create_run(app, scenario="first-launch-refuse", started_ms=t0 + i * 60_000,
                                   device_serial=f"dev-{i % 8}")
            store.finish_run(run, "completed" if i % 17 else "app-crashed", ended_ms=t0 + i * 60_000 + 30_000)
            found = []
            for k in range(2):
                sdk, cat, ph = SDKS[(i + k) % 5], CATS[(i * 3 + k) % 4], PHASES[(i + k) % 3]
                api = f"android.bench.Api{k}.read"
                found.append({"rule": "PI-6.3-BEFORE-CONSENT", "name": "bench", "article": "6.3", "severity": "high",
                              "api": api, "category": cat, "caller": sdk, "caller_frame": None, "chain": None,
                              "phase": ph, "count": 1, "first_ms": t0, "last_ms": t0, "evidence": {},
                              "message": "bench", "kind": "auto",
                              "fingerprint": fingerprint(app, "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", api, cat,
                                                         sdk, ph)})
            store.replace_findings(run, found)
        add_user(store, "bench", hash_password("bench-password"), "viewer")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ttfb(port: int, path: str, cookie: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    resp = conn.getresponse()  # returns once the status line and headers arrived
    resp.read(1)
    dt = time.perf_counter() - t0
    resp.read()
    conn.close()
    assert resp.status == 200, (path, resp.status)
    return dt


def _log_in(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login")
    r = conn.getresponse()
    page = r.read().decode()
    cookie = r.getheader("set-cookie").split(";")[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urlencode({"user": "bench", "password": "bench-password", "csrf": token, "next": "/runs"})
    conn.request("POST", "/login", body=body, headers={"Cookie": cookie,
                                                       "Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    r.read()
    assert r.status == 303, r.status
    return r.getheader("set-cookie").split(";")[0]


def _plain(db: str, sql: str) -> float:
    from monitor.store import open_store

    with open_store(db) as store, store.engine.connect() as c:
        t0 = time.perf_counter()
        c.execute(text(sql)).fetchall()
        return time.perf_counter() - t0


def run() -> dict[str, dict]:
    tmp = Path(tempfile.mkdtemp(prefix="pimon-web-bench-"))
    db = str(tmp / "bench.db")
    proc = None
    try:
        t0 = time.monotonic()
        _generate(db)
        print(f"   generated {RUNS} runs in {time.monotonic() - t0:.1f} s", flush=True)
        port = _port()
        env = {**os.environ, "PIMON_HOME": str(tmp / "home"), "PIMON_SERVE_SECRET": "bench"}
        proc = subprocess.Popen([sys.executable, "-m", "monitor.cli.main", "serve", "--db", db, "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("pimon serve did not start") from None
                time.sleep(0.1)
        cookie = _log_in(port)
        figures: dict[str, dict] = {}
        plain_runs = ("SELECT r.*, (SELECT count(*) FROM events e WHERE e.run_id = r.id), "
                      "(SELECT count(*) FROM findings f WHERE f.run_id = r.id) FROM runs r "
                      "ORDER BY r.started_ms DESC, r.id DESC LIMIT 51")
        plain_sdks = ("SELECT f.caller, f.category, f.phase, r.app_package, count(DISTINCT f.run_id), count(*) "
                      "FROM findings f JOIN runs r ON r.id = f.run_id WHERE f.caller LIKE 'sdk:%' "
                      "GROUP BY f.caller, f.category, f.phase, r.app_package")
        for name, path, sql in (("runs_page", "/runs", plain_runs), ("sdk_view", "/sdks", plain_sdks)):
            _ttfb(port, path, cookie)  # warm
            page = statistics.median(_ttfb(port, path, cookie) for _ in range(REPEATS))
            base = statistics.median(_plain(db, sql) for _ in range(REPEATS))
            figures[f"web.{name}.ttfb_ms"] = {"value": page * 1000, "unit": f"ms ({RUNS} runs, median of {REPEATS})"}
            figures[f"web.{name}.plain_select_ms"] = {"value": base * 1000, "unit": "ms (same rows, plain SELECT)"}
            figures[f"web.{name}.ratio"] = {"value": page / base, "unit": "x (page TTFB / plain SELECT)"}
        return figures
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
