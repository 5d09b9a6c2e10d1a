package android.provider;

import android.net.Uri;

/** The calendar provider's contract (authority {@code com.android.calendar}). */
public final class CalendarContract {
    public static final String AUTHORITY = "com.android.calendar";
    public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar");

    CalendarContract() {}

    /** Columns of the events table. */
    protected interface EventsColumns {
        String CALENDAR_ID = "calendar_id";
        String TITLE = "title";
        String DESCRIPTION = "description";
        String EVENT_LOCATION = "eventLocation";
        String DTSTART = "dtstart";
        String DTEND = "dtend";
    }

    /** Columns of the calendars table. */
    protected interface CalendarColumns {
        String CALENDAR_DISPLAY_NAME = "calendar_displayName";
    }

    /** Calendar events. */
    public static final class Events implements BaseColumns, EventsColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar/events");

        Events() {}
    }

    /** Calendars. */
    public static final class Calendars implements BaseColumns, CalendarColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar/calendars");

        Calendars() {}
    }
}
