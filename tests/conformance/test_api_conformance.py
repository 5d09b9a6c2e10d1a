"""API conformance (issue 8 part 1): the emulator and the hook catalog against Android API 36.

The oracle is chaquopy-stubs-android (type stubs of API level 36, parsed with ast, never imported).
Hidden framework APIs and SDK/vendor classes are accepted only from the sourced lists next to this
file; known_deviations.yaml is a ratchet of open findings that may only shrink.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from monitor.catalog import HOOKS_FILE, load_catalog
from monitor.paths import EMULATOR_BUILD, EMULATOR_DIR
from tests.conformance.api_index import build_index
from tests.conformance.catalog_api import Problem, check_entry, check_sdk_entry, is_platform, load_yaml
from tests.conformance.emulator_api import check_class, javap_classes

HERE = Path(__file__).resolve().parent
FRAMEWORK_SRC = EMULATOR_DIR / "framework" / "src"


@pytest.fixture(scope="session")
def index(request):
    """The API-36 index, pickled in pytest's cache per stub version and parser source."""
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    if cache is None:
        return build_index()
    version = importlib.metadata.version("chaquopy-stubs-android")
    digest = hashlib.sha256((HERE / "api_index.py").read_bytes()).hexdigest()[:16]
    cached = cache.mkdir("pimon-api-index") / f"{version}-{digest}.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    built = build_index()
    cached.write_bytes(pickle.dumps(built))
    return built


@pytest.fixture(scope="session")
def non_sdk():
    return load_yaml(HERE / "non_sdk_api.yaml")


@pytest.fixture(scope="session")
def hidden(non_sdk):
    return {(h["class"], h["method"]): h for h in non_sdk["hidden_methods"]}


@pytest.fixture(scope="session")
def known():
    return load_yaml(HERE / "known_deviations.yaml")


