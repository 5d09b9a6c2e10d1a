"""The driver's pure parts: .properties files and manifests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.devices.emulator import props
from monitor.devices.emulator.manifest import parse_manifest
from monitor.errors import ConfigError


def test_parse_java_properties() -> None:
    text = "# c\n! c2\nseed=pimon\nhttp_proxy = 127.0.0.1:8080\nname:张\\u4f1f\nmulti=a\\\n    b\nempty\nk\\=x=v\\:w\n"
    assert props.parse(text) == {"seed": "pimon", "http_proxy": "127.0.0.1:8080", "name": "张伟",
                                 "multi": "ab", "empty": "", "k=x": "v:w"}


@settings(suppress_health_check=[HealthCheck.too_slow])  # text generation is slow on a loaded 2-core box
@given(st.dictionaries(st.text(min_size=1).filter(lambda s: "\r" not in s),
                       st.text().filter(lambda s: "\r" not in s), max_size=8))
def test_properties_round_trip(tmp_path_factory: pytest.TempPathFactory, values: dict[str, str]) -> None:
    path = tmp_path_factory.mktemp("props") / "x.properties"
    props.write(path, values)
    assert props.read(path) == values


def test_missing_properties_file_is_empty(tmp_path: Path) -> None:
    assert props.read(tmp_path / "none.properties") == {}


MANIFEST = b"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.app">
  <uses-permission android:name="android.permission.CAMERA"/>
  <application android:name=".App" android:label="Example">
    <activity android:name=".Main"><intent-filter><action android:name="android.intent.action.MAIN"/></intent-filter></activity>
    <receiver android:name="com.example.app.Boot">
      <intent-filter><action android:name="android.intent.action.BOOT_COMPLETED"/></intent-filter>
    </receiver>
    <receiver android:name="Other"/>
    <service android:name=".Sync"/>
  </application>
</manifest>"""


def test_parse_manifest() -> None:
    m = parse_manifest(MANIFEST, "x.jar!/AndroidManifest.xml")
    assert m.package == "com.example.app" and m.label == "Example" and m.application == "com.example.app.App"
    assert m.permissions == ("android.permission.CAMERA",)
    assert m.activities == ("com.example.app.Main",)
    assert m.boot_receivers == ("com.example.app.Boot",)
    assert m.services == ("com.example.app.Sync",)


def test_manifest_errors_name_the_source() -> None:
    with pytest.raises(ConfigError, match=r"^a\.jar!/AndroidManifest\.xml: .*<manifest package"):
        parse_manifest(b"<manifest/>", "a.jar!/AndroidManifest.xml")
    with pytest.raises(ConfigError, match=r"^a\.jar!/AndroidManifest\.xml:2: "):
        parse_manifest(b"<manifest package='a'>\n<oops></manifest>", "a.jar!/AndroidManifest.xml")
