"""pimon inspect on an APK-like pimon app jar whose classes, strings and manifest we control."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from monitor.cli.inspect_cmd import register
from monitor.inspect import inspect_file

SOURCES = {
    "com/umeng/commonsdk/UMConfigure.java": "package com.umeng.commonsdk; public class UMConfigure {"
        " public static final String LOG = \"https://alog.umeng.com/app_logs?v=1\"; }",
    "com/umeng/analytics/MobclickAgent.java": "package com.umeng.analytics; public class MobclickAgent {}",
    "com/tencent/bugly/crashreport/CrashReport.java": "package com.tencent.bugly.crashreport; public class CrashReport {"
        " static String host() { return \"bugly.qq.com\"; } }",
    "cn/jpush/android/api/JPushInterface.java": "package cn.jpush.android.api; public class JPushInterface {"
        " public static class Receiver {} }",
    "com/umengx/NotUmeng.java": "package com.umengx; public class NotUmeng {}",
    "com/unknownvendor/tracker/sdk/Beacon.java": "package com.unknownvendor.tracker.sdk; public class Beacon {}",
    "com/example/demo/MainActivity.java": "package com.example.demo; public class MainActivity {"
        " String home = \"https://www.example.org/privacy\"; }",
    "com/example/demo/BootReceiver.java": "package com.example.demo; public class BootReceiver {}",
}

MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.demo"
          android:versionCode="7" android:versionName="1.2.3">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>
  <uses-permission android:name="android.permission.READ_PHONE_STATE"/>
  <uses-permission android:name="android.permission.INTERNET"/>
  <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/>
  <uses-permission android:name="android.permission.POST_NOTIFICATIONS"/>
  <uses-permission android:name="android.permission.BLUETOOTH" android:maxSdkVersion="30"/>
  <uses-permission android:name="com.example.demo.PUSH"/>
  <uses-permission android:name="com.vendor.UNDECLARED"/>
  <permission android:name="com.example.demo.PUSH" android:protectionLevel="signature"/>
  <application android:name=".DemoApp">
    <activity android:name=".MainActivity">
      <intent-filter>
        <action android:name="android.intent.action.MAIN"/>
        <category android:name="android.intent.category.LAUNCHER"/>
      </intent-filter>
    </activity>
    <activity android:name="com.example.demo.Settings"/>
    <activity-alias android:name=".Alias" android:targetActivity=".MainActivity" android:exported="false"/>
    <receiver android:name=".BootReceiver">
      <intent-filter android:priority="1000">
        <action android:name="android.intent.action.BOOT_COMPLETED"/>
        <action android:name="android.net.conn.CONNECTIVITY_CHANGE"/>
      </intent-filter>
    </receiver>
    <receiver android:name="cn.jpush.android.api.JPushInterface$Receiver" android:exported="false">
      <intent-filter>
        <action android:name="android.intent.action.USER_PRESENT"/>
        <action android:name="android.intent.action.PACKAGE_ADDED"/>
        <data android:scheme="package"/>
      </intent-filter>
    </receiver>
    <service android:name="com.umeng.message.UmengService" android:exported="true" android:process=":push"/>
    <provider android:name=".Files" android:authorities="com.example.demo.files;com.example.demo.more"/>
  </application>
</manifest>
"""


@pytest.fixture(scope="session")
def fixture_jar(tmp_path_factory) -> Path:
    if shutil.which("javac") is None:
        pytest.skip("javac (JDK 17) is not installed")
    work = tmp_path_factory.mktemp("fixture-app")
    src, out = work / "src", work / "classes"
    for rel, code in SOURCES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(code)
    subprocess.run(["javac", "-d", str(out), *map(str, src.rglob("*.java"))], check=True, capture_output=True)
    jar = work / "demo.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr("AndroidManifest.xml", MANIFEST)
        for f in sorted(out.rglob("*.class")):
            zf.write(f, f.relative_to(out).as_posix())
        zf.writestr("lib/arm64-v8a/libBugly.so", b"\x7fELF")
        zf.writestr("lib/armeabi-v7a/libBugly.so", b"\x7fELF")
        zf.writestr("lib/arm64-v8a/libdemo.so", b"\x7fELF")
    return jar


@pytest.fixture(scope="session")
def inv(fixture_jar):
    return inspect_file(fixture_jar)


def test_identity(inv):
    assert (inv.format, inv.package, inv.version_name, inv.version_code, inv.min_sdk, inv.target_sdk) == \
        ("pimon-jar", "com.example.demo", "1.2.3", 7, 21, 34)
    assert inv.application == "com.example.demo.DemoApp"
    assert inv.class_count == len(SOURCES) + 1  # JPushInterface$Receiver


def test_permissions_and_protection_levels(inv):
    assert [(p.name, p.protection, p.max_sdk, p.declared_by_app) for p in inv.permissions] == [
        ("android.permission.READ_PHONE_STATE", "dangerous", None, False),
        ("android.permission.INTERNET", "normal", None, False),
        ("android.permission.ACCESS_FINE_LOCATION", "dangerous", None, False),
        ("android.permission.POST_NOTIFICATIONS", "dangerous", None, False),
        ("android.permission.BLUETOOTH", "normal", 30, False),
        ("com.example.demo.PUSH", "signature", None, True),
        ("com.vendor.UNDECLARED", "unknown", None, False),
    ]


