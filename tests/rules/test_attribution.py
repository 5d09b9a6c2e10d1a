"""Attribution tables: the first non-framework frame decides; chains when an SDK sits below app frames."""

from __future__ import annotations

import pytest

from monitor.rules.attribution import attribute, attribute_class, fallback_match
from monitor.timeline import Frame

APP = "com.example.app"


def frames(*names: str) -> list[Frame]:
    return [Frame(n.rpartition(".")[0], n.rpartition(".")[2]) for n in names]


@pytest.mark.parametrize(
    ("stack", "caller", "index", "chain"),
    [
        # plain SDK caller under the framework
        (["android.app.ActivityThread.main", "com.umeng.commonsdk.UMConfigure.init"], "sdk:umeng", 1, None),
        # the app itself
        (["com.example.app.MainActivity.onCreate", "android.app.Activity.performCreate"], "app", 0, None),
        # first non-framework frame decides, even if an SDK frame comes later ... with the chain reported
        (["java.lang.reflect.Method.invoke", "com.example.app.Ids.imei", "com.umeng.analytics.A.b"], "app", 1,
         ("app", "sdk:umeng")),
        # an SDK frame first, the app deeper: the SDK (no chain: the caller already is the SDK)
        (["cn.jpush.android.a.b", "com.example.app.App.onCreate"], "sdk:jpush", 0, None),
        # framework prefixes from §4, including the emulator's own classes and kotlin
        (["kotlin.collections.X.y", "dalvik.system.Z.a", "com.android.internal.P.q",
          "com.pimon.emulator.Zygote.main", "sun.reflect.R.i", "jdk.internal.J.k", "javax.x.Y.z",
          "androidx.core.C.d", "com.tencent.bugly.crashreport.CrashReport.init"], "sdk:bugly", 8, None),
        # agent frames are skipped too
        (["re.frida.Gadget.hook", "com.amap.api.location.L.start"], "sdk:amap", 1, None),
        # unknown third party -> other:<3 segments>
        (["org.acme.tracking.core.Tracker.run"], "other:org.acme.tracking", 0, None),
        # obfuscated / default package -> app
        (["a.b.c.run"], "app", 0, None),
        (["Main.run"], "app", 0, None),
        # nothing but framework -> the platform itself ("system", which the rules do not count), no frame
        (["android.os.Handler.dispatchMessage", "java.lang.Thread.run"], "system", None, None),
        ([], "app", None, None),
        # substring elsewhere does not matter (camille's bug: last match wins)
        (["com.example.app.umeng.Wrapper.get", "com.example.app.Main.x"], "app", 0, None),
        # app wrapper around two SDKs: chain stops at the first SDK
        (["com.example.app.W.a", "com.example.app.W.b", "com.sensorsdata.analytics.S.t", "com.umeng.X.y"], "app", 0,
         ("app", "sdk:sensorsdata")),
    ],
)
def test_attribution_table(stack: list[str], caller: str, index: int | None, chain: tuple[str, ...] | None) -> None:
    a = attribute(frames(*stack), APP)
    assert (a.caller, a.index, a.chain) == (caller, index, chain)
    if index is not None:
        assert a.frame == frames(*stack)[index]


def test_dict_frames_as_sent_by_the_agent() -> None:
    a = attribute([{"class": "com.qq.e.comm.managers.GDTAdSdk", "method": "init", "file": "G.java", "line": 7}], APP)
    assert a.caller == "sdk:gdt" and a.frame == Frame("com.qq.e.comm.managers.GDTAdSdk", "init", "G.java", 7)


@pytest.mark.parametrize(("prefix", "sdk"), [
    ("com.umeng.", "umeng"), ("com.tencent.bugly.", "bugly"), ("cn.jpush.", "jpush"), ("com.igexin.", "getui"),
    ("com.amap.", "amap"), ("com.loc.", "amap"), ("com.baidu.location.", "baidu-location"), ("com.qq.e.", "gdt"),
    ("com.bytedance.sdk.openadsdk.", "pangle"), ("com.sensorsdata.", "sensorsdata"), ("com.growingio.", "growingio"),
    ("com.google.firebase.", "firebase"), ("com.facebook.", "facebook"), ("com.appsflyer.", "appsflyer"),
    ("com.adjust.sdk.", "adjust"),
])
def test_section6_ids_from_the_sdk_database_and_the_fallback(prefix: str, sdk: str) -> None:
    cls = prefix + "x.Y"
    assert attribute([Frame(cls, "m")], APP).caller == f"sdk:{sdk}"
    assert fallback_match(cls) == sdk


def test_attribute_class() -> None:
    assert attribute_class("cn.jpush.android.service.PushReceiver", APP) == "sdk:jpush"
    assert attribute_class("com.example.app.BootReceiver", APP) == "app"
    assert attribute_class("android.app.Service", APP) == "app"
