"""Static inventory in a run, end to end: a fixture on the real emulator stores its inventory and the report
shows it with the per-SDK table; `pimon run --apk` installs and runs an app file (emulator for real, Android
against the fake adb server up to where a phone's frida-server would be needed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.paths import EMULATOR_BUILD
from monitor.run import execute_run, record_inventory, resolve_app
from monitor.scenarios.loader import load_scenario
from monitor.traffic.disclosure import Disclosure, ThirdParty

pytestmark = pytest.mark.e2e

PARAMS = {"observe": 2, "background": 1, "dialog_timeout": 8, "permission_timeout": 1}
CLI_PARAMS = [x for k, v in PARAMS.items() for x in ("-p", f"{k}={v}")]


def _sdk_row(html: str, sdk: str) -> dict[str, str]:
    table = html[html.index('id="sdk-table"'):]  # the inventory's SDK table (the verdict's SDK rows come earlier)
    row = re.search(rf'<tr[^>]*data-sdk="{sdk}">(.*?)</tr>', table, re.DOTALL)
    assert row, f"no row for {sdk} in the SDK table"
    return dict(re.findall(r'<td class="(present|collecting|sending|disclosed|gaps)">(.*?)</td>', row.group(1), re.DOTALL))


def test_eager_sdk_report_shows_inventory_and_sdk_table(e2e_device, e2e_store, tmp_path: Path) -> None:
    """eager-sdk: Umeng is in the jar, reads identifiers before consent, and the policy (JPush only) omits it."""
    package = e2e_device.install_fixture("eager-sdk")
    disclosure = Disclosure(third_parties=(ThirdParty(name="JPush", packages=("cn.jpush.",)),))
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario("first-launch-refuse", PARAMS),
                         store=e2e_store, params=PARAMS, out_dir=tmp_path / "out", disclosure=disclosure)
    assert result.status == "completed", result.reason

    inv = e2e_store.get_run(result.run_id).config["inventory"]
    assert inv["package"] == "com.example.eagersdk" and inv["format"] == "pimon-jar"
    # the jar the emulator ran is the run's own copy (deleted with its isolated device state): named as installed
    assert inv["file"] == f"com.example.eagersdk installed on emulator {e2e_device.serial}"
    assert [s["id"] for s in inv["sdks"]] == ["umeng"]

    html = result.reports["html"].read_text(encoding="utf-8")
    assert re.search(r'<details class="inventory" id="inventory">\s*<summary><code><bdi>com\.example\.eagersdk', html)
    assert "android.permission.READ_PHONE_STATE" in html[html.index('id="inventory"'):]
    umeng = _sdk_row(html, "umeng")
    assert "yes" in umeng["present"] and "3 classes" in umeng["present"]
    assert "yes" in umeng["collecting"]
    for category in ("device-id", "network-id", "installed-apps"):  # getDeviceId/android_id, MAC, packages
        assert category in umeng["collecting"]
    assert ">no<" in umeng["disclosed"] and "not disclosed" in umeng["gaps"]
    jpush = _sdk_row(html, "jpush")
    assert ">no<" in jpush["present"] and "JPush" in jpush["disclosed"]

    doc = json.loads(result.reports["json"].read_text(encoding="utf-8"))
    rows = {r["sdk"]: r for r in doc["sdks"]}
    assert rows["umeng"]["present"] and rows["umeng"]["collecting"] and rows["umeng"]["disclosed"] is None
    assert doc["inventory"]["sha256"] == inv["sha256"]


def test_cli_run_apk_on_the_emulator(e2e_build: Path, tmp_path: Path) -> None:
    """`pimon run --apk JAR` installs the jar on the emulator, runs it under its inventory's package, and the report
    carries that inventory."""
    jar = EMULATOR_BUILD / "apps" / "eager-sdk.jar"
    home = tmp_path / "home"
    res = subprocess.run([sys.executable, "-m", "monitor.cli.main", "run", "--apk", str(jar), "-s", "first-launch-refuse",
                          *CLI_PARAMS, "--db", str(tmp_path / "p.db"), "-o", str(tmp_path / "out"),
                          "--formats", "json,html", "--fail-on", "none"],
                         check=False, capture_output=True, text=True, timeout=300,
                         env={"PIMON_HOME": str(home), "PATH": "/usr/bin:/bin", "HOME": str(home)})
    assert res.returncode == 0, (res.stdout[-2000:], res.stderr[-2000:])
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert doc["run"]["app"]["package"] == "com.example.eagersdk" and doc["run"]["status"] == "completed"
    assert doc["inventory"]["file"] == str(jar)
    assert {f["caller"] for f in doc["findings"]} == {"sdk:umeng"}
    assert (home / "devices" / "emulator" / "apps" / "com.example.eagersdk.jar").read_bytes() == jar.read_bytes()


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    import uiautomator2

    empty = tmp_path / "empty.apk"
    empty.write_bytes(b"")
    notzip = tmp_path / "notzip.jar"
    notzip.write_text("hello")
    truncated = tmp_path / "truncated.jar"
    truncated.write_bytes((EMULATOR_BUILD / "apps" / "eager-sdk.jar").read_bytes()[:300])
    odd = tmp_path / "app.zip"
    odd.write_bytes((EMULATOR_BUILD / "apps" / "eager-sdk.jar").read_bytes())
    return {"empty": empty, "notzip": notzip, "truncated": truncated, "odd-suffix": odd,
            "missing": tmp_path / "missing.apk",
            "apk-on-emulator": Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"}


@pytest.mark.parametrize("case, words", [
    ("empty", "empty file"), ("notzip", "not a ZIP"), ("truncated", "truncated"), ("odd-suffix", "--apk wants"),
    ("missing", "no such file"), ("apk-on-emulator", "not APKs"),
])
def test_cli_bad_apk_is_one_line_exit_2(e2e_build: Path, tmp_path: Path, case: str, words: str) -> None:
    path = _bad_files(tmp_path)[case]
    r = CliRunner().invoke(cli, ["run", "--apk", str(path), "-s", "first-launch-refuse", "--db", str(tmp_path / "p.db"),
                                 "-o", str(tmp_path / "out")])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and path.name in lines[0] and words in lines[0], r.stderr
    assert not (tmp_path / "p.db").exists()  # refused before anything started


# -- Android, against the fake adb server (tests/devices/android) ----------------------------------------

@pytest.fixture
def fake_phone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from tests.devices.android.fake_adb import FakeAdbServer, FakeDevice

    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "pimon-home"))
    monkeypatch.delenv("ANDROID_SERIAL", raising=False)
    with FakeAdbServer() as srv:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(srv.port))
        yield srv, srv.add(FakeDevice("R5CT1234"))


@pytest.fixture
def uiautomator_apk() -> Path:
    import uiautomator2

    path = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
    if not path.is_file():
        pytest.skip("uiautomator2 does not ship app-uiautomator.apk in this version")
    return path


def test_android_resolve_app_installs_and_records_the_inventory(fake_phone, uiautomator_apk: Path, tmp_path) -> None:
    from adbutils import AdbClient

    from monitor.devices.android.device import AndroidDevice
    from monitor.store import open_store

    srv, phone = fake_phone
    device = AndroidDevice("R5CT1234", client=AdbClient("127.0.0.1", srv.port))
    assert resolve_app(device, str(uiautomator_apk)) == "com.github.uiautomator"
    assert "com.github.uiautomator" in phone.packages
    assert any(c.startswith("pm install") for c in phone.commands)
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.github.uiautomator", device_kind="android")
    assert record_inventory(store, run, device, "com.github.uiautomator", uiautomator_apk)
    inv = store.get_run(run).config["inventory"]
    assert inv["format"] == "apk" and inv["package"] == "com.github.uiautomator"



def test_android_run_without_apk_inventories_the_installed_apk(fake_phone, uiautomator_apk: Path, tmp_path) -> None:
    from adbutils import AdbClient

    from monitor.devices.android.device import AndroidDevice
    from monitor.store import open_store

    srv, phone = fake_phone
    device = AndroidDevice("R5CT1234", client=AdbClient("127.0.0.1", srv.port))
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.github.uiautomator", device_kind="android")
    assert not record_inventory(store, run, device, "com.github.uiautomator", None)  # not installed
    phone.packages["com.github.uiautomator"] = "/data/app/~~x==/com.github.uiautomator-1/base.apk"
    assert not record_inventory(store, run, device, "com.github.uiautomator", None)  # pm path names no file
    marks = [m.note for m in store.load_timeline(run).marks]
    assert len(marks) == 2 and all(m.startswith("static inventory unavailable: ") for m in marks), marks
    phone.files["/data/app/~~x==/com.github.uiautomator-1/base.apk"] = uiautomator_apk.read_bytes()
    assert record_inventory(store, run, device, "com.github.uiautomator", None)
    inv = store.get_run(run).config["inventory"]
    assert inv["package"] == "com.github.uiautomator" and inv["format"] == "apk"
    assert inv["file"] == "com.github.uiautomator installed on android R5CT1234"


def test_android_rejects_an_emulator_jar(fake_phone, tmp_path: Path) -> None:
    from adbutils import AdbClient

    from monitor.devices.android.device import AndroidDevice
    from monitor.errors import ConfigError

    srv, phone = fake_phone
    device = AndroidDevice("R5CT1234", client=AdbClient("127.0.0.1", srv.port))
    jar = EMULATOR_BUILD / "apps" / "eager-sdk.jar"
    with pytest.raises(ConfigError, match="eager-sdk.jar: the android runs an Android .apk; this is a pimon"):
        resolve_app(device, str(jar))
    assert not any(c.startswith("pm install") for c in phone.commands)
    r = CliRunner().invoke(cli, ["run", "--apk", str(jar), "-d", "R5CT1234", "--db", str(tmp_path / "p.db")])
    assert r.exit_code == 2 and "an Android device installs APKs" in r.stderr, r.output


def test_cli_run_apk_on_android_installs_and_reports_the_inventory(fake_phone, uiautomator_apk: Path,
                                                                    tmp_path: Path) -> None:
    """The whole CLI path: the APK is installed on the (fake) phone under its inventory's package; the run then
    fails where a real phone's frida-server is needed (exit 3), and its report still shows the inventory."""
    _, phone = fake_phone
    r = CliRunner().invoke(cli, ["run", "--apk", str(uiautomator_apk), "-d", "R5CT1234", "-s", "first-launch-refuse",
                                 *CLI_PARAMS, "--db", str(tmp_path / "p.db"), "-o", str(tmp_path / "out"),
                                 "--formats", "json,html"])
    assert r.exit_code == 3, r.output
    assert "com.github.uiautomator" in phone.packages
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert doc["run"]["app"]["package"] == "com.github.uiautomator" and doc["run"]["device"]["kind"] == "android"
    assert "frida-server is not running" in doc["run"]["status_reason"]
    assert doc["inventory"]["package"] == "com.github.uiautomator" and doc["inventory"]["format"] == "apk"
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="inventory"' in html and "com.github.uiautomator" in html
