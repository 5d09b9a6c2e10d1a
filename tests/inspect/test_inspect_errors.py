"""Unreadable input gives one line naming the file and exit code 2 -- never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from monitor.cli.inspect_cmd import register
from monitor.errors import ConfigError
from monitor.inspect import inspect_file
from tests.inspect.inspect_support import uiautomator_apk


def _truncated(tmp: Path) -> Path:
    data = uiautomator_apk().read_bytes()
    p = tmp / "truncated.apk"
    p.write_bytes(data[: len(data) // 2])
    return p


def _empty(tmp: Path) -> Path:
    p = tmp / "empty.apk"
    p.write_bytes(b"")
    return p


def _zip_not_apk(tmp: Path) -> Path:
    p = tmp / "photos.apk"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "not an app")
    return p


def _missing(tmp: Path) -> Path:
    return tmp / "does-not-exist.apk"


def _text_file(tmp: Path) -> Path:
    p = tmp / "notes.apk"
    p.write_text("hello")
    return p


def _bad_axml(tmp: Path) -> Path:  # binary-manifest magic, garbage behind it
    p = tmp / "garbage.apk"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00" + b"\xff" * 64)
        zf.writestr("classes.dex", b"dex\n035\x00" + b"\x00" * 64)
    return p


def _bad_xml_jar(tmp: Path) -> Path:
    p = tmp / "broken.jar"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("AndroidManifest.xml", "<manifest package='x'><application></manifest>")
    return p


def _corrupt_dex(tmp: Path) -> Path:  # a real APK whose DEX bytes were damaged after zipping
    src = uiautomator_apk()
    p = tmp / "crc.apk"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename), compress_type=zipfile.ZIP_STORED)
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("classes.dex")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 1000
    data[start:start + 8] = b"\x00" * 8
    p.write_bytes(bytes(data))
    return p


CASES = {
    "truncated": (_truncated, "not a ZIP archive"),
    "empty": (_empty, "empty file"),
    "zip-not-apk": (_zip_not_apk, "without AndroidManifest.xml"),
    "missing": (_missing, "no such file"),
    "text": (_text_file, "not a ZIP archive"),
    "bad-axml": (_bad_axml, "binary AndroidManifest.xml"),
    "bad-xml-jar": (_bad_xml_jar, "AndroidManifest.xml"),
    "corrupt-dex": (_corrupt_dex, "classes.dex"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_inspect_file_raises_config_error(tmp_path, case):
    make, text = CASES[case]
    path = make(tmp_path)
    with pytest.raises(ConfigError) as err:
        inspect_file(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and text in message
    assert "\n" not in message and err.value.exit_code == 2


@pytest.mark.parametrize("case", ["truncated", "empty", "zip-not-apk", "missing"])
def test_cli_exit_code_2_and_one_line(tmp_path, case):
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    register(app)
    path = CASES[case][0](tmp_path)
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ")
    assert "Traceback" not in result.output
