package android.os;

/** Lets a caller cancel an operation in progress (here: LocationManager.getCurrentLocation, queries). */
public final class CancellationSignal {
    private boolean canceled;
    private OnCancelListener listener;

    public CancellationSignal() {}

    /** Called when the signal is canceled. */
    public interface OnCancelListener {
        void onCancel();
    }

    public boolean isCanceled() {
        synchronized (this) {
            return canceled;
        }
    }

    public void cancel() {
        OnCancelListener l;
        synchronized (this) {
            if (canceled) return;
            canceled = true;
            l = listener;
        }
        if (l != null) l.onCancel();
    }

    public void setOnCancelListener(OnCancelListener listener) {
        boolean now;
        synchronized (this) {
            this.listener = listener;
            now = canceled;
        }
        if (now && listener != null) listener.onCancel();
    }
}
