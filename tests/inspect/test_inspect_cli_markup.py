"""`pimon inspect` prints app-controlled strings literally: rich markup in a manifest is text, not a crash."""

from __future__ import annotations

import zipfile
from pathlib import Path

from typer.testing import CliRunner

from monitor.cli.main import app

MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.ex.h" android:versionName="[/bold]v">
 <uses-permission android:name="android.permission.[/]X"/>
 <application><activity android:name="com.ex.h.[red]Main" android:exported="true">
  <intent-filter><action android:name="android.intent.action.[link=x]MAIN"/></intent-filter></activity></application>
</manifest>"""


def test_markup_in_the_manifest_is_printed_as_text(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    jar = tmp_path / "hostile.jar"
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("AndroidManifest.xml", MANIFEST)
    r = CliRunner().invoke(app, ["inspect", str(jar)])
    assert r.exit_code == 0, r.output
    for text in ("version [/bold]v", "android.permission.[/]X", "com.ex.h.[red]Main", "[link=x]MAIN", "[pimon-jar]"):
        assert text in r.output, text
