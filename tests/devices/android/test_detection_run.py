"""An app that probes for Frida and root, then quits: the run is ``instrumentation-detected``.

Real Frida, the real agent and catalog, the real store and rules; the device boundary is the fake adb
server, the "app" a local native process that does what protection SDKs do first: stat frida-server's
file, access() su, then exit."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from monitor.catalog import load_catalog
from monitor.detection import record
from monitor.devices.android.device import AndroidDevice
from monitor.reports import write_reports
from monitor.rules import analyse_run
from monitor.run import RunRecorder
from monitor.store import open_store

DETECTOR_C = r"""
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
    struct stat st;
    int frida = stat("/data/local/tmp/frida-server", &st) == 0;
    int root = access("/system/xbin/su", F_OK) == 0;
    usleep(50000);
    return frida || root ? 1 : 0;   /* found or not, it leaves: pimon cannot tell */
}
"""


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    if not shutil.which("cc"):
        pytest.skip("no C compiler")
    d = tmp_path_factory.mktemp("detector")
    (d / "d.c").write_text(DETECTOR_C)
    subprocess.run(["cc", "-O0", "-o", str(d / "com.example.detector"), str(d / "d.c")], check=True)
    return d / "com.example.detector"


def test_a_probe_then_an_exit_ends_the_run_as_instrumentation_detected(phone, client, u2_agent, detector, tmp_path):
    import frida

    exe = str(detector)
    phone.packages[exe] = "/data/app/detector/base.apk"
    device = AndroidDevice(phone.serial, client=client, frida_device=frida.get_local_device())
    store = open_store(f"sqlite:///{tmp_path / 'run.db'}")
    run_id = store.create_run(exe, device_kind="android", device_serial=phone.serial, scenario="t")
    rec = RunRecorder(device=device, package=exe, store=store, run_id=run_id, catalog=load_catalog())
    rec.launch(cold=True)
    proc = rec._process
    try:
        proc.wait_exit(timeout=20)
    finally:
        proc.stop_grace = 0.2
        rec.finish()
    tl = store.load_timeline(run_id)
    probes = [(c.api.split(".")[1], c.pi, c.args[0]) for c in tl.calls if c.category == "detection"]
    assert ("stat", "frida-files", "/data/local/tmp/frida-server") in probes, [c.api for c in tl.calls]
    assert ("access", "su-binary", "/system/xbin/su") in probes

    status, reason = record(store, run_id, "completed", None)
    assert status == "instrumentation-detected"
    assert "frida-files" in reason and "su-binary" in reason and "under observation" in reason
    store.finish_run(run_id, status, reason)
    run = store.get_run(run_id)
    assert run.status == "instrumentation-detected"  # stored as is (the column takes 24 characters)
    det = run.config["detection"]
    assert det["exit_ts"] is not None and 0 <= det["delay_ms"] <= 5000
    assert {p["kind"] for p in det["probes"]} == {"frida-files", "su-binary"}
    findings = analyse_run(store, run_id, None)
    assert not [f for f in findings if f.rule in ("PI-7.3-FORCED-EXIT", "PI-6.3-NO-CONSENT-DIALOG")]
    # reported and explained: findings.json (valid against its schema) and report.html
    out = write_reports(store, run_id, tmp_path / "out", formats=("json", "html"))
    doc = json.loads(out["json"].read_text(encoding="utf-8"))
    schema = Path(__file__).resolve().parents[3] / "monitor" / "reports" / "findings.schema.json"
    jsonschema.validate(doc, json.loads(schema.read_text(encoding="utf-8")), cls=jsonschema.Draft202012Validator)
    assert doc["run"]["status"] == "instrumentation-detected" and doc["detection"]["exit_ts"] == det["exit_ts"]
    html = out["html"].read_text(encoding="utf-8")
    assert "INSTRUMENTATION-DETECTED" in html and "/data/local/tmp/frida-server" in html
