package android.telephony;

import android.content.Context;
import android.os.Looper;
import android.os.Handler;
import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Telephony identifiers and state, read from the device profile. The dangerous-permission checks
 * are Android's (READ_PHONE_STATE, READ_PHONE_NUMBERS, ACCESS_FINE_LOCATION); overloads that are
 * {@code @hide} on Android are package-private here (SDKs reach them by reflection).
 */
public class TelephonyManager {
    public static final int PHONE_TYPE_NONE = 0;
    public static final int PHONE_TYPE_GSM = 1;
    public static final int PHONE_TYPE_CDMA = 2;
    public static final int PHONE_TYPE_SIP = 3;
    public static final int SIM_STATE_UNKNOWN = 0;
    public static final int SIM_STATE_ABSENT = 1;
    public static final int SIM_STATE_READY = 5;
    public static final int NETWORK_TYPE_UNKNOWN = 0;
    public static final int NETWORK_TYPE_GPRS = 1;
    public static final int NETWORK_TYPE_EDGE = 2;
    public static final int NETWORK_TYPE_UMTS = 3;
    public static final int NETWORK_TYPE_HSPA = 10;
    public static final int NETWORK_TYPE_LTE = 13;
    public static final int NETWORK_TYPE_NR = 20;
    public static final int CALL_STATE_IDLE = 0;
    public static final int CALL_STATE_RINGING = 1;
    public static final int CALL_STATE_OFFHOOK = 2;
    public static final int DATA_DISCONNECTED = 0;
    public static final int DATA_CONNECTED = 2;
    public static final int DATA_ACTIVITY_NONE = 0;
    public static final int MULTISIM_ALLOWED = 0;

    private final Context context;
    private final int subId;

    TelephonyManager(Context context) {
        this(context, 1);
    }

    TelephonyManager(Context context, int subId) {
        this.context = context;
        this.subId = subId;
    }

    private static Profile p() {
        return Profile.get();
    }

    private static void need(String permission) {
        Permissions.enforce("android.permission." + permission);
    }

    private static void needPhoneNumber() {
        if (Permissions.isGranted("android.permission.READ_PHONE_NUMBERS")
                || Permissions.isGranted("android.permission.READ_SMS")) {
            return;
        }
        need("READ_PHONE_STATE");
    }

    private int slot() {
        return Math.max(0, subId - 1);
    }

    private static String imeiOf(int slot) {
        if (slot < 0 || slot > 1) return null;
        return p().str("imei." + slot);
    }

    // ------------------------------------------------------------------ device identifiers

    @Deprecated
    public String getDeviceId() {
        need("READ_PHONE_STATE");
        return imeiOf(slot());
    }

    @Deprecated
    public String getDeviceId(int slotIndex) {
        need("READ_PHONE_STATE");
        return imeiOf(slotIndex);
    }

    public String getImei() {
        need("READ_PHONE_STATE");
        return imeiOf(slot());
    }

    public String getImei(int slotIndex) {
        need("READ_PHONE_STATE");
        return imeiOf(slotIndex);
    }

    public String getPrimaryImei() {
        need("READ_PHONE_STATE");
        return imeiOf(0);
    }

    public String getMeid() {
        need("READ_PHONE_STATE");
        return p().str("meid");
    }

    public String getMeid(int slotIndex) {
        need("READ_PHONE_STATE");
        return slotIndex == 0 ? p().str("meid") : null;
    }

    public String getTypeAllocationCode() {
        return getTypeAllocationCode(slot());
    }

    public String getTypeAllocationCode(int slotIndex) {
        String imei = imeiOf(slotIndex);
        return imei == null ? null : imei.substring(0, 8);
    }

    public String getManufacturerCode() {
        return getManufacturerCode(0);
    }

    public String getManufacturerCode(int slotIndex) {
        String meid = slotIndex == 0 ? p().str("meid") : "";
        return meid.length() >= 8 ? meid.substring(0, 8) : null;
    }

    public String getDeviceSoftwareVersion() {
        need("READ_PHONE_STATE");
        return "01";
    }

    public String getNai() {
        need("READ_PHONE_STATE");
        return p().str("imsi") + "@nai.epc.mnc000.mcc460.3gppnetwork.org";
    }

