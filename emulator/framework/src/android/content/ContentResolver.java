package android.content;

import android.database.ContentObserver;
import android.database.Cursor;
import android.database.MatrixCursor;
import android.net.Uri;
import android.os.Bundle;
import android.os.CancellationSignal;
import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to content providers. The device's contacts, SMS, call-log and calendar providers are
 * served from the device profile; reading them needs the matching dangerous permission.
 */
public abstract class ContentResolver {
    public static final String SCHEME_CONTENT = "content";
    public static final String SCHEME_FILE = "file";
    public static final String SCHEME_ANDROID_RESOURCE = "android.resource";
    public static final String CURSOR_DIR_BASE_TYPE = "vnd.android.cursor.dir";
    public static final String CURSOR_ITEM_BASE_TYPE = "vnd.android.cursor.item";

    private final Context context;
    private final List<ContentObserver> observers = new ArrayList<>();

    public ContentResolver(Context context) {
        this.context = context;
    }

    /** Rows of a seeded table: column names plus values. */
    private static final class Table {
        final String[] columns;
        final List<Object[]> rows = new ArrayList<>();

        Table(String... columns) {
            this.columns = columns;
        }
    }

    private static Table table(Uri uri) {
        String authority = uri == null ? null : uri.getAuthority();
        if (authority == null) return null;
        Profile p = Profile.get();
        String path = uri.getPath() == null ? "" : uri.getPath();
        switch (authority) {
            case "com.android.contacts":
            case "contacts": {
                Permissions.enforce("android.permission.READ_CONTACTS");
                Table t = new Table("_id", "contact_id", "display_name", "data1", "number", "data2", "has_phone_number", "mimetype");
                int id = 1;
                for (String[] r : p.records("contacts")) {
                    String number = Profile.field(r, 1, "");
                    t.rows.add(new Object[] {id, id, Profile.field(r, 0, ""), number, number, 2, number.isEmpty() ? 0 : 1,
                            "vnd.android.cursor.item/phone_v2"});
                    id++;
                }
                return t;
            }
            case "sms":
            case "mms-sms": {
                Permissions.enforce("android.permission.READ_SMS");
                Table t = new Table("_id", "thread_id", "address", "body", "date", "type", "read");
                int id = 1;
                for (String[] r : p.records("sms")) {
                    int type = Integer.parseInt(Profile.field(r, 3, "1"));
                    if (path.startsWith("/inbox") && type != 1) continue;
                    if (path.startsWith("/sent") && type != 2) continue;
                    t.rows.add(new Object[] {id, id, Profile.field(r, 0, ""), Profile.field(r, 1, ""),
                            Long.parseLong(Profile.field(r, 2, "0")), type, 1});
                    id++;
                }
                return t;
            }
            case "call_log": {
                Permissions.enforce("android.permission.READ_CALL_LOG");
                Table t = new Table("_id", "number", "type", "date", "duration", "name");
                int id = 1;
                for (String[] r : p.records("call_log")) {
                    t.rows.add(new Object[] {id++, Profile.field(r, 0, ""), Integer.parseInt(Profile.field(r, 1, "1")),
                            Long.parseLong(Profile.field(r, 2, "0")), Long.parseLong(Profile.field(r, 3, "0")), null});
                }
                return t;
            }
            case "com.android.calendar": {
                Permissions.enforce("android.permission.READ_CALENDAR");
                Table t = new Table("_id", "calendar_id", "title", "dtstart", "dtend", "eventLocation");
                int id = 1;
                for (String[] r : p.records("calendar")) {
                    t.rows.add(new Object[] {id++, 1, Profile.field(r, 0, ""), Long.parseLong(Profile.field(r, 1, "0")),
                            Long.parseLong(Profile.field(r, 2, "0")), Profile.field(r, 3, "")});
                }
                return t;
            }
            case "media": {
                if (!Permissions.isGranted("android.permission.READ_EXTERNAL_STORAGE")) {
                    String kind = path.contains("/video/") ? "VIDEO" : path.contains("/audio/") ? "AUDIO" : "IMAGES";
                    Permissions.enforce("android.permission.READ_MEDIA_" + kind);
                }
                return new Table("_id", "_display_name", "mime_type", "_size", "date_added", "relative_path", "_data");
            }
            default:
                return null;
        }
    }

    /** Queries a provider; {@code null} for an unknown provider, as on Android. */
    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder) {
        return queryTable(uri, projection);
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder,
            CancellationSignal cancellationSignal) {
        return queryTable(uri, projection);
    }

    public final Cursor query(Uri uri, String[] projection, Bundle queryArgs, CancellationSignal cancellationSignal) {
        return queryTable(uri, projection);
    }

    private static Cursor queryTable(Uri uri, String[] projection) {
        Table t = table(uri);
        if (t == null) return null;
        String[] cols = projection == null ? t.columns : projection;
        int[] idx = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            idx[i] = -1;
            for (int j = 0; j < t.columns.length; j++) {
                if (t.columns[j].equalsIgnoreCase(cols[i])) idx[i] = j;
            }
        }
        MatrixCursor c = new MatrixCursor(cols);
        for (Object[] row : t.rows) {
            Object[] out = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) out[i] = idx[i] < 0 ? null : row[idx[i]];
            c.addRow(out);
        }
        return c;
    }

    public final String getType(Uri url) {
        String a = url == null ? null : url.getAuthority();
        if ("com.android.contacts".equals(a)) return "vnd.android.cursor.dir/contact";
        if ("sms".equals(a)) return "vnd.android-dir/sms";
        if ("call_log".equals(a)) return "vnd.android.cursor.dir/calls";
        return null;
    }

    public final Uri insert(Uri url, ContentValues values) {
        Table t = table(url); // enforces read permission; writes need the write permission too
        if (t == null) return null;
        String a = url.getAuthority();
        if ("sms".equals(a)) Permissions.enforce("android.permission.SEND_SMS");
        if ("com.android.contacts".equals(a)) Permissions.enforce("android.permission.WRITE_CONTACTS");
        if ("call_log".equals(a)) Permissions.enforce("android.permission.WRITE_CALL_LOG");
        if ("com.android.calendar".equals(a)) Permissions.enforce("android.permission.WRITE_CALENDAR");
        return Uri.withAppendedPath(url, String.valueOf(t.rows.size() + 1));
    }

    public final int bulkInsert(Uri url, ContentValues[] values) {
        int n = 0;
        for (ContentValues v : values) {
            if (insert(url, v) != null) n++;
        }
        return n;
    }

    public final int update(Uri uri, ContentValues values, String where, String[] selectionArgs) {
        return table(uri) == null ? 0 : 0;
    }

    public final int delete(Uri url, String where, String[] selectionArgs) {
        return table(url) == null ? 0 : 0;
    }

    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {
        synchronized (observers) {
            observers.add(observer);
        }
    }

    public final void unregisterContentObserver(ContentObserver observer) {
        synchronized (observers) {
            observers.remove(observer);
        }
    }

    public void notifyChange(Uri uri, ContentObserver observer) {
        List<ContentObserver> copy;
        synchronized (observers) {
            copy = new ArrayList<>(observers);
        }
        for (ContentObserver o : copy) {
            if (o != observer || o.deliverSelfNotifications()) o.dispatchChange(o == observer, uri);
        }
    }

    @Deprecated
    public void notifyChange(Uri uri, ContentObserver observer, boolean syncToNetwork) {
        notifyChange(uri, observer);
    }

    public void notifyChange(Uri uri, ContentObserver observer, int flags) {
        notifyChange(uri, observer);
    }
}
