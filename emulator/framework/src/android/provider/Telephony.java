package android.provider;

import android.net.Uri;

/** The SMS/MMS provider's contract. */
public final class Telephony {
    Telephony() {}

    /** Columns of text-based SMS messages. */
    public interface TextBasedSmsColumns {
        int MESSAGE_TYPE_ALL = 0;
        int MESSAGE_TYPE_INBOX = 1;
        int MESSAGE_TYPE_SENT = 2;
        String TYPE = "type";
        String THREAD_ID = "thread_id";
        String ADDRESS = "address";
        String DATE = "date";
        String DATE_SENT = "date_sent";
        String READ = "read";
        String SEEN = "seen";
        String STATUS = "status";
        String SUBJECT = "subject";
        String BODY = "body";
        String PERSON = "person";
    }

    /** SMS messages ({@code content://sms}). */
    public static final class Sms implements BaseColumns, TextBasedSmsColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://sms");
        public static final String DEFAULT_SORT_ORDER = "date DESC";

        Sms() {}

        /** Received messages. */
        public static final class Inbox implements BaseColumns, TextBasedSmsColumns {
            public static final Uri CONTENT_URI = Uri.parse("content://sms/inbox");
            public static final String DEFAULT_SORT_ORDER = "date DESC";

            Inbox() {}
        }

        /** Sent messages. */
        public static final class Sent implements BaseColumns, TextBasedSmsColumns {
            public static final Uri CONTENT_URI = Uri.parse("content://sms/sent");
            public static final String DEFAULT_SORT_ORDER = "date DESC";

            Sent() {}
        }
    }
}
