package android.content;

/** Receives Intents sent by sendBroadcast() or by the system (e.g. BOOT_COMPLETED). */
public abstract class BroadcastReceiver {
    private int resultCode;
    private String resultData;
    private boolean abort;
    private boolean ordered;

    public BroadcastReceiver() {}

    public abstract void onReceive(Context context, Intent intent);

    public final void setResultCode(int code) {
        resultCode = code;
    }

    public final int getResultCode() {
        return resultCode;
    }

    public final void setResultData(String data) {
        resultData = data;
    }

    public final String getResultData() {
        return resultData;
    }

    public final void abortBroadcast() {
        abort = true;
    }

    public final boolean getAbortBroadcast() {
        return abort;
    }

    public final void clearAbortBroadcast() {
        abort = false;
    }

    public final boolean isOrderedBroadcast() {
        return ordered;
    }

    public final boolean isInitialStickyBroadcast() {
        return false;
    }

    public final void setOrderedHint(boolean isOrdered) {
        ordered = isOrdered;
    }

    public final void setDebugUnregister(boolean debug) {}

    public final boolean getDebugUnregister() {
        return false;
    }
}
