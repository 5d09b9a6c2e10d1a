package android.net;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An immutable URI reference, parsed leniently as Android does (RFC 2396 parts). */
public abstract class Uri implements Comparable<Uri> {
    public static final Uri EMPTY = new StringUri("");

    Uri() {}

    public abstract boolean isHierarchical();

    public boolean isOpaque() {
        return !isHierarchical();
    }

    public abstract boolean isRelative();

    public boolean isAbsolute() {
        return !isRelative();
    }

    public abstract String getScheme();

    public abstract String getSchemeSpecificPart();

    public abstract String getEncodedSchemeSpecificPart();

    public abstract String getAuthority();

    public abstract String getEncodedAuthority();

    public abstract String getUserInfo();

    public abstract String getEncodedUserInfo();

    public abstract String getHost();

    public abstract int getPort();

    public abstract String getPath();

    public abstract String getEncodedPath();

    public abstract String getQuery();

    public abstract String getEncodedQuery();

    public abstract String getFragment();

    public abstract String getEncodedFragment();

    public abstract List<String> getPathSegments();

    public abstract String getLastPathSegment();

    public abstract String toString();

    public abstract Builder buildUpon();

    @Override
    public boolean equals(Object o) {
        return o instanceof Uri && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public int compareTo(Uri other) {
        return toString().compareTo(other.toString());
    }

    public Set<String> getQueryParameterNames() {
        Set<String> names = new LinkedHashSet<>();
        String q = getEncodedQuery();
        if (q == null) return Collections.emptySet();
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            names.add(decode(eq < 0 ? pair : pair.substring(0, eq)));
        }
        return Collections.unmodifiableSet(names);
    }

    public List<String> getQueryParameters(String key) {
        List<String> values = new ArrayList<>();
        String q = getEncodedQuery();
        if (q == null) return values;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(key)) values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Collections.unmodifiableList(values);
    }

    public String getQueryParameter(String key) {
        List<String> v = getQueryParameters(key);
        return v.isEmpty() ? null : v.get(0);
    }

    public boolean getBooleanQueryParameter(String key, boolean defaultValue) {
        String v = getQueryParameter(key);
        if (v == null) return defaultValue;
        v = v.toLowerCase(Locale.ROOT);
        return !"false".equals(v) && !"0".equals(v);
    }

    public Uri normalizeScheme() {
        String s = getScheme();
        if (s == null || s.equals(s.toLowerCase(Locale.ROOT))) return this;
        return parse(s.toLowerCase(Locale.ROOT) + ":" + getEncodedSchemeSpecificPart()
                + (getEncodedFragment() == null ? "" : "#" + getEncodedFragment()));
    }

    public static Uri parse(String uriString) {
        if (uriString == null) throw new NullPointerException("uriString");
        return new StringUri(uriString);
    }

    public static Uri fromFile(File file) {
        return new Builder().scheme("file").authority("").path(file.getAbsolutePath()).build();
    }

    public static Uri fromParts(String scheme, String ssp, String fragment) {
        return parse(scheme + ":" + encode(ssp, "@:/?=&+,;") + (fragment == null ? "" : "#" + encode(fragment)));
    }

    public static Uri withAppendedPath(Uri baseUri, String pathSegment) {
        return baseUri.buildUpon().appendEncodedPath(pathSegment).build();
    }

    public static String encode(String s) {
        return encode(s, null);
    }

    public static String encode(String s, String allow) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (by & 0xff);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-!.~'()*".indexOf(c) >= 0 || (allow != null && c < 128 && allow.indexOf(c) >= 0);
            if (ok) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((by >> 4) & 15, 16)))
                        .append(Character.toUpperCase(Character.forDigit(by & 15, 16)));
            }
        }
        return b.toString();
    }

    public static String decode(String s) {
        if (s == null) return null;
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Builds or modifies a Uri. */
    public static final class Builder {
        private String scheme;
        private String opaquePart;
        private String authority;
        private String path = "";
        private String query;
        private String fragment;

        public Builder() {}

        public Builder scheme(String scheme) {
            this.scheme = scheme;
            return this;
        }

        public Builder opaquePart(String opaquePart) {
            this.opaquePart = encode(opaquePart);
            return this;
        }

        public Builder encodedOpaquePart(String opaquePart) {
            this.opaquePart = opaquePart;
            return this;
        }

        public Builder authority(String authority) {
            this.opaquePart = null;
            this.authority = encode(authority, "@:[]");
            return this;
        }

        public Builder encodedAuthority(String authority) {
            this.opaquePart = null;
            this.authority = authority;
            return this;
        }

        public Builder path(String path) {
            this.opaquePart = null;
            this.path = encode(path, "/");
            return this;
        }

        public Builder encodedPath(String path) {
            this.opaquePart = null;
            this.path = path == null ? "" : path;
            return this;
        }

        public Builder appendPath(String newSegment) {
            return appendEncodedPath(encode(newSegment));
        }

        public Builder appendEncodedPath(String newSegment) {
            this.opaquePart = null;
            if (newSegment == null || newSegment.isEmpty()) return this;
            if (path.isEmpty()) {
                path = newSegment.startsWith("/") ? newSegment : "/" + newSegment;
            } else if (path.endsWith("/")) {
                path = path + (newSegment.startsWith("/") ? newSegment.substring(1) : newSegment);
            } else {
                path = path + (newSegment.startsWith("/") ? newSegment : "/" + newSegment);
            }
            return this;
        }

        public Builder query(String query) {
            this.opaquePart = null;
            this.query = encode(query, "=&");
            return this;
        }

        public Builder encodedQuery(String query) {
            this.opaquePart = null;
            this.query = query;
            return this;
        }

        public Builder fragment(String fragment) {
            this.fragment = encode(fragment);
            return this;
        }

        public Builder encodedFragment(String fragment) {
            this.fragment = fragment;
            return this;
        }

        public Builder appendQueryParameter(String key, String value) {
            this.opaquePart = null;
            String pair = encode(key) + "=" + encode(value);
            query = (query == null || query.isEmpty()) ? pair : query + "&" + pair;
            return this;
        }

        public Builder clearQuery() {
            query = null;
            return this;
        }

        public Uri build() {
            StringBuilder b = new StringBuilder();
            if (scheme != null) b.append(scheme).append(':');
            if (opaquePart != null) {
                b.append(opaquePart);
            } else {
                if (authority != null) b.append("//").append(authority);
                if (authority != null && !path.isEmpty() && !path.startsWith("/")) b.append('/');
                b.append(path);
                if (query != null) b.append('?').append(query);
            }
            if (fragment != null) b.append('#').append(fragment);
            return new StringUri(b.toString());
        }

        @Override
        public String toString() {
            return build().toString();
        }

        static Builder of(StringUri u) {
            Builder b = new Builder();
            b.scheme = u.getScheme();
            if (!u.isHierarchical()) {
                b.opaquePart = u.getEncodedSchemeSpecificPart();
            } else {
                b.authority = u.getEncodedAuthority();
                b.path = u.getEncodedPath() == null ? "" : u.getEncodedPath();
                b.query = u.getEncodedQuery();
            }
            b.fragment = u.getEncodedFragment();
            return b;
        }
    }
}

