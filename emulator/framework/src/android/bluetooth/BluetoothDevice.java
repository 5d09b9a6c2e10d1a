package android.bluetooth;

import com.pimon.emulator.Permissions;

/** A remote Bluetooth device. */
public final class BluetoothDevice {
    public static final int BOND_NONE = 10;
    public static final int BOND_BONDING = 11;
    public static final int BOND_BONDED = 12;
    public static final int DEVICE_TYPE_UNKNOWN = 0;
    public static final int DEVICE_TYPE_CLASSIC = 1;
    public static final int DEVICE_TYPE_LE = 2;
    public static final int DEVICE_TYPE_DUAL = 3;
    public static final String ACTION_FOUND = "android.bluetooth.device.action.FOUND";
    public static final String EXTRA_DEVICE = "android.bluetooth.device.extra.DEVICE";

    private final String address;
    private final String name;

    BluetoothDevice(String address, String name) {
        this.address = address;
        this.name = name;
    }

    public String getAddress() {
        return address;
    }

    public String getName() {
        Permissions.enforce("android.permission.BLUETOOTH_CONNECT");
        return name;
    }

    public String getAlias() {
        Permissions.enforce("android.permission.BLUETOOTH_CONNECT");
        return name;
    }

    public int getBondState() {
        Permissions.enforce("android.permission.BLUETOOTH_CONNECT");
        return name == null ? BOND_NONE : BOND_BONDED;
    }

    public int getType() {
        Permissions.enforce("android.permission.BLUETOOTH_CONNECT");
        return DEVICE_TYPE_DUAL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BluetoothDevice && address.equals(((BluetoothDevice) o).address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return address;
    }
}
