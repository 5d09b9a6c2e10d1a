"""Every enabled category of the hook catalog and every native path the agent hooks, seen for real.

The test app emulator/testapps/catalog-tour asks for its dangerous permissions (the scenario grants
them all), then calls one or more APIs of each category from a known owner: the app itself or an SDK
imitation under the vendor's real package. One run on the JVM emulator with the real Frida agent;
each call must be in the store with its category, pi and attributed caller. A category or native path
the emulator cannot produce is listed below with the reason; there are no silent gaps: a new catalog
category fails `test_every_enabled_category_is_covered_or_excused` until it is toured or excused.
"""

from __future__ import annotations

import ctypes
import fnmatch
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.catalog import load_catalog
from monitor.devices.emulator import EmulatorDevice
from monitor.run import execute_run
from monitor.scenarios.loader import bind, parse_yaml
from monitor.store import open_store
from monitor.timeline.model import Call

pytestmark = pytest.mark.e2e

PACKAGE = "com.example.catalogtour"
SCENARIO = """\
name: catalog-tour
description: launch, grant every permission, wait until the app has made all its calls
steps:
  - launch: {cold: true, clear_data: true}
  - permission: {action: grant_all, timeout: 5, settle: 1}
  - wait_for: {text: tour done, timeout: 20}
"""