    /** {@code @hide} on Android. */
    String getNai(int slotIndex) {
        return slotIndex == 0 ? getNai() : null;
    }

    // ------------------------------------------------------------------ SIM / subscriber

    public String getSubscriberId() {
        need("READ_PHONE_STATE");
        return p().str("imsi");
    }

    /** {@code @hide} on Android: the IMSI of subscription {@code subId}. */
    String getSubscriberId(int subId) {
        need("READ_PHONE_STATE");
        return subId == 1 ? p().str("imsi") : null;
    }

    public String getSimSerialNumber() {
        need("READ_PHONE_STATE");
        return p().str("iccid");
    }

    /** {@code @hide} on Android. */
    String getSimSerialNumber(int subId) {
        need("READ_PHONE_STATE");
        return subId == 1 ? p().str("iccid") : null;
    }

    public String getLine1Number() {
        needPhoneNumber();
        return p().str("line1_number");
    }

    /** {@code @hide} on Android. */
    String getLine1Number(int subId) {
        needPhoneNumber();
        return subId == 1 ? p().str("line1_number") : null;
    }

    public String getVoiceMailNumber() {
        need("READ_PHONE_STATE");
        return p().str("voicemail_number");
    }

    public String getVoiceMailAlphaTag() {
        need("READ_PHONE_STATE");
        return "Voicemail";
    }

    public String getGroupIdLevel1() {
        need("READ_PHONE_STATE");
        return "ff";
    }

    public String getMmsUserAgent() {
        return "Xiaomi-Android";
    }

    public String getMmsUAProfUrl() {
        return "http://www.google.com/oha/rdf/ua-profile-kila.xml";
    }

    public String getSimOperator() {
        return p().str("sim.operator");
    }

    /** {@code @hide} on Android. */
    String getSimOperator(int subId) {
        return subId == 1 ? getSimOperator() : "";
    }

    public String getSimOperatorName() {
        return p().str("sim.operator_name");
    }

    public String getSimCountryIso() {
        return p().str("sim.country_iso");
    }

    public int getSimState() {
        return SIM_STATE_READY;
    }

    public int getSimState(int slotIndex) {
        return slotIndex == 0 ? SIM_STATE_READY : SIM_STATE_ABSENT;
    }

    public boolean hasIccCard() {
        return true;
    }

    public int getSimCarrierId() {
        return 1435;
    }

    public CharSequence getSimCarrierIdName() {
        return p().str("network.operator_name");
    }

    public int getSimSpecificCarrierId() {
        return 1435;
    }

    public CharSequence getSimSpecificCarrierIdName() {
        return p().str("network.operator_name");
    }

    public int getCarrierIdFromSimMccMnc() {
        return 1435;
    }

    public int getSubscriptionId() {
        return subId;
    }

    public TelephonyManager createForSubscriptionId(int subId) {
        return new TelephonyManager(context, subId);
    }

    // ------------------------------------------------------------------ network

    public String getNetworkOperator() {
        return p().str("network.operator");
    }

    /** {@code @hide} on Android. */
    String getNetworkOperator(int subId) {
        return subId == 1 ? getNetworkOperator() : "";
    }

    public String getNetworkOperatorName() {
        return p().str("network.operator_name");
    }

    public String getNetworkCountryIso() {
        return p().str("network.country_iso");
    }

    public String getNetworkCountryIso(int slotIndex) {
        return slotIndex == 0 ? p().str("network.country_iso") : "";
    }

    public String getNetworkSpecifier() {
        return String.valueOf(subId);
    }

    @Deprecated
    public int getNetworkType() {
        need("READ_PHONE_STATE");
        return p().integer("network.type");
    }

    public int getDataNetworkType() {
        need("READ_PHONE_STATE");
        return p().integer("network.type");
    }

    public int getVoiceNetworkType() {
        need("READ_PHONE_STATE");
        return p().integer("network.type");
    }

    public int getPhoneType() {
        return PHONE_TYPE_GSM;
    }

    @Deprecated
    public int getPhoneCount() {
        return 2;
    }

    public int getActiveModemCount() {
        return 2;
    }

    public int getSupportedModemCount() {
        return 2;
    }

    public boolean isNetworkRoaming() {
        return false;
    }

    public boolean isDataEnabled() {
        return true;
    }

