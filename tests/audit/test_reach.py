"""Static reachability (`pimon sdk reach`): a fake SDK compiled here with known references, then the three
real corpus SDKs (skipped when `make setup` could not fetch them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor import paths
from monitor.audit import reach
from monitor.audit.report import framework_classes, static_audit
from monitor.catalog import load_catalog
from monitor.cli.main import app
from tests.devices.emulator.conftest import build_emulator

CORPUS = paths.REPO_ROOT / "build" / "sdk-corpus"

SDK = {
    "com/vendor/Sdk.java": """package com.vendor;
import android.content.Context;
public class Sdk {
  public static String init(Context ctx) throws Exception {
    android.telephony.TelephonyManager tm = (android.telephony.TelephonyManager) ctx.getSystemService("phone");
    String imei = tm.getDeviceId();
    String id = android.provider.Settings.Secure.getString(ctx.getContentResolver(), "android_id");
    Class.forName("com.google.android.gms.ads.identifier.AdvertisingIdClient");
    android.content.pm.PackageInfo pi = null;
    Object gone = pi.pimonNoSuchField;
    return imei + id + android.os.PimonMissing.VALUE + gone;
  }
}""",
    "com/vendor/Unloadable.java": "package com.vendor; public class Unloadable extends android.os.PimonMissingBase {}",
    "com/vendor/Child.java": "package com.vendor; public class Child extends Unloadable {}",
}
STUBS = {  # compiled against, not part of the framework: what the SDK needs and the framework lacks
    "android/os/PimonMissing.java": "package android.os; public class PimonMissing { public static String VALUE; }",
    "android/os/PimonMissingBase.java": "package android.os; public class PimonMissingBase {}",
    "android/content/pm/PackageInfo.java": "package android.content.pm; public class PackageInfo "
                                           "{ public Object pimonNoSuchField; }",
}


def _javac(sources: dict[str, str], out: Path, classpath: list[Path]) -> None:
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac here")
    src = out.parent / (out.name + "-src")
    for rel, text in sources.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    subprocess.run([javac, "-nowarn", "-d", str(out), "-cp", ":".join(map(str, classpath)),
                    *map(str, src.rglob("*.java"))], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def fake_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fake-sdk")
    framework = build_emulator() / "framework.jar"
    _javac(STUBS, base / "stubs", [framework])
    _javac(SDK, base / "classes", [base / "stubs", framework])  # stubs first: they shadow PackageInfo
    jar = base / "vendor-sdk.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        for f in (base / "classes").rglob("*.class"):
            zf.write(f, f.relative_to(base / "classes").as_posix())
    return jar


def test_fake_sdk_references_missing_surface_and_unloadable_classes(fake_sdk: Path) -> None:
    doc = static_audit([fake_sdk], load_catalog(), framework_classes(build_emulator()))
    apis = {a["api"]: a for a in doc["catalog_apis"]}
    assert apis["android.telephony.TelephonyManager.getDeviceId"]["callers"] == ["com.vendor.Sdk.init"]
    assert apis["android.telephony.TelephonyManager.getDeviceId"]["pi"] == ["imei"]
    assert "android_id" in apis["android.provider.Settings$Secure.getString"]["pi"]
    assert doc["reflective"] == [{"class": "com.google.android.gms.ads.identifier.AdvertisingIdClient",
                                  "callers": ["com.vendor.Sdk.init"]}]
    missing = {c["class"]: c for c in doc["missing_classes"]}
    assert set(missing) == {"android.os.PimonMissing", "android.os.PimonMissingBase"}
    members = {m["member"] for m in doc["missing_members"]}
    assert members == {"android.content.pm.PackageInfo.pimonNoSuchField"}
    assert doc["unloadable"] == [
        {"class": "com.vendor.Child", "why": "com.vendor.Unloadable: superclass android.os.PimonMissingBase is missing"},
        {"class": "com.vendor.Unloadable", "why": "superclass android.os.PimonMissingBase is missing"},
    ]


def test_cli_json_and_one_line_errors(fake_sdk: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["sdk", "reach", str(fake_sdk), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["classes"] == 3
    bad = tmp_path / "x.jar"
    bad.write_bytes(b"not a zip")
    r = CliRunner().invoke(app, ["sdk", "reach", str(bad)])
    assert r.exit_code == 2 and "not a readable jar/aar" in r.output and str(bad) in r.output
    r = CliRunner().invoke(app, ["sdk", "reach", str(tmp_path / "none.aar")])
    assert r.exit_code == 2 and "no such SDK file" in r.output


def test_aar_reads_classes_jar_and_libs(fake_sdk: Path, tmp_path: Path) -> None:
    aar = tmp_path / "vendor.aar"
    with zipfile.ZipFile(aar, "w") as zf:
        zf.write(fake_sdk, "libs/core.jar")
        zf.writestr("AndroidManifest.xml", "<manifest package='com.vendor'/>")
    classes, errors = reach.read_jar(aar)
    assert errors == {} and "com.vendor.Sdk" in classes


def _corpus(sdk: str) -> Path:
    jar = CORPUS / f"{sdk}.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} not fetched (make setup: npm pack, monitor/audit/corpus.py)")
    return jar


# What each real SDK's bytecode references, as observed with `pimon sdk reach` (callers are the SDK's own
# classes; obfuscated names in jcore). Not a run: "references" means the SDK could make the call.
CORPUS_REFS = {
    "adjust": {
        "android.provider.Settings$Secure.getString": "com.adjust.sdk.AndroidIdUtil.getAndroidId",
        "android.telephony.TelephonyManager.getNetworkOperator": "com.adjust.sdk.DeviceInfo$UtilDeviceIds.getMcc",
    },
    "wechat": {
        "android.content.pm.PackageManager.getPackageInfo": None,
    },
    "jcore": {
        "android.telephony.TelephonyManager.getDeviceId": None,
        "android.telephony.TelephonyManager.getSubscriberId": None,
        "android.net.wifi.WifiInfo.getMacAddress": None,
        "android.net.wifi.WifiManager.getScanResults": None,
        "android.location.LocationManager.getLastKnownLocation": None,
        "java.net.NetworkInterface.getHardwareAddress": None,
    },
}


@pytest.mark.parametrize("sdk", sorted(CORPUS_REFS))
def test_corpus_sdk_references(sdk: str) -> None:
    doc = static_audit([_corpus(sdk)], load_catalog(), framework_classes(build_emulator()))
    apis = {a["api"]: a for a in doc["catalog_apis"]}
    for api, caller in CORPUS_REFS[sdk].items():
        assert api in apis, api
        assert caller is None or caller in apis[api]["callers"]
    assert doc["unreadable_classes"] == {}  # the obfuscated Java 7/8 class files read
    if sdk == "adjust":  # the advertising id through reflection, as Adjust documents (Google Play Services optional)
        assert "com.google.android.gms.ads.identifier.AdvertisingIdClient" in {r["class"] for r in doc["reflective"]}
    # org.json is in the framework now (Debian's libandroid-json-org-java): no SDK misses it
    assert not [c for c in doc["missing_classes"] if c["class"].startswith("org.json.")]