def _javac(out: Path, sources: list[Path], classpath: Path | None = None) -> None:
    cmd = ["javac", "-nowarn", "-encoding", "UTF-8", "--release", "17", "-XDsuppressNotes", "-Xlint:none",
           "-d", str(out)]
    if classpath is not None:
        cmd += ["-cp", str(classpath)]
    proc = subprocess.run(cmd + [str(s) for s in sources], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"emulator framework does not compile:\n{proc.stderr[-2000:]}"


@pytest.fixture(scope="session")
def framework_classes(tmp_path_factory) -> Path:
    if shutil.which("javac") is None or shutil.which("javap") is None:
        pytest.skip("JDK (javac, javap) not installed")
    sources = sorted(FRAMEWORK_SRC.rglob("*.java"))
    if not sources:
        pytest.skip("no emulator framework sources")
    jar = EMULATOR_BUILD / "framework.jar"
    if jar.is_file() and jar.stat().st_mtime >= max(s.stat().st_mtime for s in sources):
        return jar  # `make emulator` output, newer than every source
    out = tmp_path_factory.mktemp("framework-classes")
    _javac(out, sources)
    return out


def _ratchet(found: list[str], keys: list[str], known_list: list[str], what: str) -> None:
    unexpected = [f for f, k in zip(found, keys, strict=True) if k not in known_list]
    stale = [k for k in known_list if k not in keys]
    assert not unexpected, f"{what} differs from Android API 36:\n  " + "\n  ".join(unexpected)
    assert not stale, "fixed -- remove from known_deviations.yaml:\n  " + "\n  ".join(stale)


def test_oracle_reads_known_signatures(index):
    tm = index["android.telephony.TelephonyManager"]
    assert {m.params for m in tm.methods["getDeviceId"]} == {(), ("int",)}
    assert [m.ret for m in tm.methods["getLine1Number"]] == ["str"]
    (secure_get,) = index["android.provider.Settings$Secure"].methods["getString"]
    assert secure_get.static and secure_get.params == ("android.content.ContentResolver", "java.lang.String")
    assert ("java.lang.String[]", "int") in {m.params for m in index["android.app.Activity"].methods["requestPermissions"]}
    assert ("java.lang.String",) in {m.params for m in index["java.lang.Runtime"].methods["exec"]}  # stub: exec_
    assert index["android.content.Context"].methods["getSystemService"][0].params == ("java.lang.Class",)
    assert "android.view.ViewGroup$LayoutParams" in index


def test_emulator_defines_only_real_android_api(index, framework_classes, hidden, non_sdk, known):
    problems = []
    classes = javap_classes(framework_classes)
    assert len(classes) > 10
    hidden_classes = {h["class"]: h for h in non_sdk["hidden_classes"]}
    for emu in classes:
        if emu.public:
            problems += check_class(index, emu, hidden, hidden_classes)
    _ratchet(problems, problems, known["emulator"], "the emulator")


def _catalog_problems(catalog, index, non_sdk) -> list[Problem]:
    sdk_list = load_yaml(HERE / "sdk_signatures.yaml")
    problems: list[Problem] = []
    for entry in catalog:
        if entry.native:
            continue
        if is_platform(entry.class_name):
            problems += check_entry(entry, index, non_sdk)
        else:
            problems += check_sdk_entry(entry, sdk_list)
    return problems


def test_catalog_names_real_methods_overloads_and_parameters(index, non_sdk, known):
    problems = _catalog_problems(load_catalog(), index, non_sdk)
    known_keys = [re.sub(r"^hooks\.yaml:\d+: ", "", k) for k in known["catalog"]]
    _ratchet([str(p) for p in problems], [p.key for p in problems], known_keys, "the hook catalog")


def test_sourced_lists_name_their_sources(non_sdk):
    for section in ("hidden_classes", "hidden_methods", "removed_methods"):
        for entry in non_sdk[section]:
            assert entry.get("source"), entry
    for entry in non_sdk["removed_methods"]:
        assert re.fullmatch(r"\d+-\d+", entry["api_levels"]), entry
    for entry in load_yaml(HERE / "sdk_signatures.yaml"):
        assert entry.get("source"), entry
        assert not is_platform(entry["class"]), f"{entry['class']} belongs to the platform: check it, don't list it"


WRONG_ENTRIES = (
    "- {class: android.telephony.TelephonyManager, method: getDeviceId, overloads: [[long]], category: device-id}",
    "- {class: android.telephony.TelephonyManager, method: getDeviceID, category: device-id}",
    "- {class: android.provider.Settings$Secure, method: getString, filter: {arg: 2, equals: [x]}, category: device-id}",
    "- {class: android.telephony.TelephonyManagr, method: getImei, category: device-id}",
    "- {class: com.example.Tracker, method: collect, category: device-id}",
)


def test_wrong_signature_in_a_scratch_catalog_fails(tmp_path, index, non_sdk):
    scratch = tmp_path / "hooks.yaml"
    scratch.write_text(HOOKS_FILE.read_text(encoding="utf-8") + "".join(e + "\n" for e in WRONG_ENTRIES))
    found = "\n".join(str(p) for p in _catalog_problems(load_catalog(scratch), index, non_sdk))
    assert "android.telephony.TelephonyManager.getDeviceId(long): no such overload in API 36 (API has (), (int))" in found
    assert "android.telephony.TelephonyManager.getDeviceID: no such method in API 36" in found
    assert "android.provider.Settings$Secure.getString: filter on argument 2, but no overload has 3 parameters" in found
    assert "android.telephony.TelephonyManagr: class does not exist in API 36" in found
    assert "com.example.Tracker.collect: SDK/vendor hook without a sourced signature" in found


def test_wrong_signature_in_a_scratch_emulator_class_fails(tmp_path, index, framework_classes, hidden):
    original = FRAMEWORK_SRC / "android" / "telephony" / "TelephonyManager.java"
    text = original.read_text(encoding="utf-8")
    text, n = re.subn(r"public String getLine1Number\(\)", "public String getLine1Number(long slot)", text, count=1)
    if n == 0:  # the emulator's file changed shape: use a minimal stand-in with the same mistake
        text = ("package android.telephony;\npublic class TelephonyManager {\n"
                "  public String getLine1Number(long slot) { return null; }\n}\n")
    text = text.replace("public String getSimOperator()", "public static String getSimOperator()", 1)
    src = tmp_path / "src" / "android" / "telephony" / "TelephonyManager.java"
    src.parent.mkdir(parents=True)
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    _javac(out, [src], classpath=framework_classes)
    (emu,) = [c for c in javap_classes(out) if c.name == "android.telephony.TelephonyManager"]
    found = "\n".join(check_class(index, emu, hidden))
    assert "android.telephony.TelephonyManager.getLine1Number(long): no such method/overload in API 36 (API has ())" in found
    if "static String getSimOperator()" in text:
        assert "android.telephony.TelephonyManager.getSimOperator(): static here, instance in API 36" in found


def test_hidden_class_members_must_be_sourced(tmp_path, index, framework_classes, hidden, non_sdk):
    src = tmp_path / "src" / "android" / "os" / "SystemProperties.java"
    src.parent.mkdir(parents=True)
    src.write_text("package android.os;\npublic class SystemProperties {\n"
                   "  public static String get(String key) { return \"\"; }\n"
                   "  public static int getInt(String key, int def) { return def; }\n}\n")
    out = tmp_path / "out"
    out.mkdir()
    _javac(out, [src])
    (emu,) = javap_classes(out)
    hidden_classes = {h["class"]: h for h in non_sdk["hidden_classes"]}
    assert check_class(index, emu, hidden, hidden_classes) == [
        "android.os.SystemProperties.getInt(java.lang.String, int): no such method/overload in API 36"]