    public boolean isDataRoamingEnabled() {
        return false;
    }

    public boolean isDataCapable() {
        return true;
    }

    public boolean isSmsCapable() {
        return true;
    }

    public boolean isVoiceCapable() {
        return true;
    }

    public boolean isDeviceSmsCapable() {
        return true;
    }

    public boolean isDeviceVoiceCapable() {
        return true;
    }

    public int isMultiSimSupported() {
        return MULTISIM_ALLOWED;
    }

    public int getCallState() {
        need("READ_PHONE_STATE");
        return CALL_STATE_IDLE;
    }

    public int getCallStateForSubscription() {
        need("READ_PHONE_STATE");
        return CALL_STATE_IDLE;
    }

    public int getDataState() {
        return DATA_CONNECTED;
    }

    public int getDataActivity() {
        return DATA_ACTIVITY_NONE;
    }

    public ServiceState getServiceState() {
        need("READ_PHONE_STATE");
        need("ACCESS_FINE_LOCATION");
        return serviceState();
    }

    public ServiceState getServiceState(int includeLocationData) {
        need("READ_PHONE_STATE");
        if (includeLocationData != 0) need("ACCESS_FINE_LOCATION");
        return serviceState();
    }

    private static ServiceState serviceState() {
        ServiceState s = new ServiceState();
        s.setOperatorName(p().str("network.operator_name"), p().str("sim.operator_name"), p().str("network.operator"));
        s.setState(ServiceState.STATE_IN_SERVICE);
        return s;
    }

    // ------------------------------------------------------------------ cell location

    @Deprecated
    public CellLocation getCellLocation() {
        need("ACCESS_FINE_LOCATION");
        android.telephony.gsm.GsmCellLocation loc = new android.telephony.gsm.GsmCellLocation();
        loc.setLacAndCid(p().integer("cell.lac"), p().integer("cell.cid"));
        return loc;
    }

    public List<CellInfo> getAllCellInfo() {
        need("ACCESS_FINE_LOCATION");
        return cells();
    }

    public void requestCellInfoUpdate(Executor executor, CellInfoCallback callback) {
        need("ACCESS_FINE_LOCATION");
        List<CellInfo> cells = cells();
        executor.execute(() -> callback.onCellInfo(cells));
    }

    /** Removed from the SDK in Android 10 ({@code @hide}); old SDKs still call it by reflection. */
    List<CellInfo> getNeighboringCellInfo() {
        need("ACCESS_COARSE_LOCATION");
        return new ArrayList<>();
    }

    private static List<CellInfo> cells() {
        String op = p().str("network.operator");
        String mcc = op.length() >= 3 ? op.substring(0, 3) : "460";
        String mnc = op.length() > 3 ? op.substring(3) : "00";
        List<CellInfo> out = new ArrayList<>();
        out.add(new CellInfoLte(new CellIdentityLte(p().integer("cell.cid"), p().integer("cell.pci"),
                p().integer("cell.lac"), mcc, mnc, p().str("network.operator_name"))));
        return out;
    }

    /** Carrier-privileged or system apps only (READ_PRIVILEGED_PHONE_STATE): throws for apps. */
    public List<UiccCardInfo> getUiccCardsInfo() {
        Permissions.enforce("android.permission.READ_PRIVILEGED_PHONE_STATE");
        List<UiccCardInfo> out = new ArrayList<>();
        out.add(new UiccCardInfo(null, p().str("iccid")));
        return out;
    }

    /** Live registrations (PhoneStateListener or TelephonyCallback -> its ticker), across all instances. */
    private static final Map<Object, Runnable[]> ACTIVE = new IdentityHashMap<>();
    /** The serving cell is re-reported this often while a cell listener is registered (a phone on the move,
     * time compressed), so a registration keeps delivering with no further API call. */
    static final long CELL_REPORT_MS = 2000L;

