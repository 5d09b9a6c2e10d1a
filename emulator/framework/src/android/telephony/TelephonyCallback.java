package android.telephony;

import java.util.List;
import java.util.concurrent.Executor;

/** Android 12's replacement of {@link PhoneStateListener}: a subclass implements the listener interfaces
 * of the events it wants ({@link TelephonyManager#registerTelephonyCallback}). */
public class TelephonyCallback {
    public TelephonyCallback() {}

    public interface ServiceStateListener {
        void onServiceStateChanged(ServiceState serviceState);
    }

    public interface CallStateListener {
        void onCallStateChanged(int state);
    }

    public interface CellLocationListener {
        void onCellLocationChanged(CellLocation location);
    }

    public interface CellInfoListener {
        void onCellInfoChanged(List<CellInfo> cellInfo);
    }

    /** As on Android: the system calls the stub, which runs the callback's method on its executor (the
     * delivery pimon hooks; toString names the callback, so a delivery joins its registration). */
    static final class IPhoneStateListenerStub {
        private final TelephonyCallback callback;
        private final Executor executor;

        IPhoneStateListenerStub(TelephonyCallback callback, Executor executor) {
            this.callback = callback;
            this.executor = executor;
        }

        boolean wants(Class<?> kind) {
            return kind.isInstance(callback);
        }

        public void onServiceStateChanged(ServiceState serviceState) {
            if (callback instanceof ServiceStateListener l) executor.execute(() -> l.onServiceStateChanged(serviceState));
        }

        public void onCallStateChanged(int state, String incomingNumber) {
            if (callback instanceof CallStateListener l) executor.execute(() -> l.onCallStateChanged(state));
        }

        public void onCellLocationChanged(CellLocation location) {
            if (callback instanceof CellLocationListener l) executor.execute(() -> l.onCellLocationChanged(location));
        }

        public void onCellInfoChanged(List<CellInfo> cellInfo) {
            if (callback instanceof CellInfoListener l) executor.execute(() -> l.onCellInfoChanged(cellInfo));
        }

        @Override
        public String toString() {
            return "IPhoneStateListenerStub{callback=" + callback + "}";
        }
    }
}
