package com.cootek.smartdialer.yellowpage;

import android.content.ContentValues;
import android.content.Context;
import android.net.Uri;
import android.util.Log;

/** Imitation of a yellow-pages SDK that plants a "customer service" card in the address book. */
public class YellowPage {
    public static void init(Context context) {
        ContentValues v = new ContentValues();
        v.put("display_name", "官方客服热线");
        v.put("data1", "4001234567");
        try {
            context.getContentResolver().insert(Uri.parse("content://com.android.contacts/raw_contacts"), v);
        } catch (SecurityException e) {
            Log.w("yellowpage", "no contacts permission");
        }
    }
}
