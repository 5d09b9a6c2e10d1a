"""The SDK audit's harness app: entry points, escaping, the manifest, the jar (javac against a tiny SDK), and
the Java 7 class files relabelled for HotSpot's inference verifier."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from monitor.audit import harness
from monitor.audit.classfile import inference_verifiable, parse
from monitor.devices.emulator.manifest import parse_manifest
from monitor.errors import ConfigError
from tests.devices.emulator.conftest import build_emulator


def test_entry_points_and_keys_are_checked() -> None:
    assert harness.check_entry(" com.vendor.Sdk.init ") == "com.vendor.Sdk.init"
    assert harness.check_entry('com.vendor.Sdk.init(context, key("K"))') == 'com.vendor.Sdk.init(context, key("K"));'
    for bad in ("", "init", "Sdk.init", "com.vendor.Sdk.init(context); // x", "a.B.c(\n)", "com.v.S.i(); */"):
        with pytest.raises(ConfigError):
            harness.check_entry(bad)
    assert harness.parse_key("JPUSH_APPKEY=ab=cd") == ("JPUSH_APPKEY", "ab=cd")
    for bad in ("novalue", "=x", "a b=c", "x" * 200 + "=1"):
        with pytest.raises(ConfigError):
            harness.parse_key(bad)


def test_hostile_values_stay_inside_their_java_string_and_xml_attribute() -> None:
    value = 'x"); System.exit(1); //\\\n\u2028极光\U0001F600'
    lit = harness.java_string(value)
    assert lit.startswith('"') and lit.endswith('"') and "\n" not in lit and '\\"' in lit
    assert "\\u6781" in lit and "\\ud83d\\ude00" in lit  # non-ASCII as UTF-16 escapes
    spec = harness.HarnessSpec(sdk_files=(), inits=("com.v.S.init",), keys=(("K", value),), label='<&"label>')
    src = harness.init_source(spec, "before-consent")
    assert f"KEYS.put(\"K\", {lit});" in src and 'call("com.v.S", "init", context);' in src
    m = parse_manifest(harness.manifest_xml(spec).encode(), "AndroidManifest.xml")
    assert (m.package, m.label, m.application) == (harness.PACKAGE, '<&"label>', "com.pimon.sdkaudit.AuditApp")
    root = ElementTree.fromstring(harness.manifest_xml(spec))
    meta = root.find("application/meta-data")
    assert meta is not None and meta.get(f"{{{harness.ANDROID_NS}}}value") == value
    with pytest.raises(ValueError):
        harness.init_source(spec, "sometimes")


def _classes(tmp: Path, sources: dict[str, str], classpath: list[Path]) -> Path:
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac here")
    src, out = tmp / "src", tmp / "classes"
    for rel, text in sources.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    subprocess.run([javac, "-nowarn", "-d", str(out), "-cp", ":".join(map(str, classpath)),
                    *map(str, src.rglob("*.java"))], check=True, capture_output=True, text=True)
    return out


def test_the_harness_jar_holds_the_sdk_and_a_wrong_entry_point_is_a_compile_error(tmp_path: Path) -> None:
    framework = build_emulator() / "framework.jar"
    classes = _classes(tmp_path, {"com/vendor/Sdk.java": "package com.vendor; public class Sdk {"
                                  " public static void init(android.content.Context c, String k) {}"
                                  " Runnable r = () -> {}; }"}, [framework])
    sdk = tmp_path / "vendor.jar"
    with zipfile.ZipFile(sdk, "w") as zf:
        for f in classes.rglob("*.class"):
            zf.write(f, f.relative_to(classes).as_posix())
        zf.writestr("META-INF/VENDOR.SF", "signature")
        zf.writestr("assets/vendor.cfg", "x=1")
    spec = harness.HarnessSpec(sdk_files=(sdk,), inits=("com.vendor.Sdk.init", 'com.vendor.Sdk.init(context, key("K"))'),
                               pre_inits=("com.vendor.Sdk.init",), keys=(("K", "v"),))
    jar = harness.build_harness(spec, "after-consent", tmp_path / "h.jar", framework, shutil.which("javac") or "")
    with zipfile.ZipFile(jar) as zf:
        names = set(zf.namelist())
    assert {"AndroidManifest.xml", "com/vendor/Sdk.class", "assets/vendor.cfg",
            "com/pimon/sdkaudit/AuditInit.class", "com/pimon/sdkaudit/AuditApp.class"} <= names
    assert not any(n.startswith("META-INF/") for n in names)  # the vendor's signature files are dropped
    bad = harness.HarnessSpec(sdk_files=(sdk,), inits=("com.vendor.Sdk.nosuch(context)",))
    with pytest.raises(ConfigError, match="does not compile against the SDK"):
        harness.build_harness(bad, "before-consent", tmp_path / "bad.jar", framework, shutil.which("javac") or "")
    with pytest.raises(ConfigError, match="no such SDK file"):
        harness.sdk_jars(tmp_path / "missing.aar")


def test_java7_class_files_are_relabelled_for_the_inference_verifier_unless_they_need_51(tmp_path: Path) -> None:
    classes = _classes(tmp_path, {"p/Plain.java": "package p; public class Plain { int f(int x) "
                                  "{ return x > 0 ? 1 : 2; } }",
                                  "p/Lambda.java": "package p; public class Lambda { Runnable r = () -> {}; }"}, [])
    plain, lam = (classes / "p/Plain.class").read_bytes(), (classes / "p/Lambda.class").read_bytes()
    as51 = plain[:6] + (51).to_bytes(2, "big") + plain[8:]
    out = inference_verifiable(as51)
    assert parse(out).major == 50 and out[8:] == as51[8:]
    assert inference_verifiable(plain) == plain  # Java 17: left alone
    lam51 = lam[:6] + (51).to_bytes(2, "big") + lam[8:]
    assert inference_verifiable(lam51) == lam51  # invokedynamic needs 51
