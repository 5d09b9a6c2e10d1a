package android.util;

import java.nio.charset.StandardCharsets;

/** Android's Base64 (flags DEFAULT, NO_PADDING, NO_WRAP, CRLF, URL_SAFE), on java.util.Base64. */
public class Base64 {
    public static final int DEFAULT = 0;
    public static final int NO_PADDING = 1;
    public static final int NO_WRAP = 2;
    public static final int CRLF = 4;
    public static final int URL_SAFE = 8;
    public static final int NO_CLOSE = 16;

    private Base64() {}

    public static byte[] encode(byte[] input, int flags) {
        return encode(input, 0, input.length, flags);
    }

    public static byte[] encode(byte[] input, int offset, int len, int flags) {
        byte[] part = java.util.Arrays.copyOfRange(input, offset, offset + len);
        java.util.Base64.Encoder enc = (flags & URL_SAFE) != 0 ? java.util.Base64.getUrlEncoder() : java.util.Base64.getEncoder();
        if ((flags & NO_PADDING) != 0) enc = enc.withoutPadding();
        String s = enc.encodeToString(part);
        if ((flags & NO_WRAP) == 0) { // Android wraps at 76 chars and ends with a newline
            String nl = (flags & CRLF) != 0 ? "\r\n" : "\n";
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i += 76) b.append(s, i, Math.min(s.length(), i + 76)).append(nl);
            s = b.toString();
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static String encodeToString(byte[] input, int flags) {
        return new String(encode(input, flags), StandardCharsets.US_ASCII);
    }

    public static String encodeToString(byte[] input, int offset, int len, int flags) {
        return new String(encode(input, offset, len, flags), StandardCharsets.US_ASCII);
    }

    public static byte[] decode(String str, int flags) {
        return decode(str.getBytes(StandardCharsets.US_ASCII), flags);
    }

    public static byte[] decode(byte[] input, int flags) {
        return decode(input, 0, input.length, flags);
    }

    public static byte[] decode(byte[] input, int offset, int len, int flags) {
        String s = new String(input, offset, len, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        try {
            return (flags & URL_SAFE) != 0 ? java.util.Base64.getUrlDecoder().decode(s) : java.util.Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base-64", e);
        }
    }
}
