package android.app;

import android.content.Context;

/** A notification; shown by NotificationManager.notify as a "notification" ui event. */
public class Notification {
    public static final int FLAG_ONGOING_EVENT = 0x00000002;
    public static final int FLAG_AUTO_CANCEL = 0x00000010;
    public static final int FLAG_FOREGROUND_SERVICE = 0x00000040;
    public static final int PRIORITY_DEFAULT = 0;
    public static final int PRIORITY_LOW = -1;
    public static final int PRIORITY_HIGH = 1;

    public int flags;
    public PendingIntent contentIntent;
    public CharSequence tickerText;
    CharSequence mTitle;
    CharSequence mText;
    String mChannelId;

    public Notification() {}

    public String getChannelId() {
        return mChannelId;
    }

    public static class Builder {
        private final Notification mN = new Notification();

        public Builder(Context context, String channelId) {
            mN.mChannelId = channelId;
        }

        @Deprecated
        public Builder(Context context) {}

        public Builder setContentTitle(CharSequence title) {
            mN.mTitle = title;
            return this;
        }

        public Builder setContentText(CharSequence text) {
            mN.mText = text;
            return this;
        }

        public Builder setTicker(CharSequence tickerText) {
            mN.tickerText = tickerText;
            return this;
        }

        public Builder setSmallIcon(int icon) {
            return this;
        }

        public Builder setContentIntent(PendingIntent intent) {
            mN.contentIntent = intent;
            return this;
        }

        public Builder setAutoCancel(boolean autoCancel) {
            mN.flags = autoCancel ? mN.flags | FLAG_AUTO_CANCEL : mN.flags & ~FLAG_AUTO_CANCEL;
            return this;
        }

        public Builder setOngoing(boolean ongoing) {
            mN.flags = ongoing ? mN.flags | FLAG_ONGOING_EVENT : mN.flags & ~FLAG_ONGOING_EVENT;
            return this;
        }

        @Deprecated
        public Builder setPriority(int pri) {
            return this;
        }

        public Builder setChannelId(String channelId) {
            mN.mChannelId = channelId;
            return this;
        }

        public Notification build() {
            return mN;
        }
    }
}
