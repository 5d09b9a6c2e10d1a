package cn.jpush.android.helper;

import android.content.Context;
import android.content.Intent;
import android.net.wifi.WifiManager;
import com.example.catalogtour.Safe;
import java.io.FileInputStream;
import java.net.NetworkInterface;
import java.util.Collections;

/**
 * JPush imitation: network identifiers (network-id), a broadcast (component-start) and native file
 * reads through open(2) (FileInputStream): MAC address, ARP table, sockets, memory maps, CPU info.
 */
public final class NetInfo {
    static final String[] FILES = {"/sys/class/net/wlan0/address", "/proc/net/arp", "/proc/net/tcp",
        "/proc/self/maps", "/proc/cpuinfo"};

    private NetInfo() {}

    public static void collect(Context ctx) {
        WifiManager wm = (WifiManager) ctx.getSystemService(Context.WIFI_SERVICE);
        Safe.call("wifi_mac", () -> wm.getConnectionInfo().getMacAddress());
        Safe.call("nic_macs", () -> {
            StringBuilder s = new StringBuilder();
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = n.getHardwareAddress();
                s.append(n.getName()).append(mac == null ? 0 : mac.length);
            }
            return s;
        });
        for (String path : FILES) {
            Safe.call("open " + path, () -> {
                try (FileInputStream in = new FileInputStream(path)) {
                    return in.read(new byte[256]);
                }
            });
        }
        Safe.call("broadcast", () -> {
            ctx.sendBroadcast(new Intent("cn.jpush.android.intent.REGISTRATION"));
            return "sent";
        });
    }
}
