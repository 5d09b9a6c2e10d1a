package android.app;

import android.content.Context;
import android.content.Intent;

/** An Intent with the identity of the app that made it, sent later (by an alarm, a notification …). */
public final class PendingIntent {
    public static final int FLAG_ONE_SHOT = 1 << 30;
    public static final int FLAG_NO_CREATE = 1 << 29;
    public static final int FLAG_CANCEL_CURRENT = 1 << 28;
    public static final int FLAG_UPDATE_CURRENT = 1 << 27;
    public static final int FLAG_IMMUTABLE = 1 << 26;
    public static final int FLAG_MUTABLE = 1 << 25;

    public static class CanceledException extends android.util.AndroidException {
        public CanceledException() {}

        public CanceledException(String name) {
            super(name);
        }

        public CanceledException(Exception cause) {
            super(cause);
        }
    }

    private final Context mContext;
    private final Intent mIntent;
    private final String mKind;
    private final int mRequestCode;
    private boolean mCanceled;

    private PendingIntent(Context context, String kind, int requestCode, Intent intent) {
        mContext = context;
        mKind = kind;
        mRequestCode = requestCode;
        mIntent = new Intent(intent);
    }

    public static PendingIntent getActivity(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, "activity", requestCode, intent);
    }

    public static PendingIntent getBroadcast(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, "broadcast", requestCode, intent);
    }

    public static PendingIntent getService(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, "service", requestCode, intent);
    }

    public static PendingIntent getForegroundService(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, "service", requestCode, intent);
    }

    public void send() throws CanceledException {
        if (mCanceled) throw new CanceledException("Sending a canceled PendingIntent");
        Context ctx = mContext.getApplicationContext() != null ? mContext.getApplicationContext() : mContext;
        switch (mKind) {
            case "activity": ctx.startActivity(new Intent(mIntent).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)); break;
            case "service": ctx.startService(new Intent(mIntent)); break;
            default: ctx.sendBroadcast(new Intent(mIntent)); break;
        }
    }

    public void cancel() {
        mCanceled = true;
    }

    public String getCreatorPackage() {
        return mContext.getPackageName();
    }

    public boolean isActivity() {
        return mKind.equals("activity");
    }

    public boolean isBroadcast() {
        return mKind.equals("broadcast");
    }

    public boolean isService() {
        return mKind.equals("service");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PendingIntent)) return false;
        PendingIntent p = (PendingIntent) o;
        return mKind.equals(p.mKind) && mRequestCode == p.mRequestCode && mIntent.filterEquals(p.mIntent)
                && getCreatorPackage().equals(p.getCreatorPackage());
    }

    @Override
    public int hashCode() {
        return mKind.hashCode() * 31 + mRequestCode * 17 + mIntent.filterHashCode();
    }
}
