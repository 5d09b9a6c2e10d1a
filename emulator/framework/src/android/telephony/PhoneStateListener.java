package android.telephony;

import java.util.List;
import java.util.concurrent.Executor;

/** Listener for {@link TelephonyManager#listen}. */
@Deprecated
public class PhoneStateListener {
    public static final int LISTEN_NONE = 0;
    public static final int LISTEN_SERVICE_STATE = 0x00000001;
    public static final int LISTEN_SIGNAL_STRENGTH = 0x00000002;
    public static final int LISTEN_MESSAGE_WAITING_INDICATOR = 0x00000004;
    public static final int LISTEN_CALL_FORWARDING_INDICATOR = 0x00000008;
    public static final int LISTEN_CELL_LOCATION = 0x00000010;
    public static final int LISTEN_CALL_STATE = 0x00000020;
    public static final int LISTEN_DATA_CONNECTION_STATE = 0x00000040;
    public static final int LISTEN_DATA_ACTIVITY = 0x00000080;
    public static final int LISTEN_SIGNAL_STRENGTHS = 0x00000100;
    public static final int LISTEN_CELL_INFO = 0x00000400;

    public PhoneStateListener() {}

    public PhoneStateListener(Executor executor) {}

    public void onServiceStateChanged(ServiceState serviceState) {}

    public void onSignalStrengthChanged(int asu) {}

    public void onMessageWaitingIndicatorChanged(boolean mwi) {}

    public void onCallForwardingIndicatorChanged(boolean cfi) {}

    public void onCellLocationChanged(CellLocation location) {}

    public void onCallStateChanged(int state, String phoneNumber) {}

    public void onDataConnectionStateChanged(int state) {}

    public void onDataConnectionStateChanged(int state, int networkType) {}

    public void onDataActivity(int direction) {}

    public void onCellInfoChanged(List<CellInfo> cellInfo) {}

    public void onUserMobileDataStateChanged(boolean enabled) {}

    public void onActiveDataSubscriptionIdChanged(int subId) {}

    /** As on Android: the system calls the stub, which calls the listener (the delivery pimon hooks;
     * toString names the listener, so a delivery joins its registration). */
    static final class IPhoneStateListenerStub {
        private final PhoneStateListener listener;

        IPhoneStateListenerStub(PhoneStateListener listener) {
            this.listener = listener;
        }

        public void onServiceStateChanged(ServiceState serviceState) {
            listener.onServiceStateChanged(serviceState);
        }

        public void onCallStateChanged(int state, String incomingNumber) {
            listener.onCallStateChanged(state, incomingNumber);
        }

        public void onCellLocationChanged(CellLocation location) {
            listener.onCellLocationChanged(location);
        }

        public void onCellInfoChanged(List<CellInfo> cellInfo) {
            listener.onCellInfoChanged(cellInfo);
        }

        @Override
        public String toString() {
            return "IPhoneStateListenerStub{listener=" + listener + "}";
        }
    }
}