# (api, category, pi, caller, first argument or None = any; with a "*", a glob: performClick's only argument is the
# view's own string)
EXPECTED: list[tuple[str, str, str | None, str, str | None]] = [
    # the app itself (MainActivity)
    ("android.app.Activity.requestPermissions", "permission", None, "app", None),
    ("android.content.ContentResolver.query", "contacts", "contacts", "app", "content://com.android.contacts/contacts"),
    ("android.content.ContentResolver.query", "calendar", "calendar", "app", "content://com.android.calendar/events"),
    ("android.net.ConnectivityManager.getActiveNetworkInfo", "network-state", None, "app", None),
    ("android.content.ContextWrapper.registerReceiver", "ipc", None, "app", None),
    # the app's later categories (AppExtras): its dialog, a click, a contacts write, shared storage, a WebView,
    # a debugger probe
    ("android.app.AlertDialog$Builder.setTitle", "ui-text", "dialog-title", "app", "目录巡览"),
    ("android.app.AlertDialog$Builder.setMessage", "ui-text", "dialog-message", "app", "巡览对话框"),
    ("android.app.Dialog.show", "ui", "dialog-shown", "app", None),
    # the app's own button (the permission dialog's buttons, tapped by the scenario, are the system's clicks)
    ("android.view.View.performClick", "ui", "click", "app", '*text="巡览按钮"*'),
    ("android.content.ContentResolver.insert", "user-data-write", "contacts-write", "app",
     "content://com.android.contacts/raw_contacts"),
    ("android.os.Environment.getExternalStorageDirectory", "shared-storage", "external-storage-root", "app", None),
    ("android.os.Environment.getExternalStoragePublicDirectory", "shared-storage", "external-storage-public-dir", "app",
     "Pictures"),
    ("android.webkit.WebView.loadUrl", "webview", None, "app", "https://example.com/privacy"),
    ("android.webkit.WebView.addJavascriptInterface", "webview", None, "app", None),
    ("android.webkit.WebView.evaluateJavascript", "webview", None, "app", "1+1"),
    ("android.os.Debug.isDebuggerConnected", "detection", "debugger", "app", None),
    # Umeng: device identifiers
    ("android.telephony.TelephonyManager.getImei", "device-id", "imei", "sdk:umeng", None),
    ("android.telephony.TelephonyManager.getDeviceId", "device-id", "imei", "sdk:umeng", "1"),
    ("android.telephony.TelephonyManager.getSubscriberId", "device-id", "imsi", "sdk:umeng", None),
    ("android.provider.Settings$Secure.getString", "device-id", "android_id", "sdk:umeng", None),
    ("android.os.Build.getSerial", "device-id", "serial", "sdk:umeng", None),
    ("android.os.SystemProperties.get", "device-id", "serial", "sdk:umeng", "ro.serialno"),  # by reflection
    ("android.media.MediaDrm.getPropertyByteArray", "device-id", "widevine-id", "sdk:umeng", "deviceUniqueId"),
    # AppsFlyer (worker thread): advertising ids
    ("com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo", "advertising-id", "gaid",
     "sdk:appsflyer", None),
    ("com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId", "advertising-id", "gaid", "sdk:appsflyer",
     None),
    ("com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo", "advertising-id", "oaid",
     "sdk:appsflyer", None),
    ("com.bun.miitmdid.core.MdidSdkHelper.InitSdk", "advertising-id", "oaid", "sdk:appsflyer", None),
    # Getui: phone number, operator
    ("android.telephony.TelephonyManager.getLine1Number", "phone-number", "phone-number", "sdk:getui", None),
    ("android.telephony.TelephonyManager.getSimOperator", "device-info", "mcc-mnc", "sdk:getui", None),
    ("android.telephony.TelephonyManager.getNetworkOperatorName", "device-info", "operator", "sdk:getui", None),
    # AMap: location
    ("android.location.LocationManager.getLastKnownLocation", "location", "location", "sdk:amap", "gps"),
    ("android.telephony.TelephonyManager.getCellLocation", "location", "cell", "sdk:amap", None),
    ("android.net.wifi.WifiManager.getScanResults", "location", "wifi-scan", "sdk:amap", None),
    # JPush: network identifiers, a broadcast
    ("android.net.wifi.WifiManager.getConnectionInfo", "network-id", "wifi-info", "sdk:jpush", None),
    ("android.net.wifi.WifiInfo.getMacAddress", "network-id", "mac", "sdk:jpush", None),
    ("java.net.NetworkInterface.getNetworkInterfaces", "network-id", "interfaces", "sdk:jpush", None),
    ("java.net.NetworkInterface.getHardwareAddress", "network-id", "mac", "sdk:jpush", None),
    ("android.content.ContextWrapper.sendBroadcast", "component-start", None, "sdk:jpush", None),
    # Bugly: shell commands from Java (the shell paths of the catalog), running apps, process control
    ("java.lang.Runtime.exec", "device-info", "system-property", "sdk:bugly", "getprop ro.serialno"),
    ("java.lang.Runtime.exec", "installed-apps", "installed-packages", "sdk:bugly", '["pm","list","packages"]'),
    ("java.lang.Runtime.exec", "native", "system-file", "sdk:bugly", "cat /proc/net/arp"),
    ("java.lang.Runtime.exec", "exec", None, "sdk:bugly", '["uname","-a"]'),
    ("java.lang.ProcessBuilder.start", "exec", None, "sdk:bugly", None),
    # ProcessBuilder.start has no arguments: the constructor carries the command
    ("java.lang.ProcessBuilder.$init", "device-info", "system-property", "sdk:bugly",
     '["getprop","ro.build.fingerprint"]'),
    ("java.lang.ProcessBuilder.$init", "installed-apps", "installed-packages", "sdk:bugly", "[pm, list, packages]"),
    ("java.lang.ProcessBuilder.$init", "native", "system-file", "sdk:bugly", '["cat","/sys/class/net/lo/address"]'),
    ("android.app.ActivityManager.getRunningAppProcesses", "running-apps", "running-processes", "sdk:bugly", None),
    ("android.app.ActivityManager.killBackgroundProcesses", "process", None, "sdk:bugly", "com.example.partner"),
    # Sensors Data: sensors, clipboard, accounts
    ("android.hardware.SensorManager.getSensorList", "sensors", "sensor-list", "sdk:sensorsdata", None),
    ("android.hardware.SensorManager.registerListener", "sensors", "sensor-data", "sdk:sensorsdata", None),
    ("android.content.ClipboardManager.getPrimaryClip", "clipboard", "clipboard", "sdk:sensorsdata", None),
    ("android.content.ClipboardManager.addPrimaryClipChangedListener", "clipboard", "clipboard-listener",
     "sdk:sensorsdata", None),
    ("android.accounts.AccountManager.getAccounts", "accounts", "accounts", "sdk:sensorsdata", None),
    # GDT: installed apps
    ("android.app.ApplicationPackageManager.getInstalledPackages", "installed-apps", "installed-packages", "sdk:gdt",
     None),
    ("android.app.ApplicationPackageManager.queryIntentActivities", "installed-apps", "installed-packages", "sdk:gdt",
     None),
    # Pangle: camera, microphone, Bluetooth
    ("android.hardware.Camera.open", "camera", "camera", "sdk:pangle", None),
    ("android.media.AudioRecord.startRecording", "microphone", "audio", "sdk:pangle", None),
    ("android.bluetooth.BluetoothAdapter.getAddress", "bluetooth", "bluetooth-mac", "sdk:pangle", None),
    ("android.bluetooth.BluetoothAdapter.getBondedDevices", "bluetooth", "bluetooth-paired", "sdk:pangle", None),
    # GrowingIO: content providers by authority
    ("android.content.ContentResolver.query", "sms", "sms", "sdk:growingio", "content://sms"),
    ("android.content.ContentResolver.query", "call-log", "call-log", "sdk:growingio", "content://call_log/calls"),
    ("android.content.ContentResolver.query", "media", "media-store", "sdk:growingio",
     "content://media/external/images/media"),
    ("android.content.ContentResolver.query", "browser", "browser-history", "sdk:growingio",
     "content://browser/bookmarks"),
]

