"""Workers: ``python -m monitor.fleet.worker --device D --broker URL`` is one Celery worker for one device
(concurrency 1, listening on the device's capability queues); :func:`supervise` (``pimon worker``) starts
one such process per ``--device`` and stops them all together."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from monitor.fleet.app import DEFAULT_VISIBILITY_TIMEOUT, make_app
from monitor.fleet.queues import capabilities, queues_for


def device_names(specs: Sequence[str]) -> list[str]:
    """Give each plain ``emulator`` its own name (``emulator:fleet-<host>-N``): several embedded-emulator
    workers on one host each get their own device state directory."""
    host = socket.gethostname().split(".")[0]
    out, n = [], 0
    for spec in specs:
        if spec == "emulator":
            n += 1
            out.append(f"emulator:fleet-{host}-{n}")
        else:
            out.append(spec)
    if len(set(out)) != len(out):
        raise ValueError("the same device is given twice: one worker per device")
    return out


def worker_argv(name: str, queues: list[str], loglevel: str = "INFO") -> list[str]:
    return ["worker", "--concurrency=1", "--pool=prefork", f"--hostname={name}", "-Q", ",".join(queues),
            f"--loglevel={loglevel}", "--without-gossip", "--without-mingle", "--prefetch-multiplier=1"]


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m monitor.fleet.worker")
    p.add_argument("--device", required=True)
    p.add_argument("--broker", required=True)
    p.add_argument("--db", default=None)
    p.add_argument("--name", default=None)
    p.add_argument("--visibility-timeout", type=int, default=DEFAULT_VISIBILITY_TIMEOUT)
    p.add_argument("--loglevel", default="INFO")
    a = p.parse_args(argv)
    from monitor.fleet.tasks import register, worker_device

    os.environ["PIMON_WORKER_DEVICE"] = a.device
    if a.db:
        os.environ["PIMON_WORKER_DB"] = a.db
    name = a.name or f"pimon-{a.device.replace(':', '-')}@{socket.gethostname()}"
    os.environ["PIMON_WORKER_NAME"] = name
    if a.device.startswith("emulator"):  # nothing to probe; keep Frida/JVM state out of the forking parent
        caps: dict[str, Any] = {"kind": "emulator", "serial": a.device}
    else:
        caps = capabilities(worker_device())  # a missing phone fails here, not per task
        from monitor.fleet import tasks

        tasks._state.pop("device", None)  # the pool's child process opens its own
    queues = queues_for(caps)
    app = make_app(a.broker, visibility_timeout=a.visibility_timeout)
    register(app)
    print(f"PIMON-WORKER {name} device={a.device} queues={','.join(queues)} pid={os.getpid()}", flush=True)
    app.worker_main(worker_argv(name, queues, a.loglevel))


def supervise(devices: Sequence[str], broker: str, db: str | None, *, visibility_timeout: int,
              echo: Callable[[str], Any] = print, loglevel: str = "INFO") -> int:
    """Start one worker process per device and keep them serving; a worker that dies (device lost, killed) is
    reported and the others go on. Ctrl-C / SIGTERM stops all (warm: running tasks finish first). Returns 0,
    or the code of the first worker that ended by itself."""
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    for dev in device_names(devices):
        cmd = [sys.executable, "-m", "monitor.fleet.worker", "--device", dev, "--broker", broker,
               "--visibility-timeout", str(visibility_timeout), "--loglevel", loglevel]
        if db:
            cmd += ["--db", db]
        procs.append((dev, subprocess.Popen(cmd)))
        echo(f"worker for {dev}: pid {procs[-1][1].pid}")
    stop = False

    def _stop(*_: Any) -> None:
        nonlocal stop
        stop = True

    old = signal.signal(signal.SIGTERM, _stop)
    code = 0
    try:
        running = dict(procs)
        while not stop and running:
            for d, p in list(running.items()):
                if p.poll() is not None:  # a lost device or a killed worker: the others keep serving
                    echo(f"worker for {d} ended with code {p.returncode}")
                    code = code or (p.returncode or 0)
                    del running[d]
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old)
        for _, p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)  # warm shutdown: a running task finishes first
        for _, p in procs:
            try:
                p.wait(timeout=600)
            except subprocess.TimeoutExpired:
                p.kill()
    return code


if __name__ == "__main__":
    main()
