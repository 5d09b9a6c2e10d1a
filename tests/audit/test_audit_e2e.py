"""`pimon sdk audit` end to end on the emulator (three runs in all, the budget of this file): a tiny SDK compiled
here that reads android_id and then needs a framework class the emulator lacks (``sdk-incomplete``), and the
three real corpus SDKs in one harness with their documented integration, before and after consent (skipped when
`make setup` could not fetch the corpus)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from monitor import paths
from monitor.audit.audit import audit_sdk
from monitor.audit.harness import HarnessSpec
from monitor.audit.integration import documented
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
BEFORE = ("unknown", "pre-consent")


def _pis(run, caller: str, phases: tuple[str, ...]) -> set[str]:
    return {c["pi"] for c in run.collected if c["caller"] == caller and c["phase"] in phases}


def test_corpus_sdks_with_their_documented_integration_before_and_after_consent(tmp_path: Path,
                                                                                audit_device: EmulatorDevice) -> None:
    """The three corpus SDKs in one harness (an app embedding them; attributed apart by package prefix), their
    entry points from monitor/sdk/sdks.yaml: one run per integration mode.

    Observed and checked (docs/sdk-audit.md compares them with what each vendor publishes):
    * WeChat OpenSDK: registerApp reads WeChat's PackageInfo (com.tencent.mm, GET_SIGNATURES) to check its signature;
    * Adjust 4.38: the GAID (AdvertisingIdClient, by reflection), MCC/MNC (getNetworkOperator), PackageInfo of
      com.android.vending and com.facebook.katana; the GAID goes to app.adjust.com;
    * JCore 4.8.0: android_id (Settings.Secure); its privacy-mode call JCollectionAuth.setAuth(context, false)
      reads only the app's own PackageInfo/ApplicationInfo, which is not collecting (as for the rules).
    The careless integration makes these reads before the privacy dialog is answered; the vendors' compliant one
    (init at 同意, JCore's privacy mode before) makes none before consent and the same ones after."""
    jars = [CORPUS / f"{n}.jar" for n in ("wechat", "adjust", "jcore")]
    if not all(j.is_file() for j in jars):
        pytest.skip(f"{CORPUS} not fetched (make setup: npm pack, monitor/audit/corpus.py)")
    doc = documented(jars)
    assert doc.sdks == ("wechat", "adjust", "jiguang-core")
    assert doc.pre_inits == ("cn.jiguang.api.utils.JCollectionAuth.setAuth(context, false)",)
    spec = HarnessSpec(sdk_files=tuple(jars), inits=doc.inits, pre_inits=doc.pre_inits, keys=doc.keys)
    store = open_store(str(tmp_path / "pimon.db"))
    # JCore reads android_id 4-6 s after its init: a user who reads the dialog for 8 s, and 7 s of use after 同意
    before, after = audit_sdk(spec, store=store, device=audit_device, out_dir=None,
                              scenarios=(str(Path(__file__).with_name("read-then-agree.yaml")),))
    assert (before.mode, after.mode) == ("before-consent", "after-consent")
    for run in (before, after):
        # every entry point returned (an exception out of one ends the harness: app-crashed or sdk-incomplete
        # with an uncaught failure); what is left is JCore's JCommon library, which the corpus does not carry
        assert run.status in ("completed", "sdk-incomplete"), run.reason
        assert all(f["missing"] == "cn.jiguang.common.api.JCommonDataControl" and not f["framework"]
                   and f["caught_by"] for f in run.failures), run.failures
        assert {c["caller"] for c in run.collected} == {"sdk:wechat", "sdk:adjust", "sdk:jiguang-core"}, run.collected

    # careless: initialised in Application.onCreate, each SDK's reads at init come before consent, as its own
    assert _pis(before, "sdk:wechat", BEFORE) == {"package-info"}, before.collected
    assert {"gaid", "mcc-mnc", "package-info"} == _pis(before, "sdk:adjust", BEFORE), before.collected
    assert _pis(before, "sdk:jiguang-core", BEFORE) == {"android_id"}, before.collected
    sent_before = [f for f in before.sent if f["phase"] in BEFORE]
    assert sent_before and all(f["caller"] == "sdk:adjust" and f["host"] == "app.adjust.com"
                               and "gaid" in f["pi"].split(",") for f in sent_before), before.sent
    flagged = {(f["rule"], f["caller"]) for f in before.findings}
    assert {("PI-6.3-BEFORE-CONSENT", s) for s in ("sdk:wechat", "sdk:adjust", "sdk:jiguang-core")} <= flagged

    # compliant: nothing read or sent before 同意, the same reads after it
    assert [c for c in after.collected if c["phase"] != "consented"] == [], after.collected
    assert [f for f in after.sent if f["phase"] != "consented"] == [], after.sent
    for sdk in ("sdk:wechat", "sdk:adjust", "sdk:jiguang-core"):
        assert _pis(before, sdk, BEFORE) <= _pis(after, sdk, ("consented",)) <= _pis(
            before, sdk, (*BEFORE, "consented")), (sdk, before.collected, after.collected)
    assert not [f for f in after.findings if f["rule"] == "PI-6.3-BEFORE-CONSENT"], after.findings
