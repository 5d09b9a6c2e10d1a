package com.igexin.push.core;

import android.content.Context;
import android.telephony.TelephonyManager;
import com.example.catalogtour.Safe;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Getui imitation: phone number (phone-number), SIM/operator details (device-info), and native file
 * reads through openat(2) (a SecureDirectoryStream opens relative to a directory fd).
 */
public final class PhoneInfo {
    static final String[] FILES = {"/sys/class/net/lo/address", "/proc/net/arp", "/proc/net/tcp6",
        "/proc/self/maps", "/proc/version"};

    private PhoneInfo() {}

    public static void collect(Context ctx) {
        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        Safe.call("line1", () -> tm.getLine1Number());
        Safe.call("sim_operator", () -> tm.getSimOperator());
        Safe.call("network_operator_name", () -> tm.getNetworkOperatorName());
        Safe.call("openat", () -> {
            int n = 0;
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/"))) {
                if (!(dir instanceof SecureDirectoryStream)) return "no SecureDirectoryStream";
                @SuppressWarnings("unchecked")
                SecureDirectoryStream<Path> sds = (SecureDirectoryStream<Path>) dir;
                for (String file : FILES) {
                    try (SeekableByteChannel ch = sds.newByteChannel(Path.of(file), Set.of(StandardOpenOption.READ))) {
                        n += ch.read(ByteBuffer.allocate(256));
                    } catch (Exception e) {
                        n -= 1;
                    }
                }
            }
            return n;
        });
    }
}
