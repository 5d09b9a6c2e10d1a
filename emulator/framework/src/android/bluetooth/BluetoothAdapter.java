package android.bluetooth;

import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;
import java.util.LinkedHashSet;
import java.util.Set;

/** The local Bluetooth adapter (Android 12+ rules: name, address and bonded devices need BLUETOOTH_CONNECT). */
public final class BluetoothAdapter {
    public static final int STATE_OFF = 10;
    public static final int STATE_TURNING_ON = 11;
    public static final int STATE_ON = 12;
    public static final int STATE_TURNING_OFF = 13;
    public static final String ACTION_STATE_CHANGED = "android.bluetooth.adapter.action.STATE_CHANGED";
    public static final String ACTION_REQUEST_ENABLE = "android.bluetooth.adapter.action.REQUEST_ENABLE";

    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    BluetoothAdapter() {}

    @Deprecated
    public static synchronized BluetoothAdapter getDefaultAdapter() {
        return DEFAULT;
    }

    private static void needConnect() {
        Permissions.enforce("android.permission.BLUETOOTH_CONNECT");
    }

    public String getAddress() {
        needConnect();
        return Profile.get().str("bluetooth.mac").toUpperCase();
    }

    public String getName() {
        needConnect();
        return Profile.get().str("bluetooth.name");
    }

    public boolean isEnabled() {
        return true;
    }

    public int getState() {
        return STATE_ON;
    }

    public Set<BluetoothDevice> getBondedDevices() {
        needConnect();
        Set<BluetoothDevice> out = new LinkedHashSet<>();
        for (String[] r : Profile.get().records("bluetooth.bonded")) {
            out.add(new BluetoothDevice(Profile.field(r, 1, "00:00:00:00:00:00").toUpperCase(), Profile.field(r, 0, "")));
        }
        return out;
    }

    public BluetoothDevice getRemoteDevice(String address) {
        if (!checkBluetoothAddress(address)) throw new IllegalArgumentException(address + " is not a valid Bluetooth address");
        return new BluetoothDevice(address, null);
    }

    public boolean startDiscovery() {
        Permissions.enforce("android.permission.BLUETOOTH_SCAN");
        return true;
    }

    public boolean cancelDiscovery() {
        Permissions.enforce("android.permission.BLUETOOTH_SCAN");
        return true;
    }

    public boolean isDiscovering() {
        return false;
    }

    public static boolean checkBluetoothAddress(String address) {
        return address != null && address.matches("[0-9A-F]{2}(:[0-9A-F]{2}){5}");
    }
}