# Native file paths: (libc function, category, pi, caller, path; a leading "*" stands for the device directory).
# JPush reads through open(2) (FileInputStream), Getui through openat(2) (SecureDirectoryStream); the app itself
# writes a file under /sdcard (open) and reads it back (openat), and probes for Frida, su and its own status
# (open, openat, stat through File.exists, access through File.canExecute).
FRIDA, SU, SDCARD_FILE = "/data/local/tmp/frida-server", "/system/xbin/su", "*/sdcard/tour.txt"
NATIVE_FILES: list[tuple[str, str, str, str, str]] = [
    *[("open", "native", pi, "sdk:jpush", path) for pi, path in {
        "mac": "/sys/class/net/wlan0/address", "arp-table": "/proc/net/arp", "sockets": "/proc/net/tcp",
        "memory-maps": "/proc/self/maps", "hardware-serial": "/proc/cpuinfo"}.items()],
    *[("openat", "native", pi, "sdk:getui", path) for pi, path in {
        "mac": "/sys/class/net/lo/address", "arp-table": "/proc/net/arp", "sockets": "/proc/net/tcp6",
        "memory-maps": "/proc/self/maps", "hardware-serial": "/proc/version"}.items()],
    ("open", "shared-storage", "shared-file", "app", SDCARD_FILE),
    ("openat", "shared-storage", "shared-file", "app", SDCARD_FILE),
    *[(m, "detection", pi, "app", path) for m in ("open", "openat")
      for pi, path in {"frida-files": FRIDA, "su-binary": SU, "self-status": "/proc/self/status"}.items()],
    *[(m, "detection", pi, "app", path) for m in ("stat", "access")
      for pi, path in {"frida-files": FRIDA, "su-binary": SU}.items()],
]
SDK_CLASSES = {"sdk:jpush": "cn.jpush.", "sdk:getui": "com.igexin.", "app": "com.example.catalogtour."}

# Enabled categories the JVM emulator cannot produce, and why.
NOT_PRODUCIBLE = {
    "http": "the emulator's framework has neither Apache HttpClient nor com.android.okhttp (the traffic "
            "itself is covered by the proxy tests)",
    "dex-loading": "the emulator's framework has no dalvik.system.DexFile / DexClassLoader (a JVM loads no dex)",
}

# Native functions of the catalog that Java code on HotSpot/glibc cannot reach, and why.
NATIVE_NOT_PRODUCIBLE = {
    "fopen": "the JDK's file APIs use open/openat, never stdio's fopen",
    "__system_property_get": "glibc has no __system_property_get (Android's bionic only): the hook is absent; "
                             "the Java side, SystemProperties.get by reflection, is toured (Umeng)",
    "popen": "no JDK API calls popen(3); Runtime.exec/ProcessBuilder (toured above) are hooked instead",
    "system": "no JDK API calls system(3); Runtime.exec/ProcessBuilder (toured above) are hooked instead",
    "posix_spawn": "JDK 17 posix_spawn()s jspawnhelper and passes the command over a pipe: argv never "
                   "holds it (hooks/README.md)",
    "posix_spawnp": "the JDK never calls posix_spawnp",
    "faccessat": "the JDK's access checks (File.canRead/canExecute, Files.isReadable) call access(2), never faccessat",
}


@pytest.fixture(scope="module")
def tour(e2e_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Call]]:
    tmp = tmp_path_factory.mktemp("catalog-tour")
    device = EmulatorDevice(tmp / "device", build_dir=e2e_build)
    store = open_store(tmp / "pimon.db")
    try:
        package = device.install_fixture("catalog-tour")
        scenario = bind(parse_yaml(SCENARIO, "<catalog-tour>"), {})
        result = execute_run(device=device, package=package, scenario=scenario, store=store, traffic=False)
        assert result.status == "completed", result.reason
        yield list(store.load_timeline(result.run_id).calls)
    finally:
        store.close()
        device.close()


def _first_arg(call: Call) -> str | None:
    return str(call.args[0]) if call.args else None


def _found(calls: list[Call], api: str, category: str, pi: str | None, arg: str | None) -> list[Call]:
    return [c for c in calls if c.api == api and c.category == category and c.pi == pi
            and (arg is None or (fnmatch.fnmatchcase(_first_arg(c) or "", arg) if "*" in arg else _first_arg(c) == arg))]


