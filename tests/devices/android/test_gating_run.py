"""Defect 2 at the level of a run: the app's `:push` process, forked while the run records, is
instrumented by the run before its first instruction (its first file read is recorded) and shown as
its own process; the rest is real (agent, Frida, store), only spawn gating is stood in for
(gated_frida.py: Linux's local Frida has none)."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from monitor.catalog import load_catalog
from monitor.devices.android.device import AndroidDevice
from monitor.run import RunRecorder
from monitor.store import open_store

from .gated_frida import GatedFrida

PUSH_C = r"""
#include <fcntl.h>
#include <unistd.h>
int main(void) {
    int fd = open("/sys/class/net/lo/address", O_RDONLY);  /* first thing it does */
    if (fd >= 0) close(fd);
    usleep(200000);
    return 0;
}
"""


@pytest.fixture(scope="module")
def push_exe(tmp_path_factory):
    if not shutil.which("cc"):
        pytest.skip("no C compiler")
    d = tmp_path_factory.mktemp("push")
    (d / "push.c").write_text(PUSH_C)
    subprocess.run(["cc", "-o", str(d / "push"), str(d / "push.c")], check=True)
    return d / "push"


def test_a_run_instruments_the_apps_push_process_before_it_runs(phone, client, apps, u2_agent, push_exe, tmp_path):
    import frida

    exe = str(apps["com.example.longrun"])
    phone.packages[exe] = "/data/app/longrun/base.apk"
    gated = GatedFrida(frida.get_local_device())
    device = AndroidDevice(phone.serial, client=client, frida_device=gated)
    store = open_store(f"sqlite:///{tmp_path / 'run.db'}")
    run_id = store.create_run(exe, device_kind="android", device_serial=phone.serial, scenario="t")
    rec = RunRecorder(device=device, package=exe, store=store, run_id=run_id, catalog=load_catalog())
    rec.launch(cold=True)
    try:
        gated.zygote_fork(exe + ":push", str(push_exe))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            tl = store.load_timeline(run_id)
            if any(x.kind == "sub-process-exit" for x in tl.lifecycle):
                break
            time.sleep(0.1)
    finally:
        rec._process.stop_grace = 0.2  # the fake's am force-stop cannot end a local process
        rec.finish()
    tl = store.load_timeline(run_id)
    kinds = [(x.kind, x.data.get("process")) for x in tl.lifecycle]
    assert ("sub-process-start", exe + ":push") in kinds and ("sub-process-exit", exe + ":push") in kinds
    assert not [k for k, _ in kinds if k in ("restart",)]  # another process of the app is no restart
    reads = [c for c in tl.calls if c.api == "libc.open" and c.args and c.args[0] == "/sys/class/net/lo/address"]
    assert reads, [c.api for c in tl.calls]  # hooked from its first instruction
    assert not gated.gating and not gated.pending
    roles = [(p["process"], p["role"]) for p in rec.processes]  # what findings.json lists as config.processes
    assert roles == [(exe, "main"), (exe + ":push", "sub")]
