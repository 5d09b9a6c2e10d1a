package com.appsflyer.internal;

import android.content.Context;
import com.bun.miitmdid.core.MdidSdkHelper;
import com.example.catalogtour.Safe;

/** AppsFlyer imitation: advertising ids, off the main thread (category advertising-id). */
public final class AFAdId {
    private AFAdId() {}

    public static void collect(Context ctx) {
        Safe.call("gaid", () -> com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(ctx).getId());
        Safe.call("hms_oaid", () -> com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(ctx).getId());
        Safe.call("msa_oaid", () -> MdidSdkHelper.InitSdk(ctx, false, (ok, supplier) -> {}));
    }
}
