package com.pimon.emulator;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

/**
 * The device profile: identifiers, network, location, installed apps, seeded content.
 *
 * <p>Loaded from {@code DEVICE_DIR/profile.properties} (UTF-8). Keys that are missing are filled
 * with deterministic defaults derived from the {@code seed} key (default {@code pimon}) and
 * written back, so a fresh device dir gets a complete, reproducible profile. Lists use {@code ;}
 * between items and {@code |} between the fields of an item. The keys are documented in
 * emulator/README.md.
 */
public final class Profile {
    public static final String FILE = "profile.properties";
    private static Profile current;

    private final Map<String, String> values;

    private Profile(Map<String, String> values) {
        this.values = values;
    }

    /** The profile of this process's device (DeviceState.dir()), loaded once. */
    public static synchronized Profile get() {
        if (current == null) {
            current = load(DeviceState.dir().toPath());
        }
        return current;
    }

    /** Loads DIR/profile.properties, completing and writing it back when keys are missing. */
    public static Profile load(Path dir) {
        Path file = dir.resolve(FILE);
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException(file + ": cannot read device profile: " + e.getMessage(), e);
            }
        }
        String seed = props.getProperty("seed", "pimon");
        Map<String, String> defaults = defaults(seed);
        Map<String, String> merged = new TreeMap<>(defaults);
        boolean missing = false;
        for (String key : defaults.keySet()) {
            if (!props.containsKey(key)) missing = true;
        }
        for (String key : props.stringPropertyNames()) merged.put(key, props.getProperty(key));
        if (missing) write(dir, file, merged);
        return new Profile(Collections.unmodifiableMap(merged));
    }

    private static void write(Path dir, Path file, Map<String, String> values) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, FILE, ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# pimon device profile (keys: emulator/README.md). Edit freely; missing keys are re-seeded.\n");
                for (Map.Entry<String, String> e : values.entrySet()) {
                    w.write(escape(e.getKey(), true) + "=" + escape(e.getValue(), false) + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A read-only device dir still works: the values live in memory.
            System.err.println("pimon: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '=': case ':': case '#': case '!': b.append(key ? "\\" + c : String.valueOf(c)); break;
                case ' ': b.append(key || i == 0 ? "\\ " : " "); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    public String str(String key) {
        String v = values.get(key);
        return v == null ? "" : v;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(str(key).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(str(key).trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    public double dbl(String key) {
        try {
            return Double.parseDouble(str(key).trim());
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(str(key).trim());
    }

    /** Items of a {@code ;}-separated list, each split on {@code |} into fields. */
    public List<String[]> records(String key) {
        List<String[]> out = new ArrayList<>();
        for (String item : str(key).split(";")) {
            if (item.isBlank()) continue;
            String[] fields = item.split("\\|", -1);
            for (int i = 0; i < fields.length; i++) fields[i] = fields[i].trim();
            out.add(fields);
        }
        return out;
    }

    /** A field of a record, or {@code def} when absent. */
    public static String field(String[] record, int i, String def) {
        return i < record.length && !record[i].isEmpty() ? record[i] : def;
    }

    /** All keys and values (sorted). */
    public Map<String, String> asMap() {
        return values;
    }

    // ---------------------------------------------------------------- deterministic defaults

    static Map<String, String> defaults(String seed) {
        Random r = new Random(seed.hashCode());
        Map<String, String> d = new TreeMap<>();
        d.put("seed", seed);
        d.put("imei.0", luhn("86" + digits(r, 12)));
        d.put("imei.1", luhn("86" + digits(r, 12)));
        d.put("meid", "A1" + hex(r, 12).toUpperCase());
        d.put("imsi", "46000" + digits(r, 10));
        d.put("iccid", luhn("898600" + digits(r, 13)));
        d.put("line1_number", "+86138" + digits(r, 8));
        d.put("sim.operator", "46000");
        d.put("sim.operator_name", "CMCC");
        d.put("sim.country_iso", "cn");
        d.put("network.operator", "46000");
        d.put("network.operator_name", "China Mobile");
        d.put("network.country_iso", "cn");
        d.put("network.type", "13");
        d.put("voicemail_number", "+8613800100500");
        d.put("android_id", hex(r, 16));
        d.put("serial", hex(r, 12).toUpperCase());
        d.put("build.manufacturer", "Xiaomi");
        d.put("build.brand", "Redmi");
        d.put("build.model", "M2012K11AC");
        d.put("build.device", "alioth");
        d.put("build.product", "alioth");
        d.put("build.board", "kona");
        d.put("build.hardware", "qcom");
        d.put("build.id", "TKQ1.221114.001");
        d.put("build.display", "TKQ1.221114.001 test-keys");
        d.put("build.fingerprint", "Redmi/alioth/alioth:13/TKQ1.221114.001/V14.0.8.0.TKHCNXM:user/release-keys");
        d.put("wifi.mac", mac(r));
        d.put("wifi.bssid", mac(r));
        d.put("wifi.ssid", "PimonLab-5G");
        d.put("wifi.ip", "192.168.31." + (20 + r.nextInt(200)));
        d.put("wifi.rssi", "-52");
        d.put("wifi.link_speed", "866");
        d.put("wifi.frequency", "5180");
        d.put("wifi.scan", "PimonLab-5G|" + d.get("wifi.bssid") + "|-52|5180;ChinaNet-Home|" + mac(r) + "|-71|2437;CMCC-WEB|" + mac(r) + "|-80|2462");
        d.put("bluetooth.mac", mac(r));
        d.put("bluetooth.name", "Redmi K40");
        d.put("bluetooth.bonded", "AirDots 3|" + mac(r) + ";Mi Band 7|" + mac(r));
        d.put("location.latitude", "39.9087");
        d.put("location.longitude", "116.3975");
        d.put("location.altitude", "44.0");
        d.put("location.accuracy", "8.0");
        d.put("location.provider", "gps");
        d.put("address.country_code", "CN");
        d.put("address.country", "中国");
        d.put("address.admin_area", "北京市");
        d.put("address.locality", "北京市");
        d.put("address.sub_locality", "东城区");
        d.put("address.thoroughfare", "东长安街");
        d.put("address.postal_code", "100006");
        d.put("address.line", "中国北京市东城区东长安街");
        d.put("cell.cid", String.valueOf(10000 + r.nextInt(50000)));
        d.put("cell.lac", String.valueOf(4000 + r.nextInt(5000)));
        d.put("cell.pci", String.valueOf(r.nextInt(504)));
        d.put("packages",
                "com.tencent.mm|微信|8.0.43|2480;"
                + "com.eg.android.AlipayGphone|支付宝|10.5.36|1056;"
                + "com.ss.android.ugc.aweme|抖音|27.9.0|270901;"
                + "com.taobao.taobao|淘宝|10.28.10|10281;"
                + "com.sina.weibo|微博|13.10.1|6512;"
                + "com.android.chrome|Chrome|119.0.6045.66|604506;"
                + "com.example.partner|Partner|1.0|1");
        d.put("clipboard.text", "验证码 482913，5分钟内有效");
        d.put("accounts", "pimon.tester@gmail.com|com.google;13800138000|com.xiaomi");
        d.put("contacts", "张伟|+8613912345678;李娜|+8613787654321;Alice Smith|+14155550123");
        d.put("sms", "10086|您的话费余额为 36.50 元|1764300000000|1;+8613912345678|今晚一起吃饭吗？|1764310000000|1");
        d.put("call_log", "+8613912345678|1|1764200000000|62;+14155550123|2|1764250000000|185;10086|3|1764260000000|0");
        d.put("calendar", "体检|1764400000000|1764403600000|协和医院;Team sync|1764486000000|1764489600000|Room 3");
        d.put("oaid", uuid(r));
        d.put("vaid", hex(r, 16));
        d.put("aaid", uuid(r));
        d.put("gaid", uuid(r));
        d.put("widevine_id", hex(r, 64));
        return d;
    }

    private static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10)));
        return b.toString();
    }

    private static String hex(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(Character.forDigit(r.nextInt(16), 16));
        return b.toString();
    }

    private static String mac(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            int v = r.nextInt(256);
            if (i == 0) v = (v & 0xfc); // unicast, globally administered
            if (i > 0) b.append(':');
            b.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
        return b.toString();
    }

    private static String uuid(Random r) {
        String h = hex(r, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    /** Appends the Luhn check digit (IMEI, ICCID). */
    static String luhn(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return body + (char) ('0' + (10 - sum % 10) % 10);
    }
}
