package android.app;

import android.content.Context;
import android.content.Intent;
import android.util.AndroidException;

/** A token for an Intent that another party may send later on the creator's behalf. */
public final class PendingIntent {
    public static final int FLAG_ONE_SHOT = 1 << 30;
    public static final int FLAG_NO_CREATE = 1 << 29;
    public static final int FLAG_CANCEL_CURRENT = 1 << 28;
    public static final int FLAG_UPDATE_CURRENT = 1 << 27;
    public static final int FLAG_IMMUTABLE = 1 << 26;
    public static final int FLAG_MUTABLE = 1 << 25;

    private static final int ACTIVITY = 1;
    private static final int BROADCAST = 2;
    private static final int SERVICE = 3;
    private static final int FOREGROUND_SERVICE = 4;

    private final Context context;
    private final Intent intent;
    private final int kind;
    private final int flags;
    private boolean canceled;

    private PendingIntent(Context context, Intent intent, int kind, int flags) {
        this.context = context;
        this.intent = new Intent(intent);
        this.kind = kind;
        this.flags = flags;
    }

    /** Thrown by send() once the PendingIntent was canceled. */
    public static class CanceledException extends AndroidException {
        public CanceledException() {}

        public CanceledException(String name) {
            super(name);
        }

        public CanceledException(Exception cause) {
            super(cause);
        }
    }

    public static PendingIntent getActivity(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, intent, ACTIVITY, flags);
    }

    public static PendingIntent getBroadcast(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, intent, BROADCAST, flags);
    }

    public static PendingIntent getService(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, intent, SERVICE, flags);
    }

    public static PendingIntent getForegroundService(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(context, intent, FOREGROUND_SERVICE, flags);
    }

    public void send() throws CanceledException {
        if (canceled) throw new CanceledException();
        switch (kind) {
            case ACTIVITY:
                context.startActivity(intent);
                break;
            case BROADCAST:
                context.sendBroadcast(intent);
                break;
            case FOREGROUND_SERVICE:
                context.startForegroundService(intent);
                break;
            default:
                context.startService(intent);
        }
        if ((flags & FLAG_ONE_SHOT) != 0) canceled = true;
    }

    public void send(int code) throws CanceledException {
        send();
    }

    public void cancel() {
        canceled = true;
    }

    public String getCreatorPackage() {
        return context.getPackageName();
    }

    public String getTargetPackage() {
        return context.getPackageName();
    }

    public int getCreatorUid() {
        return android.os.Process.myUid();
    }

    public boolean isActivity() {
        return kind == ACTIVITY;
    }

    public boolean isBroadcast() {
        return kind == BROADCAST;
    }

    public boolean isService() {
        return kind == SERVICE;
    }

    public boolean isForegroundService() {
        return kind == FOREGROUND_SERVICE;
    }

    public boolean isImmutable() {
        return (flags & FLAG_IMMUTABLE) != 0;
    }

    @Override
    public String toString() {
        return "PendingIntent{" + Integer.toHexString(System.identityHashCode(this)) + ": " + intent + "}";
    }
}
