package android.provider;

import android.net.Uri;

/** The contacts provider's contract (authority {@code com.android.contacts}). */
public final class ContactsContract {
    public static final String AUTHORITY = "com.android.contacts";
    public static final Uri AUTHORITY_URI = Uri.parse("content://com.android.contacts");

    ContactsContract() {}

    /** Columns of the contacts table. */
    protected interface ContactsColumns {
        String DISPLAY_NAME = "display_name";
        String HAS_PHONE_NUMBER = "has_phone_number";
        String LOOKUP_KEY = "lookup";
    }

    /** Columns of the data table. */
    protected interface DataColumns {
        String MIMETYPE = "mimetype";
        String RAW_CONTACT_ID = "raw_contact_id";
        String DATA1 = "data1";
        String DATA2 = "data2";
    }

    /** Aggregated contacts. */
    public static class Contacts implements BaseColumns, ContactsColumns {
        public static final Uri CONTENT_URI = Uri.withAppendedPath(AUTHORITY_URI, "contacts");
        public static final String CONTENT_TYPE = "vnd.android.cursor.dir/contact";

        Contacts() {}
    }

    /** Raw contacts. */
    public static final class RawContacts implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.withAppendedPath(AUTHORITY_URI, "raw_contacts");

        RawContacts() {}
    }

    /** Data rows (phones, emails, …). */
    public static final class Data implements BaseColumns, DataColumns {
        public static final Uri CONTENT_URI = Uri.withAppendedPath(AUTHORITY_URI, "data");

        Data() {}
    }

    /** Typed data kinds. */
    public static final class CommonDataKinds {
        CommonDataKinds() {}

        /** Columns common to most data kinds. */
        protected interface CommonColumns {
            String DATA = "data1";
            String TYPE = "data2";
            String LABEL = "data3";
        }

        /** Phone numbers. */
        public static final class Phone implements BaseColumns, CommonColumns, DataColumns, ContactsColumns {
            public static final Uri CONTENT_URI = Uri.withAppendedPath(Data.CONTENT_URI, "phones");
            public static final String CONTENT_ITEM_TYPE = "vnd.android.cursor.item/phone_v2";
            public static final String NUMBER = "data1";
            public static final String NORMALIZED_NUMBER = "data4";
            public static final int TYPE_MOBILE = 2;

            Phone() {}
        }

        /** E-mail addresses. */
        public static final class Email implements BaseColumns, CommonColumns, DataColumns, ContactsColumns {
            public static final Uri CONTENT_URI = Uri.withAppendedPath(Data.CONTENT_URI, "emails");
            public static final String ADDRESS = "data1";

            Email() {}
        }
    }
}
