"""pimon inspect on real APKs, with Debian's aapt as the independent second opinion."""

from __future__ import annotations

import zipfile

import pytest

from monitor.inspect.permissions import protection_name
from tests.inspect.inspect_support import badging, xmltree

APKS = ["uiautomator", "apidemos", "settings", "ua2-server", "ua2-test"]
KINDS = ("activity", "activity-alias", "service", "receiver", "provider")


def _resolve(package: str, name: str) -> str:
    if name.startswith("."):
        return package + name
    return name if "." in name else f"{package}.{name}"


@pytest.fixture(scope="module", params=APKS)
def case(request, real_apk_paths, inventory_of, aapt):
    path = real_apk_paths[request.param]
    return request.param, path, inventory_of(path), xmltree(aapt, path)


def test_identity_agrees_with_aapt_badging(case, aapt):
    _, path, inv, _ = case
    b = badging(aapt, path)
    assert inv.package == b["name"]
    assert inv.version_code == (int(b["versionCode"]) if b["versionCode"] else None)
    assert inv.version_name == (b["versionName"] or None)
    assert inv.min_sdk == int(b["sdkVersion"])
    assert inv.target_sdk == int(b["targetSdkVersion"])
    assert inv.format == "apk" and len(inv.sha256) == 64


def test_permissions_agree_with_aapt_xmltree(case):
    _, _, inv, tree = case
    expected, seen = [], set()
    for tag in ("uses-permission", "uses-permission-sdk-23"):
        for el in tree.all(tag):
            if el.attrs["name"] not in seen:
                seen.add(el.attrs["name"])
                expected.append((el.attrs["name"], el.attrs.get("maxSdkVersion")))
    assert sorted((p.name, p.max_sdk) for p in inv.permissions) == sorted(expected)
    declared = {el.attrs["name"]: protection_name(el.attrs.get("protectionLevel", 0)) for el in tree.all("permission")}
    assert {p.name: p.protection for p in inv.declared_permissions} == declared
    for p in inv.permissions:
        if p.name in declared:
            assert p.protection == declared[p.name] and p.declared_by_app


def test_components_agree_with_aapt_xmltree(case):
    _, _, inv, tree = case
    package = tree.attrs["package"]
    app = tree.all("application")
    nodes = [c for c in app[0].children if c.tag in KINDS] if app else []
    assert len(inv.components) == len(nodes)
    ours = {(c.kind, c.name): c for c in inv.components}
    for node in nodes:
        c = ours[(node.tag, _resolve(package, node.attrs["name"]))]
        filters = node.all("intent-filter")
        if "exported" in node.attrs:
            assert c.exported_explicit and c.exported == node.attrs["exported"], c.name
        else:
            assert not c.exported_explicit
            expected = (inv.target_sdk or 0) <= 16 if node.tag == "provider" else bool(filters)
            assert c.exported == expected, c.name
        assert [f.actions for f in c.intent_filters] == [[a.attrs["name"] for a in f.all("action")] for f in filters]


def test_known_self_starting_receivers(real_apk_paths, inventory_of, aapt):
    cases = {
        "apidemos": ("io.appium.android.apis.app.AppUpdateReceiver", "android.intent.action.MY_PACKAGE_REPLACED"),
        "ua2-server": ("io.appium.uiautomator2.server.ServerInstrumentation$PowerConnectionReceiver",
                       "android.intent.action.ACTION_POWER_DISCONNECTED"),
    }
    for key, (receiver, action) in cases.items():
        tree = xmltree(aapt, real_apk_paths[key])
        node = next(r for r in tree.all("application")[0].all("receiver")
                if _resolve(tree.attrs["package"], r.attrs["name"]) == receiver)
        assert action in [a.attrs["name"] for f in node.all("intent-filter") for a in f.all("action")]
        comp = next(c for c in inventory_of(real_apk_paths[key]).components if c.name == receiver)
        assert action in [s.action for s in comp.self_start]
    # uiautomator2's APK declares no implicit-broadcast receiver
    assert inventory_of(real_apk_paths["uiautomator"]).self_starting == []


def test_sdk_inventory_of_real_apks(real_apk_paths, inventory_of):
    # verified by listing the class_defs of each DEX: no tracker SDK in these, only androidx/okhttp/kotlin...
    for key in ("uiautomator", "apidemos", "ua2-test", "ua2-server"):
        assert inventory_of(real_apk_paths[key]).sdks == [], key
    settings = {s.id: s for s in inventory_of(real_apk_paths["settings"]).sdks}
    assert set(settings) == {"gms", "firebase"}
    assert settings["gms"].class_count > 1000 and settings["gms"].prefixes == ["com.google.android.gms."]
    assert settings["firebase"].class_count == 3  # FirebaseException, FirebaseApiNotAvailableException, ...Mapper
    okhttp = {o.package for o in inventory_of(real_apk_paths["uiautomator"]).other_packages}
    assert "okhttp3" in okhttp and not any(p.startswith("androidx") for p in okhttp)


def test_tracker_host_in_dex_strings(real_apk_paths, inventory_of):
    path = real_apk_paths["ua2-server"]
    with zipfile.ZipFile(path) as zf:  # independent check: the raw DEX string data holds the host
        raw = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".dex"))
    assert b"www.google-analytics.com" in raw
    hosts = {h.host: h.sdk for h in inventory_of(path).tracker_hosts}
    assert hosts == {"www.google-analytics.com": "google-analytics"}
    assert inventory_of(real_apk_paths["uiautomator"]).tracker_hosts == []
