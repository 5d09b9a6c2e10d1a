package android.content;

import android.net.Uri;

public class ContentResolver {
    public Object query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder) {
        return null;
    }
}
