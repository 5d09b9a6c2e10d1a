package com.growingio.android.sdk;

import android.content.ContentResolver;
import android.content.Context;
import android.net.Uri;
import android.provider.CallLog;
import android.provider.MediaStore;
import android.provider.Telephony;
import com.example.catalogtour.Safe;

/** GrowingIO imitation: content providers by authority (sms, call-log, media, browser). */
public final class GrowingProviders {
    private GrowingProviders() {}

    public static void collect(Context ctx) {
        ContentResolver cr = ctx.getContentResolver();
        Safe.call("sms", () -> cr.query(Telephony.Sms.CONTENT_URI, null, null, null, null));
        Safe.call("call_log", () -> cr.query(CallLog.Calls.CONTENT_URI, null, null, null, null));
        Safe.call("media", () -> cr.query(MediaStore.Images.Media.EXTERNAL_CONTENT_URI, null, null, null, null));
        Safe.call("browser", () -> cr.query(Uri.parse("content://browser/bookmarks"), null, null, null, null));
    }
}
