"""`pimon sdk audit` end to end on the emulator (two runs in all, the budget of this file): a tiny SDK compiled
here that reads android_id and then needs a framework class the emulator lacks (``sdk-incomplete``), and one
real corpus SDK, Adjust 4.38, initialised before consent (skipped when `make setup` could not fetch the corpus)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from monitor import paths
from monitor.audit.audit import audit_sdk
from monitor.audit.harness import HarnessSpec
from monitor.devices.emulator.device import EmulatorDevice
from monitor.store import open_store
from tests.devices.emulator.conftest import build_emulator

PARAMS = {"observe": 3, "background": 1, "permission_timeout": 1, "dialog_timeout": 5}
SDK = """package com.vendor.tiny;
import android.content.Context;
public class Sdk {
  public static void init(Context context, String appKey) {
    String id = android.provider.Settings.Secure.getString(context.getContentResolver(), "android_id");
    android.os.PimonMissing.report(appKey, id);
  }
}"""
STUB = "package android.os; public class PimonMissing { public static void report(String a, String b) {} }"


def _javac(src: dict[str, str], out: Path, cp: list[Path]) -> None:
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac here")
    for rel, text in src.items():
        (out.parent / "src" / rel).parent.mkdir(parents=True, exist_ok=True)
        (out.parent / "src" / rel).write_text(text)
    subprocess.run([javac, "-nowarn", "-d", str(out), "-cp", ":".join(map(str, cp)),
                    *[str(out.parent / "src" / r) for r in src]], check=True, capture_output=True, text=True)


@pytest.fixture
def audit_device(tmp_path: Path):
    dev = EmulatorDevice(tmp_path / "device", "sdk-audit", build_dir=build_emulator())
    try:
        yield dev
    finally:
        dev.close()


def test_an_sdk_that_needs_a_missing_framework_class_is_sdk_incomplete_and_what_it_read_first_is_its_own(
        tmp_path: Path, audit_device: EmulatorDevice) -> None:
    framework = build_emulator() / "framework.jar"
    _javac({"android/os/PimonMissing.java": STUB}, tmp_path / "stub", [framework])
    _javac({"com/vendor/tiny/Sdk.java": SDK}, tmp_path / "classes", [tmp_path / "stub", framework])
    jar = tmp_path / "tiny-sdk.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.write(tmp_path / "classes/com/vendor/tiny/Sdk.class", "com/vendor/tiny/Sdk.class")
    store = open_store(str(tmp_path / "pimon.db"))
    spec = HarnessSpec(sdk_files=(jar,), inits=("com.vendor.tiny.Sdk.init",), keys=(("APP_KEY", "k-123"),))
    [run] = audit_sdk(spec, store=store, device=audit_device, out_dir=tmp_path / "out", modes=("before-consent",),
                      params=PARAMS)
    assert run.status == "sdk-incomplete", run.reason
    assert run.reason.startswith("framework lacks android.os.PimonMissing (in com.vendor.tiny.Sdk.init); "
                                 "it ended the SDK's entry point or thread")
    [failure] = run.failures
    assert (failure["error"], failure["kind"], failure["framework"]) == ("java.lang.NoClassDefFoundError", "class", True)
    stored = store.get_run(run.run_id)
    assert stored.status == "sdk-incomplete"
    assert stored.config["sdk_audit"]["failures"][0]["missing"] == "android.os.PimonMissing"
    # the read before the failure is the SDK's (not the harness app's), before any consent
    assert [(c["caller"], c["phase"], c["pi"]) for c in run.collected] == [("other:com.vendor.tiny", "unknown",
                                                                           "android_id")]
    assert not [f for f in run.findings if f["rule"] == "PI-7.3-FORCED-EXIT"]  # a dead SDK is not an app's exit
    assert (tmp_path / "out" / "before-consent--first-launch-agree" / "findings.json").is_file()


CORPUS = paths.REPO_ROOT / "build" / "sdk-corpus"


def test_adjust_initialised_before_consent_reads_and_sends_the_gaid_as_adjust(tmp_path: Path,
                                                                            audit_device: EmulatorDevice) -> None:
    """Adjust 4.38 as its integration guide says (AdjustConfig + onCreate, onResume), in Application.onCreate.
    Adjust documents collecting the advertising id, the MCC/MNC and package data; pimon must see those reads and
    the GAID leaving for app.adjust.com, all attributed to Adjust, before the privacy dialog was answered."""
    jar = CORPUS / "adjust.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} not fetched (make setup: npm pack, monitor/audit/corpus.py)")
    init = ('com.adjust.sdk.Adjust.onCreate(new com.adjust.sdk.AdjustConfig(context, key("ADJUST_APP_TOKEN"), '
            'com.adjust.sdk.AdjustConfig.ENVIRONMENT_SANDBOX))')
    spec = HarnessSpec(sdk_files=(jar,), keys=(("ADJUST_APP_TOKEN", "abcdef123456"),),
                       inits=(init, "com.adjust.sdk.Adjust.onResume()"))
    store = open_store(str(tmp_path / "pimon.db"))
    [run] = audit_sdk(spec, store=store, device=audit_device, out_dir=None, modes=("before-consent",),
                      params=PARAMS)
    # with Context.getAssets()/getResources(), resolveContentProvider … in the framework nothing is missing any more
    assert (run.status, run.failures) == ("completed", []), run.reason
    before = ("unknown", "pre-consent")
    assert {c["caller"] for c in run.collected} == {"sdk:adjust"}
    pis = {c["pi"] for c in run.collected if c["phase"] in before}
    assert {"gaid", "mcc-mnc", "package-info"} <= pis, run.collected
    assert [(f["caller"], f["host"], f["pi"]) for f in run.sent if f["phase"] in before] and all(
        f["caller"] == "sdk:adjust" and f["host"] == "app.adjust.com" and "gaid" in f["pi"].split(",")
        for f in run.sent if f["phase"] in before), run.sent
    assert ("PI-6.3-BEFORE-CONSENT", "sdk:adjust") in {(f["rule"], f["caller"]) for f in run.findings}