@pytest.mark.parametrize(("api", "category", "pi", "caller", "arg"), EXPECTED,
                         ids=[f"{e[1]}:{e[0].rsplit('.', 1)[-1]}:{e[3]}" for e in EXPECTED])
def test_call_is_stored_with_category_and_caller(tour: list[Call], api: str, category: str, pi: str | None, caller: str,
                                                  arg: str | None) -> None:
    hits = _found(tour, api, category, pi, arg)
    assert hits, f"no {api} event of category {category}/{pi} (arg {arg!r}) among {len(tour)} events"
    assert {c.caller for c in hits} == {caller}, [(c.caller, [f.cls for f in c.stack[:6]]) for c in hits]


@pytest.mark.parametrize(("method", "category", "pi", "caller", "path"), NATIVE_FILES,
                         ids=[f"{r[0]}:{r[1]}:{r[2]}" for r in NATIVE_FILES])
def test_native_file_reads_are_stored_with_path_pi_and_caller(tour: list[Call], method: str, category: str, pi: str,
                                                              caller: str, path: str) -> None:
    hits = [c for c in tour if c.api == f"libc.{method}" and c.category == category and c.pi == pi
            and fnmatch.fnmatchcase(_first_arg(c) or "", path)]
    assert hits, f"no libc.{method} of {path} ({category}/{pi})"
    callers = {c.caller for c in hits}  # HotSpot may read /proc/self/maps itself: caller "system"
    assert caller in callers and callers <= {caller, "system"}, [(c.caller, [f.cls for f in c.stack[:8]]) for c in hits]
    hits = [c for c in hits if c.caller == caller]
    # a Java stack (the agent walked the calling thread), down to the owner's class
    assert any(f.cls.startswith(SDK_CLASSES[caller]) for f in hits[0].stack)


def test_every_enabled_category_is_covered_or_excused(tour: list[Call]) -> None:
    catalog = load_catalog()
    enabled = {e.category for e in catalog.entries if e.enabled}
    toured = {e[1] for e in EXPECTED} | {"native"}
    assert not toured & set(NOT_PRODUCIBLE), "a category is both toured and excused"
    assert enabled == toured | set(NOT_PRODUCIBLE), (
        f"not toured nor excused: {sorted(enabled - toured - set(NOT_PRODUCIBLE))}; "
        f"stale: {sorted((toured | set(NOT_PRODUCIBLE)) - enabled)}")
    seen = {c.category for c in tour}
    assert toured <= seen, f"categories without a stored event: {sorted(toured - seen)}"
    assert not seen & set(NOT_PRODUCIBLE), "an excused category produced events: update NOT_PRODUCIBLE"


def test_every_native_path_is_covered_or_excused(tour: list[Call]) -> None:
    libc = [e for e in load_catalog().entries if e.class_name == "libc" and e.enabled]
    toured = {r[0] for r in NATIVE_FILES}
    assert {e.method for e in libc} == toured | set(NATIVE_NOT_PRODUCIBLE), {e.method for e in libc}
    assert not toured & set(NATIVE_NOT_PRODUCIBLE), "a native function is both toured and excused"
    for e in libc:
        if e.method in NATIVE_NOT_PRODUCIBLE:
            continue
        rows = [r for r in NATIVE_FILES if (r[0], r[1], r[2]) == (e.method, e.category, e.pi)]
        assert rows, f"catalog line {e.line}: libc.{e.method} {e.category}/{e.pi} is not toured"
        sample = rows[0][4].replace("*", "/device", 1)
        assert any(fnmatch.fnmatchcase(sample, g) for g in e.filter.glob or ()), (e.line, sample)
    natives = {c.api.removeprefix("libc.") for c in tour if c.api.startswith("libc.") and c.caller != "system"}
    assert not natives & set(NATIVE_NOT_PRODUCIBLE), "an excused native function produced app events"


def test_the_excuses_still_hold(e2e_build: Path) -> None:
    """The excused categories' classes are really absent from the emulator, and glibc really lacks
    __system_property_get: when the framework grows them, the tour must take them in."""
    with zipfile.ZipFile(e2e_build / "framework.jar") as jar:
        classes = {n[:-6].replace("/", ".") for n in jar.namelist() if n.endswith(".class")}
    for e in load_catalog().entries:
        if e.enabled and e.category in NOT_PRODUCIBLE:
            assert e.class_name not in classes, f"{e.class_name} exists now: tour category {e.category}"
    assert not hasattr(ctypes.CDLL(None), "__system_property_get")
