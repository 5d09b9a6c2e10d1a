package android.bluetooth;

import android.content.Context;

/** Entry point to Bluetooth ({@code Context.BLUETOOTH_SERVICE}). */
public final class BluetoothManager {
    BluetoothManager(Context context) {}

    public BluetoothAdapter getAdapter() {
        return BluetoothAdapter.getDefaultAdapter();
    }
}
