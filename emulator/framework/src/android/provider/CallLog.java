package android.provider;

import android.net.Uri;

/** The call log provider's contract (authority {@code call_log}). */
public class CallLog {
    public static final String AUTHORITY = "call_log";
    public static final Uri CONTENT_URI = Uri.parse("content://call_log");

    public CallLog() {}

    /** Calls made and received. */
    public static class Calls implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://call_log/calls");
        public static final String DEFAULT_SORT_ORDER = "date DESC";
        public static final String NUMBER = "number";
        public static final String TYPE = "type";
        public static final String DATE = "date";
        public static final String DURATION = "duration";
        public static final String CACHED_NAME = "name";
        public static final int INCOMING_TYPE = 1;
        public static final int OUTGOING_TYPE = 2;
        public static final int MISSED_TYPE = 3;

        public Calls() {}
    }
}