/** The one concrete Uri: a string split lazily into its parts. */
final class StringUri extends Uri {
    private final String s;
    private final String scheme;
    private final String ssp;
    private final String fragment;

    StringUri(String s) {
        this.s = s;
        int hash = s.indexOf('#');
        int colon = s.indexOf(':');
        int stop = firstOf(s, "/?#");
        String rest = hash < 0 ? s : s.substring(0, hash);
        fragment = hash < 0 ? null : s.substring(hash + 1);
        if (colon > 0 && (stop < 0 || colon < stop)) {
            scheme = s.substring(0, colon);
            ssp = rest.substring(colon + 1);
        } else {
            scheme = null;
            ssp = rest;
        }
    }

    private static int firstOf(String s, String chars) {
        int best = -1;
        for (char c : chars.toCharArray()) {
            int i = s.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    @Override
    public boolean isHierarchical() {
        return scheme == null || ssp.startsWith("/");
    }

    @Override
    public boolean isRelative() {
        return scheme == null;
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public String getSchemeSpecificPart() {
        return decode(ssp);
    }

    @Override
    public String getEncodedSchemeSpecificPart() {
        return ssp;
    }

    private String hierPart() {
        int q = ssp.indexOf('?');
        return q < 0 ? ssp : ssp.substring(0, q);
    }

    @Override
    public String getEncodedAuthority() {
        if (!isHierarchical() || !ssp.startsWith("//")) return null;
        String h = hierPart().substring(2);
        int slash = h.indexOf('/');
        return slash < 0 ? h : h.substring(0, slash);
    }

    @Override
    public String getAuthority() {
        return decode(getEncodedAuthority());
    }

    @Override
    public String getEncodedUserInfo() {
        String a = getEncodedAuthority();
        if (a == null) return null;
        int at = a.lastIndexOf('@');
        return at < 0 ? null : a.substring(0, at);
    }

    @Override
    public String getUserInfo() {
        return decode(getEncodedUserInfo());
    }

    @Override
    public String getHost() {
        String a = getEncodedAuthority();
        if (a == null) return null;
        int at = a.lastIndexOf('@');
        String hp = at < 0 ? a : a.substring(at + 1);
        int colon = hp.lastIndexOf(':');
        if (colon >= 0 && hp.indexOf(']', colon) < 0) hp = hp.substring(0, colon);
        return decode(hp);
    }

    @Override
    public int getPort() {
        String a = getEncodedAuthority();
        if (a == null) return -1;
        int at = a.lastIndexOf('@');
        String hp = at < 0 ? a : a.substring(at + 1);
        int colon = hp.lastIndexOf(':');
        if (colon < 0 || hp.indexOf(']', colon) >= 0) return -1;
        try {
            return Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String getEncodedPath() {
        if (!isHierarchical()) return null;
        String h = hierPart();
        if (h.startsWith("//")) {
            int slash = h.indexOf('/', 2);
            return slash < 0 ? "" : h.substring(slash);
        }
        return h;
    }

    @Override
    public String getPath() {
        return decode(getEncodedPath());
    }

    @Override
    public String getEncodedQuery() {
        if (!isHierarchical()) return null;
        int q = ssp.indexOf('?');
        return q < 0 ? null : ssp.substring(q + 1);
    }

    @Override
    public String getQuery() {
        return decode(getEncodedQuery());
    }

    @Override
    public String getEncodedFragment() {
        return fragment;
    }

    @Override
    public String getFragment() {
        return decode(fragment);
    }

    @Override
    public List<String> getPathSegments() {
        List<String> out = new ArrayList<>();
        String p = getEncodedPath();
        if (p == null) return out;
        for (String seg : p.split("/")) {
            if (!seg.isEmpty()) out.add(decode(seg));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String getLastPathSegment() {
        List<String> segs = getPathSegments();
        return segs.isEmpty() ? null : segs.get(segs.size() - 1);
    }

    @Override
    public String toString() {
        return s;
    }

    @Override
    public Builder buildUpon() {
        return Builder.of(this);
    }
}
