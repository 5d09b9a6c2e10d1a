"""Reading where an audited SDK stopped from HotSpot's exception log (``-Xlog:exceptions=info``).

The log excerpts are as JDK 17 wrote them for the real Adjust 4.38 jar in the harness (trimmed to the
entries that matter, plus the JDK's own method-handle probing that must be ignored)."""

from __future__ import annotations

from monitor.audit.outcome import missing_of, parse_exception_log, status_of

ADJUST = """\
[1.598s][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x000000069ed542f0}: 'void java.lang.invoke.DirectMethodHandle$Holder.invokeStatic(java.lang.Object, java.lang.Object)'> (0x000000069ed542f0) 
thrown [./src/hotspot/share/interpreter/linkResolver.cpp, line 758]
for thread 0x00007fd38c0184a0
[3.491s][info][exceptions] Exception <a 'java/io/FileNotFoundException'{0x000000069e92fb30}: /tmp/x/files/AdjustSessionPartnerParameters (No such file or directory)>
 thrown in interpreter method <{method} {0x00007fd30b46b518} 'readObject' '(Landroid/content/Context;)Ljava/lang/Object;' in 'com/adjust/sdk/Util'>
 at bci 8 for thread 0x00007fd38c1e7c30 (Adjust-pool-1-thread-1-ActivityHandler)
[3.491s][info][exceptions] Found matching handler for exception of type "java.io.FileNotFoundException" in method "readObject" at BCI: 177
[3.491s][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x000000069e930128}: 'android.content.res.AssetManager android.content.Context.getAssets()'> (0x000000069e930128) 
thrown [./src/hotspot/share/interpreter/linkResolver.cpp, line 758]
for thread 0x00007fd38c1e7c30
[3.491s][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x000000069e930128}: 'android.content.res.AssetManager android.content.Context.getAssets()'>
 thrown in interpreter method <{method} {0x00007fd30b47eda8} 'readConfigFile' '(Landroid/content/Context;)V' in 'com/adjust/sdk/ActivityHandler'>
 at bci 1 for thread 0x00007fd38c1e7c30 (Adjust-pool-1-thread-1-ActivityHandler)
[3.491s][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x000000069e930128}: 'android.content.res.AssetManager android.content.Context.getAssets()'>
 thrown in interpreter method <{method} {0x00007fd30b47ec18} 'initI' '()V' in 'com/adjust/sdk/ActivityHandler'>
 at bci 184 for thread 0x00007fd38c1e7c30 (Adjust-pool-1-thread-1-ActivityHandler)
[3.491s][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x000000069e930128}: 'android.content.res.AssetManager android.content.Context.getAssets()'>
 thrown in interpreter method <{method} {0x00007fd30b48c718} 'tryExecuteRunnable' '(Ljava/lang/Runnable;)V' in 'com/adjust/sdk/scheduler/SingleThreadCachedScheduler'>
 at bci 9 for thread 0x00007fd38c1e7c30 (Adjust-pool-1-thread-1-ActivityHandler)
[3.491s][info][exceptions] Found matching handler for exception of type "java.lang.NoSuchMethodError" in method "tryExecuteRunnable" at BCI: 17
"""

WECHAT = """\
[2.2s][info][exceptions] Exception <a 'java/lang/NoSuchFieldError'{0x00000006a0001000}: signatures>
 thrown in interpreter method <{method} {0x1} 'validateAppSignatureForPackage' '(Ljava/lang/String;Z)Z' in 'com/tencent/mm/opensdk/openapi/WXApiImplComm'>
 at bci 20 for thread 0x2 (main)
[2.2s][info][exceptions] Exception <a 'java/lang/NoSuchFieldError'{0x00000006a0001000}: signatures>
 thrown in interpreter method <{method} {0x3} 'init' '(Landroid/content/Context;)V' in 'com/pimon/sdkaudit/AuditInit'>
 at bci 3 for thread 0x2 (main)
[2.2s][info][exceptions] Found matching handler for exception of type "java.lang.NoSuchFieldError" in method "init" at BCI: 9
[2.3s][info][exceptions] Exception <a 'java/lang/NoClassDefFoundError'{0x00000006a0002000}: android/content/pm/ProviderInfo>
 thrown in interpreter method <{method} {0x4} 'a' '()V' in 'cn/jiguang/bc/d'>
 at bci 2 for thread 0x2 (JCore-worker)
[2.3s][info][exceptions] Exception <a 'java/lang/NoClassDefFoundError'{0x00000006a0003000}: android/content/pm/ProviderInfo>
 thrown in interpreter method <{method} {0x4} 'a' '()V' in 'cn/jiguang/bc/d'>
 at bci 2 for thread 0x2 (JCore-worker)
"""