    /** One delivery round through ``stub`` (a listener stub), then every CELL_REPORT_MS the cell again. */
    private static void start(Object key, boolean service, boolean call, boolean cellLoc, boolean cellInfo,
            Looper looper, Object stub) {
        Handler h = new Handler(looper);
        Runnable[] tick = new Runnable[1];
        boolean[] first = {true};
        tick[0] = () -> {
            synchronized (ACTIVE) {
                if (ACTIVE.get(key) != tick) return;
            }
            if (first[0]) {
                first[0] = false;
                if (service) deliver(stub, "service");
                if (call) deliver(stub, "call");
            }
            if (cellLoc) deliver(stub, "cellLocation");
            if (cellInfo) deliver(stub, "cellInfo");
            if (cellLoc || cellInfo) h.postDelayed(tick[0], CELL_REPORT_MS);
        };
        synchronized (ACTIVE) {
            ACTIVE.put(key, tick);
        }
        h.post(tick[0]);
    }

    private static void deliver(Object stub, String what) {
        android.telephony.gsm.GsmCellLocation loc = new android.telephony.gsm.GsmCellLocation();
        loc.setLacAndCid(p().integer("cell.lac"), p().integer("cell.cid"));
        if (stub instanceof PhoneStateListener.IPhoneStateListenerStub s) {
            switch (what) {
                case "service" -> s.onServiceStateChanged(serviceState());
                case "call" -> s.onCallStateChanged(CALL_STATE_IDLE, "");
                case "cellLocation" -> s.onCellLocationChanged(loc);
                default -> s.onCellInfoChanged(cells());
            }
        } else if (stub instanceof TelephonyCallback.IPhoneStateListenerStub s) {
            switch (what) {
                case "service" -> s.onServiceStateChanged(serviceState());
                case "call" -> s.onCallStateChanged(CALL_STATE_IDLE, "");
                case "cellLocation" -> s.onCellLocationChanged(loc);
                default -> s.onCellInfoChanged(cells());
            }
        }
    }

    private static void stop(Object key) {
        synchronized (ACTIVE) {
            ACTIVE.remove(key);
        }
    }

    /** Registers (or with LISTEN_NONE removes) a listener: the current state at once, then the serving cell
     * every CELL_REPORT_MS while cell events are listened to, on the caller's looper (or the main one). */
    @Deprecated
    public void listen(PhoneStateListener listener, int events) {
        if (listener == null) return;
        if (events == PhoneStateListener.LISTEN_NONE) {
            stop(listener);
            return;
        }
        if ((events & (PhoneStateListener.LISTEN_CELL_LOCATION | PhoneStateListener.LISTEN_CELL_INFO)) != 0) {
            need("ACCESS_FINE_LOCATION");
        }
        if ((events & PhoneStateListener.LISTEN_CALL_STATE) != 0) need("READ_PHONE_STATE");
        Looper looper = Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        start(listener, (events & PhoneStateListener.LISTEN_SERVICE_STATE) != 0,
                (events & PhoneStateListener.LISTEN_CALL_STATE) != 0,
                (events & PhoneStateListener.LISTEN_CELL_LOCATION) != 0,
                (events & PhoneStateListener.LISTEN_CELL_INFO) != 0,
                looper, new PhoneStateListener.IPhoneStateListenerStub(listener));
    }

    /** Android 12+: the callback's listener interfaces say which events it gets; delivered on its executor. */
    public void registerTelephonyCallback(Executor executor, TelephonyCallback callback) {
        if (executor == null || callback == null) throw new IllegalArgumentException("executor and callback must be non-null");
        TelephonyCallback.IPhoneStateListenerStub stub = new TelephonyCallback.IPhoneStateListenerStub(callback, executor);
        boolean cellLoc = stub.wants(TelephonyCallback.CellLocationListener.class);
        boolean cellInfo = stub.wants(TelephonyCallback.CellInfoListener.class);
        if (cellLoc || cellInfo) need("ACCESS_FINE_LOCATION");
        boolean call = stub.wants(TelephonyCallback.CallStateListener.class);
        if (call) need("READ_PHONE_STATE");
        start(callback, stub.wants(TelephonyCallback.ServiceStateListener.class), call, cellLoc, cellInfo,
                Looper.getMainLooper(), stub);
    }

    public void unregisterTelephonyCallback(TelephonyCallback callback) {
        if (callback != null) stop(callback);
    }

    /** Android's callback for {@link #requestCellInfoUpdate}. */
    public abstract static class CellInfoCallback {
        public CellInfoCallback() {}

        public abstract void onCellInfo(List<CellInfo> cellInfo);

        public void onError(int errorCode, Throwable detail) {}
    }
}
