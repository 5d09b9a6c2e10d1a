"""The SDK database: the shipped data validates, matching is exact on boundaries, bad data is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import ConfigError
from monitor.sdk.db import DEFAULT_PATH, load, load_file, parse

# architecture.md §6: caller ids and the prefixes that must map to them
ARCH_IDS = {
    "umeng": ["com.umeng."], "bugly": ["com.tencent.bugly."], "jpush": ["cn.jpush."],
    "getui": ["com.igexin."], "amap": ["com.amap.", "com.loc."], "baidu-location": ["com.baidu.location."],
    "gdt": ["com.qq.e."], "pangle": ["com.bytedance.sdk.openadsdk."], "sensorsdata": ["com.sensorsdata."],
    "growingio": ["com.growingio."], "firebase": ["com.google.firebase."], "facebook": ["com.facebook."],
    "appsflyer": ["com.appsflyer."], "adjust": ["com.adjust.sdk."],
}


@pytest.fixture(scope="module")
def db():
    return load()


def test_shipped_database_loads_and_is_cached(db):
    assert load() is db
    assert len(db) >= 50
    assert {s.id for s in db} >= set(ARCH_IDS)


@pytest.mark.parametrize("sdk_id", sorted(ARCH_IDS))
def test_architecture_ids_and_prefixes(db, sdk_id):
    for prefix in ARCH_IDS[sdk_id]:
        cls = prefix + "internal.Worker$1"
        assert db.match_class(cls) is db.get(sdk_id), cls
    assert db.get(sdk_id).caller == f"sdk:{sdk_id}"


def test_every_fact_is_sourced_from_a_known_registry(db):
    for sdk in db:
        assert sdk.source.get("packages") or sdk.source.get("native_libs"), sdk.id
        if sdk.domains:
            assert sdk.source.get("domains"), sdk.id
        for refs in sdk.source.values():
            for ref in refs:
                assert ref.split(":", 1)[0] in db.sources


def test_required_chinese_and_global_sdks_are_covered(db):
    wanted = ["umeng", "bugly", "jpush", "getui", "amap", "baidu-location", "tencent-location", "gdt",
              "pangle", "kuaishou-ads", "sensorsdata", "growingio", "wechat", "alipay", "tencent-open",
              "huawei-push", "xiaomi-push", "oppo-push", "vivo-push", "honor-push", "meizu-push", "msa-oaid",
              "firebase", "admob", "facebook", "appsflyer", "adjust", "branch"]
    assert [w for w in wanted if db.get(w) is None] == []


def test_longest_prefix_wins(db):
    assert db.match_class("com.google.firebase.crashlytics.FirebaseCrashlytics").id == "crashlytics"
    assert db.match_class("com.google.firebase.messaging.FirebaseMessaging").id == "firebase"
    assert db.match_class("com.google.android.gms.ads.AdView").id == "admob"
    assert db.match_class("com.google.android.gms.location.FusedLocationProviderClient").id == "gms"
    assert db.match_class("com.alipay.mobile.framework.App").id == "mpaas"
    assert db.match_class("com.alipay.sdk.app.PayTask").id == "alipay"
    assert db.match_prefix("com.umeng.commonsdk.UMConfigure")[1] == "com.umeng."


def test_class_matching_respects_package_boundaries(db):
    assert db.match_class("com.umengx.Tracker") is None
    assert db.match_class("com.umeng") is None  # a bare package name is not inside it
    assert db.match_class("com.example.app.MainActivity") is None
    assert db.match_class("") is None
    assert db.match_class("Lcn/jpush/android/api/JPushInterface;").id == "jpush"


def test_host_matching_on_label_boundaries(db):
    assert db.match_host("alog.umeng.com").id == "umeng"
    assert db.match_host("umeng.com").id == "umeng"
    assert db.match_host("ALOG.Umeng.COM.").id == "umeng"
    assert db.match_host("alog.umeng.com:443").id == "umeng"
    assert db.match_host("notumeng.com") is None
    assert db.match_host("umeng.com.evil.example") is None
    assert db.match_host("com") is None
    assert db.match_host("") is None
    assert db.match_host("[::1]:8080") is None
    assert db.match_host("graph.facebook.com").id == "facebook"


def test_native_libraries(db):
    assert db.match_native_lib("lib/arm64-v8a/libBugly-rqd.so").id == "bugly"
    assert db.match_native_lib("libmsaoaidsec.so").id == "msa-oaid"
    assert db.match_native_lib("libc++_shared.so") is None
    assert db.match_native_lib("libjiagu_a64.so").category == "packer"  # native-only entry
    assert db.match_class("com.bytedance.sdk.openadsdk.TTAdSdk").id == "pangle"  # not douyin-open's
    assert db.match_class("com.bytedance.sdk.open.douyin.DouYinOpenApiFactory").id == "douyin-open"


def _oracle(db, name):
    best = None
    for sdk in db:
        for p in sdk.packages:
            if name.startswith(p) and (best is None or len(p) > len(best[1])):
                best = (sdk, p)
    return best


_seg = st.text(alphabet="abcdeflmoqsuxyz", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_matcher_agrees_with_brute_force(db, data):
    prefixes = sorted(p for s in db for p in s.packages)
    head = data.draw(st.sampled_from(prefixes + ["com.", "org.", "com.google.", "cn."]))
    tail = data.draw(st.lists(_seg, min_size=1, max_size=4))
    name = head + ".".join(tail) + data.draw(st.sampled_from(["", "$1", "$Inner"]))
    expected = _oracle(db, name)
    assert db.match_prefix(name) == expected


def _write(tmp_path: Path, sdks: list[dict]) -> Path:
    text = yaml.safe_dump({"sources": {"exodus": {"title": "t", "url": "u"}}, "sdks": sdks},
                          allow_unicode=True, sort_keys=False)
    p = tmp_path / "sdks.yaml"
    p.write_text(text)
    return p


def _sdk(**over):
    base = {"id": "x-sdk", "name": "X", "vendor": "V", "category": "analytics", "packages": ["com.x."],
            "domains": ["x.example"], "source": {"packages": ["exodus:1"], "domains": ["exodus:1"]}}
    base.update(over)
    return base


@pytest.mark.parametrize("sdks, message", [
    ([_sdk(), _sdk()], "duplicate SDK id"),
    ([_sdk(), _sdk(id="y", domains=[], source={"packages": ["exodus:2"]})], "already claimed"),
    ([_sdk(packages=["com.x"])], "ending in '.'"),
    ([_sdk(source={"packages": ["exodus:1"]})], "domains given without a source"),
    ([_sdk(source={"packages": ["nowhere:1"], "domains": ["exodus:1"]})], "unknown source registry"),
    ([_sdk(domains=["Not A Host"])], "host name"),
    ([_sdk(category="tracking")], "category"),
    ([_sdk(id="Bad_Id")], "kebab-case"),
    ([_sdk(packages=[], domains=[], source={})], "package prefixes or native libraries"),
    ([_sdk(integration={"init": ["com.x.Sdk.init"]})], "integration given without a source"),
    ([_sdk(integration={"init": []}, source={"packages": ["exodus:1"], "domains": ["exodus:1"],
                                             "integration": ["exodus:1"]})], "at least one init entry point"),
    ([_sdk(integration={"init": ["com.x.Sdk.init"], "inits": []})], "integration.inits"),
])
def test_bad_database_is_refused_with_file_and_line(tmp_path, sdks, message):
    path = _write(tmp_path, sdks)
    with pytest.raises(ConfigError) as err:
        load_file(path)
    text = str(err.value)
    assert message in text
    assert text.startswith(f"{path}:")
    assert "\n" not in text


def test_error_line_points_at_the_entry(tmp_path):
    path = _write(tmp_path, [_sdk(), _sdk(id="y-sdk", packages=["com.y"], domains=[])])
    lines = path.read_text().splitlines()
    second = next(i + 1 for i, line in enumerate(lines) if "id: y-sdk" in line)
    with pytest.raises(ConfigError) as err:
        load_file(path)
    assert str(err.value).startswith(f"{path}:{second}:")


def test_yaml_syntax_error_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"bad\.yaml:\d+: invalid YAML"):
        parse("sdks:\n  - [unclosed\n", "bad.yaml")
    with pytest.raises(ConfigError, match="cannot read"):
        load_file(tmp_path / "missing.yaml")


def test_default_path_is_package_data():
    assert DEFAULT_PATH.name == "sdks.yaml" and DEFAULT_PATH.is_file()


def test_jiguang_core_and_the_carriers_one_tap_logins() -> None:
    """Issue 20: cn.jiguang.* is one SDK (JCore, JVerification), not several other: pseudo-SDKs; the carriers'
    one-tap login SDKs are known; each entry has a source for its packages."""
    from monitor.sdk import db as sdk_db

    d = sdk_db.load()
    assert {d.match_class(c).id for c in ("cn.jiguang.verifysdk.api.JVerificationInterface",
                                          "cn.jiguang.internal.JConstants")} == {"jiguang-core"}
    assert d.match_class("com.unicom.online.account.shield.UniAccountHelper").id == "unicom-auth"
    assert d.match_class("cn.com.chinatelecom.account.api.CtAuth").id == "telecom-auth"
    assert d.match_class("cn.jpush.android.api.JPushInterface").id == "jpush"
    for sdk_id in ("jiguang-core", "unicom-auth", "telecom-auth"):
        assert next(s for s in d.sdks if s.id == sdk_id).source["packages"]


def test_documented_integrations_of_the_corpus_sdks_are_sourced() -> None:
    """Issue 17: the SDKs of the audit corpus carry the init (and privacy-mode) calls their wrappers make."""
    d = load()
    for sdk_id in ("adjust", "wechat", "jiguang-core"):
        sdk = d.get(sdk_id)
        assert sdk.integration is not None and sdk.integration.init, sdk_id
        assert any(ref.startswith("npm:") for ref in sdk.source["integration"]), sdk_id
    assert d.get("jiguang-core").integration.pre_init == (
        "cn.jiguang.api.utils.JCollectionAuth.setAuth(context, false)",)