def test_components_exported_rules_and_filters(inv):
    got = {c.name: (c.kind, c.exported, c.exported_explicit) for c in inv.components}
    assert got == {
        "com.example.demo.MainActivity": ("activity", True, False),   # intent filter -> exported
        "com.example.demo.Settings": ("activity", False, False),      # no filter -> not exported
        "com.example.demo.Alias": ("activity-alias", False, True),
        "com.example.demo.BootReceiver": ("receiver", True, False),
        "cn.jpush.android.api.JPushInterface$Receiver": ("receiver", False, True),
        "com.umeng.message.UmengService": ("service", True, True),
        "com.example.demo.Files": ("provider", False, False),          # targetSdk 34 -> not exported
    }
    by = {c.name: c for c in inv.components}
    assert by["com.example.demo.Alias"].target_activity == "com.example.demo.MainActivity"
    assert by["com.example.demo.Files"].authorities == ["com.example.demo.files", "com.example.demo.more"]
    assert by["com.example.demo.BootReceiver"].intent_filters[0].priority == 1000
    assert by["cn.jpush.android.api.JPushInterface$Receiver"].intent_filters[0].data == ["package://*"]
    assert by["com.umeng.message.UmengService"].process == ":push"


def test_self_start_components_and_their_sdk(inv):
    starts = {c.name: [(s.trigger, s.action.rsplit(".", 1)[-1]) for s in c.self_start] for c in inv.self_starting}
    assert starts == {
        "com.example.demo.BootReceiver": [("boot", "BOOT_COMPLETED"), ("connectivity", "CONNECTIVITY_CHANGE")],
        "cn.jpush.android.api.JPushInterface$Receiver": [("user-present", "USER_PRESENT"), ("package", "PACKAGE_ADDED")],
    }
    sdk_of = {c.name: c.sdk for c in inv.components}
    assert sdk_of["cn.jpush.android.api.JPushInterface$Receiver"] == "jpush"
    assert sdk_of["com.umeng.message.UmengService"] == "umeng"
    assert sdk_of["com.example.demo.BootReceiver"] is None


def test_sdk_inventory_from_class_names(inv):
    assert [(s.id, s.class_count, s.prefixes) for s in inv.sdks] == [
        ("jpush", 2, ["cn.jpush."]), ("umeng", 2, ["com.umeng."]), ("bugly", 1, ["com.tencent.bugly."])]
    bugly = next(s for s in inv.sdks if s.id == "bugly")
    assert (bugly.vendor, bugly.category, bugly.native_libs) == ("Tencent", "crash-reporting", ["libBugly.so"])
    assert bugly.privacy_policy and bugly.compliance_guide  # carried over from the SDK database
    others = {o.package: o.class_count for o in inv.other_packages}
    assert others == {"com.umengx": 1, "com.unknownvendor.tracker": 1}  # boundary: com.umengx is not Umeng


def test_tracker_hosts_and_native_libs(inv):
    assert [(h.host, h.sdk, h.urls) for h in inv.tracker_hosts] == [
        ("alog.umeng.com", "umeng", ["https://alog.umeng.com/app_logs?v=1"]),
        ("bugly.qq.com", "bugly", []),  # a bare host-name constant
    ]
    assert inv.hosts == ["alog.umeng.com", "www.example.org"]
    assert [(n.name, n.abis, n.sdk) for n in inv.native_libs] == [
        ("libBugly.so", ["arm64-v8a", "armeabi-v7a"], "bugly"), ("libdemo.so", ["arm64-v8a"], None)]


@pytest.fixture(scope="module")
def cli():
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    register(app)
    return app


def test_cli_json_is_the_inventory(cli, fixture_jar, inv):
    result = CliRunner().invoke(cli, ["inspect", str(fixture_jar), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == inv.model_dump(mode="json")


def test_cli_table(cli, fixture_jar):
    result = CliRunner().invoke(cli, ["inspect", str(fixture_jar)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("com.example.demo", "android.permission.READ_PHONE_STATE", "dangerous", "BootReceiver",
                 "boot:BOOT_COMPLETED", "umeng", "alog.umeng.com", "libBugly.so"):
        assert text in result.stdout, text
    assert "Settings" not in result.stdout  # not exported, not self-starting: only with --all
    assert "Settings" in CliRunner().invoke(cli, ["inspect", str(fixture_jar), "--all"],
                                            env={"COLUMNS": "200"}).stdout


def test_manifest_without_android_namespace_declaration(tmp_path):
    jar = tmp_path / "bare.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr("AndroidManifest.xml", '<manifest package="com.bare"><uses-permission android:name='
                    '"android.permission.CAMERA"/><application><receiver android:name=".R"><intent-filter>'
                    '<action android:name="android.intent.action.BOOT_COMPLETED"/></intent-filter></receiver>'
                    '</application></manifest>')
    inv = inspect_file(jar)
    assert inv.package == "com.bare" and [p.protection for p in inv.permissions] == ["dangerous"]
    assert [(c.name, c.exported, [s.trigger for s in c.self_start]) for c in inv.components] == [
        ("com.bare.R", True, ["boot"])]


def test_packer_detected_from_native_library_only(tmp_path):
    jar = tmp_path / "packed.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr("AndroidManifest.xml", '<manifest package="com.packed"><application/></manifest>')
        zf.writestr("lib/arm64-v8a/libjiagu_a64.so", b"\x7fELF")
    inv = inspect_file(jar)
    assert [(s.id, s.class_count, s.native_libs) for s in inv.sdks] == [("jiagu360", 0, ["libjiagu_a64.so"])]
    assert len(inv.warnings) == 1 and "360 Jiagu" in inv.warnings[0] and "incomplete" in inv.warnings[0]
