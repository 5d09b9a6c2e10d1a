"""No control character an app controls reaches pimon's stdout or stderr: escapes, C1 controls, bidi overrides
in its stderr (the failure reason), its class names (``other:<package>`` callers) or its manifest's package name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from monitor.textsafe import one_line, valid_package, visible

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# javac drops these characters from identifiers; the JVM accepts them in class names: patch the built class
# files, keeping each UTF-8 length (ESC 1 byte, U+009B 2 bytes, U+202E 3 bytes)
PLACEHOLDER = b"evilQc/yCC2JWWW"
HOSTILE_PKG = "evil\x1bc/y\u009b2J\u202e".encode()


def hostile_jar(build: Path, tmp: Path) -> Path:
    src, dst = build / "testapps" / "hostile.jar", tmp / "hostile.jar"
    assert len(HOSTILE_PKG) == len(PLACEHOLDER)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info).replace(PLACEHOLDER, HOSTILE_PKG)
            name = info.filename.encode().replace(PLACEHOLDER, HOSTILE_PKG).decode()
            zout.writestr(name, data)
    return dst


def pimon(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PIMON_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([str(Path(sys.executable).parent / "pimon"), *args], capture_output=True, env=env,
                          timeout=300, check=False)


def assert_clean(res: subprocess.CompletedProcess[bytes]) -> str:
    text = (res.stdout + res.stderr).decode("utf-8", errors="replace")
    assert not UNSAFE.findall(text), [m for m in UNSAFE.findall(text)]
    return text


def test_visible_escapes_controls_c1_and_bidi() -> None:
    assert visible("a\x1b[2Jb\x9b31m\u202ec\td\ne") == "a\\x1b[2Jb\\x9b31m\\u202ec\td\ne"
    assert one_line("x\ny\tz\u2066") == "x\\x0ay\\x09z\\u2066"
    assert visible("普通の文字 ok") == "普通の文字 ok"


@pytest.mark.parametrize(("name", "ok"), [("com.example.app", True), ("a.b", True), ("a_1.B2", True),
                                          ("single", False), ("com.1abc", False), ("com..x", False),
                                          ("com.evil\x1b[2J", False), ("com.ex-ample", False), ("ком.пример", False)])
def test_package_names_as_android_validates_them(name: str, ok: bool) -> None:
    assert valid_package(name) is ok


@pytest.mark.e2e
def test_hostile_app_strings_never_reach_the_terminal(tmp_path: Path, e2e_build: Path) -> None:
    jar = hostile_jar(e2e_build, tmp_path)
    db = str(tmp_path / "p.db")
    res = pimon("run", "--apk", str(jar), "--scenario", "first-launch-refuse", "-p", "observe=3", "-p", "background=1",
                "-p", "dialog_timeout=2", "--db", db, "--out", str(tmp_path / "out"), "--formats", "json",
                home=tmp_path / "home")
    text = assert_clean(res)
    assert "other:evil\\x1bc" in text, text  # the hostile caller is shown, escaped
    report = pimon("report", "1", "--db", db, "--out", str(tmp_path / "again"), "--formats", "json",
                   home=tmp_path / "home")
    assert_clean(report)
    assert_clean(pimon("runs", "--db", db, home=tmp_path / "home"))


def test_hostile_manifest_package_is_refused_escaped(tmp_path: Path) -> None:
    jar = tmp_path / "evil.jar"
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("AndroidManifest.xml", '<manifest package="com.evil&#155;[2J&#8238;x"><application/></manifest>')
    for args in (("inspect", str(jar)), ("emulator", "install", str(jar))):
        res = pimon(*args, home=tmp_path / "home")
        text = assert_clean(res)
        assert res.returncode == 2 and "not a valid Android package name" in text, text