def test_a_linkage_error_the_sdk_caught_names_the_missing_member_the_sdk_method_and_the_handler() -> None:
    [f] = parse_exception_log(ADJUST)  # the JDK's method-handle probing and the FileNotFoundException are not it
    assert (f.error, f.kind, f.missing, f.framework) == (
        "java.lang.NoSuchMethodError", "method", "android.content.Context.getAssets()", True)
    assert f.sdk_frame == "com.adjust.sdk.ActivityHandler.readConfigFile"
    assert f.caught_by == "com.adjust.sdk.scheduler.SingleThreadCachedScheduler.tryExecuteRunnable"
    assert f.thread == "Adjust-pool-1-thread-1-ActivityHandler"
    assert f.summary().startswith("framework lacks android.content.Context.getAssets() (in com.adjust.sdk.")
    assert "the SDK went on without it" in f.summary()
    assert status_of([f]) == ("sdk-incomplete", f.summary())


def test_a_field_is_named_with_its_owner_and_the_harness_catching_it_is_not_the_sdk() -> None:
    owners = {("com.tencent.mm.opensdk.openapi.WXApiImplComm", "signatures"): "android.content.pm.PackageInfo"}
    failures = parse_exception_log(WECHAT, lambda cls, name: owners.get((cls, name)))
    assert [f.missing for f in failures] == ["android.content.pm.PackageInfo.signatures",
                                             "android.content.pm.ProviderInfo"]
    wx, jc = failures
    assert wx.caught_by is None and "it ended the SDK's entry point or thread" in wx.summary()
    assert wx.sdk_frame == "com.tencent.mm.opensdk.openapi.WXApiImplComm.validateAppSignatureForPackage"
    assert (jc.kind, jc.count, jc.thread) == ("class", 2, "JCore-worker")  # two throws, one failure
    assert status_of(failures)[1].endswith("(+1 more)")


def test_missing_of_native_and_dependencies() -> None:
    assert missing_of("java.lang.UnsatisfiedLinkError", "no jcore400 in java.library.path: /usr/lib") == (
        "native", "libjcore400.so")
    assert missing_of("java.lang.NoClassDefFoundError", "com/google/android/gms/common/GooglePlayServicesUtil") == (
        "class", "com.google.android.gms.common.GooglePlayServicesUtil")
    assert missing_of("java.lang.NoClassDefFoundError", "Could not initialize class cn.jiguang.ad.a") == (
        "init", "cn.jiguang.ad.a")
    dep = ("[1s][info][exceptions] Exception <a 'java/lang/NoClassDefFoundError'{0x9}: com/huawei/hms/Missing>\n"
           " thrown in interpreter method <{method} {0x4} 'a' '()V' in 'cn/jiguang/bc/d'>\n at bci 2 for thread 0x2 (main)\n")
    [f] = parse_exception_log(dep)
    assert f.summary().startswith("missing dependency com.huawei.hms.Missing (in cn.jiguang.bc.d.a), not in the "
                                  "files given (a vendor library: audit its jar with the SDK)")


def test_no_linkage_error_no_outcome_and_garbage_is_ignored() -> None:
    assert parse_exception_log("") == []
    assert parse_exception_log("[x][info][exceptions] Exception <a 'java/lang/NoSuchMethodError'{0x1}: 'broken\n"
                               "garbage\n\x00") == []
    assert status_of([]) is None
