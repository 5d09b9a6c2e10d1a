"""The class-file reader against a second opinion: the JDK's own disassembler (javap -c)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from monitor.audit import classfile
from monitor.audit.reach import read_jar
from tests.devices.emulator.conftest import build_emulator

REF = re.compile(r"//\s+(Method|InterfaceMethod|Field)\s+(\S+):(\S+)$")
HEADER = re.compile(r"^(?:[a-z]+ )*(?:class|interface) ([\w.$]+)")


def javap_refs(jar: Path, names: list[str]) -> dict[str, set[tuple[str, str, str, str]]]:
    """(kind, owner, name, descriptor) of every invoke/field instruction, per class, as javap prints them."""
    javap = shutil.which("javap")
    if javap is None:
        pytest.skip("no javap (JDK) here")
    out: dict[str, set] = {}
    for i in range(0, len(names), 80):
        proc = subprocess.run([javap, "-c", "-p", "-cp", str(jar), *names[i:i + 80]], capture_output=True,
                              text=True, check=True)
        current = None
        for line in proc.stdout.splitlines():
            m = HEADER.match(line)
            if m and not line.startswith(" "):
                current = m.group(1)
                out.setdefault(current, set())
                continue
            m = REF.search(line)
            if m and current:
                kind = "field" if m.group(1) == "Field" else "method"
                target, desc = m.group(2), m.group(3)
                owner, _, name = target.rpartition(".") if "." in target.replace('"<init>"', "") else ("", "", target)
                if owner.startswith('"['):
                    continue  # a method of an array type (clone)
                owner = owner.replace("/", ".") or current
                out[current].add((kind, owner, name.strip('"'), desc))
    return out


def test_member_references_match_javap_on_the_framework() -> None:
    jar = build_emulator() / "framework.jar"
    classes, errors = read_jar(jar)
    assert errors == {} and len(classes) > 100
    want = javap_refs(jar, sorted(classes))
    assert set(want) == set(classes)
    for name, info in classes.items():
        got = {(r.kind, r.owner, r.name, r.desc) for r in info.member_refs()}
        assert got == want[name], name


def test_switches_wide_constants_and_lambdas(tmp_path: Path) -> None:
    """Instructions of every length class: tableswitch/lookupswitch padding, wide iinc, long/double
    constants (two pool slots), invokedynamic, string switch, multianewarray."""
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac here")
    src = tmp_path / "src" / "p" / "K.java"
    src.parent.mkdir(parents=True)
    locals_ = "".join(f"int v{i} = {i};" for i in range(300))  # > 255 locals: wide iinc
    src.write_text(f"""package p;
public class K {{
  static final long BIG = 1L << 40; static final double D = 2.5;
  int t(int x) {{ switch (x) {{ case 1: return 10; case 2: return 20; case 3: return 30; default: return 0; }} }}
  int l(int x) {{ switch (x) {{ case 1: return 1; case 1000: return 2; case 100000: return 3; default: return 4; }} }}
  int s(String x) {{ switch (x) {{ case "imei": return 1; case "oaid": return 2; default: return 0; }} }}
  int w() {{ {locals_} v299 += 1000; return v299 + (int) (BIG + D); }}
  Runnable r() {{ return () -> System.getProperty("ro.serialno"); }}
  int[][] m() {{ return new int[2][3]; }}
  Object c(Object o) {{ return ((Object[]) new Object[]{{o}}.clone())[0]; }}
}}""")
    subprocess.run([javac, "-d", str(tmp_path / "classes"), str(src)], check=True, capture_output=True)
    jar = tmp_path / "k.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        for f in (tmp_path / "classes").rglob("*.class"):
            zf.write(f, f.relative_to(tmp_path / "classes").as_posix())
    info = classfile.parse((tmp_path / "classes" / "p" / "K.class").read_bytes())
    want = javap_refs(jar, ["p.K"])["p.K"]
    assert {(r.kind, r.owner, r.name, r.desc) for r in info.member_refs()} == want
    by_name = {m.name: m for m in info.methods}
    assert {"imei", "oaid"} <= by_name["s"].strings
    lam = next(m for m in info.methods if m.name.startswith("lambda$"))
    assert "ro.serialno" in lam.strings
    assert any(r.owner == "java.lang.System" and r.name == "getProperty" for r in lam.refs)


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02\x03", "bad magic"),
    (b"\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x05\x01\x00", "truncated at offset"),
    (b"\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x02\x63", "unknown constant-pool tag 99"),
])
def test_malformed_class_files_are_refused_with_the_offset(data: bytes, message: str) -> None:
    with pytest.raises(classfile.ClassFormatError, match=message):
        classfile.parse(data)
