package com.pimon.emulator;

import android.content.SharedPreferences;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** SharedPreferences stored as Android does: data/&lt;pkg&gt;/shared_prefs/&lt;name&gt;.xml, written on commit/apply. */
public final class Prefs implements SharedPreferences {
    private static final Map<String, Prefs> OPEN = new HashMap<>();

    private final File file;
    private final Map<String, Object> values;
    private final List<OnSharedPreferenceChangeListener> listeners = new ArrayList<>();

    private Prefs(File file) {
        this.file = file;
        this.values = read(file);
    }

    /** The one instance per name in this process. */
    public static synchronized SharedPreferences open(String name) {
        return OPEN.computeIfAbsent(name, n -> new Prefs(file(n)));
    }

    static File file(String name) {
        return new File(new File(DeviceState.appDataDir(), "shared_prefs"), name + ".xml");
    }

    public static synchronized boolean delete(String name) {
        OPEN.remove(name);
        return file(name).delete();
    }

    private static Map<String, Object> read(File f) {
        Map<String, Object> m = new HashMap<>();
        if (!f.isFile()) return m;
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = dbf.newDocumentBuilder().parse(f).getDocumentElement();
            NodeList nl = root.getChildNodes();
            for (int i = 0; i < nl.getLength(); i++) {
                if (!(nl.item(i) instanceof Element)) continue;
                Element e = (Element) nl.item(i);
                String name = e.getAttribute("name");
                String v = e.getAttribute("value");
                switch (e.getTagName()) {
                    case "string": m.put(name, e.getTextContent()); break;
                    case "boolean": m.put(name, Boolean.parseBoolean(v)); break;
                    case "int": m.put(name, Integer.parseInt(v)); break;
                    case "long": m.put(name, Long.parseLong(v)); break;
                    case "float": m.put(name, Float.parseFloat(v)); break;
                    case "set":
                        Set<String> s = new LinkedHashSet<>();
                        NodeList items = e.getChildNodes();
                        for (int k = 0; k < items.getLength(); k++) {
                            Node n = items.item(k);
                            if (n instanceof Element) s.add(n.getTextContent());
                        }
                        m.put(name, s);
                        break;
                    default: break;
                }
            }
        } catch (Exception e) {
            System.err.println("W/SharedPreferences: " + f + ": unreadable, starting empty: " + e.getMessage());
        }
        return m;
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    private synchronized boolean write() {
        StringBuilder b = new StringBuilder("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n");
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            String n = esc(e.getKey());
            Object v = e.getValue();
            if (v instanceof String) {
                b.append("    <string name=\"").append(n).append("\">").append(esc((String) v)).append("</string>\n");
            } else if (v instanceof Set) {
                b.append("    <set name=\"").append(n).append("\">\n");
                for (Object s : (Set<?>) v) b.append("        <string>").append(esc(String.valueOf(s))).append("</string>\n");
                b.append("    </set>\n");
            } else {
                String tag = v instanceof Boolean ? "boolean" : v instanceof Integer ? "int" : v instanceof Long ? "long" : "float";
                b.append("    <").append(tag).append(" name=\"").append(n).append("\" value=\"").append(v).append("\" />\n");
            }
        }
        b.append("</map>\n");
        file.getParentFile().mkdirs();
        File tmp = new File(file.getPath() + ".bak");
        try (Writer w = new OutputStreamWriter(new FileOutputStream(tmp), StandardCharsets.UTF_8)) {
            w.write(b.toString());
        } catch (IOException e) {
            return false;
        }
        return tmp.renameTo(file);
    }

    @Override
    public synchronized Map<String, ?> getAll() {
        return new HashMap<>(values);
    }

    @Override
    public synchronized String getString(String key, String defValue) {
        Object v = values.get(key);
        return v instanceof String ? (String) v : defValue;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Set<String> getStringSet(String key, Set<String> defValues) {
        Object v = values.get(key);
        return v instanceof Set ? (Set<String>) v : defValues;
    }

    @Override
    public synchronized int getInt(String key, int defValue) {
        Object v = values.get(key);
        if (v != null && !(v instanceof Integer)) throw new ClassCastException(key + " is not an int");
        return v == null ? defValue : (Integer) v;
    }

    @Override
    public synchronized long getLong(String key, long defValue) {
        Object v = values.get(key);
        if (v != null && !(v instanceof Long)) throw new ClassCastException(key + " is not a long");
        return v == null ? defValue : (Long) v;
    }

    @Override
    public synchronized float getFloat(String key, float defValue) {
        Object v = values.get(key);
        if (v != null && !(v instanceof Float)) throw new ClassCastException(key + " is not a float");
        return v == null ? defValue : (Float) v;
    }

    @Override
    public synchronized boolean getBoolean(String key, boolean defValue) {
        Object v = values.get(key);
        if (v != null && !(v instanceof Boolean)) throw new ClassCastException(key + " is not a boolean");
        return v == null ? defValue : (Boolean) v;
    }

    @Override
    public synchronized boolean contains(String key) {
        return values.containsKey(key);
    }

    @Override
    public Editor edit() {
        return new EditorImpl();
    }

    @Override
    public synchronized void registerOnSharedPreferenceChangeListener(OnSharedPreferenceChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void unregisterOnSharedPreferenceChangeListener(OnSharedPreferenceChangeListener listener) {
        listeners.remove(listener);
    }

    private final class EditorImpl implements Editor {
        private final Map<String, Object> changes = new HashMap<>();
        private boolean clear;

        @Override
        public Editor putString(String key, String value) {
            changes.put(key, value);
            return this;
        }

        @Override
        public Editor putStringSet(String key, Set<String> values) {
            changes.put(key, values == null ? null : new LinkedHashSet<>(values));
            return this;
        }

        @Override
        public Editor putInt(String key, int value) {
            changes.put(key, value);
            return this;
        }

        @Override
        public Editor putLong(String key, long value) {
            changes.put(key, value);
            return this;
        }

        @Override
        public Editor putFloat(String key, float value) {
            changes.put(key, value);
            return this;
        }

        @Override
        public Editor putBoolean(String key, boolean value) {
            changes.put(key, value);
            return this;
        }

        @Override
        public Editor remove(String key) {
            changes.put(key, this);
            return this;
        }

        @Override
        public Editor clear() {
            clear = true;
            return this;
        }

        @Override
        public boolean commit() {
            List<String> changed = new ArrayList<>();
            List<OnSharedPreferenceChangeListener> ls;
            boolean ok;
            synchronized (Prefs.this) {
                if (clear) values.clear();
                for (Map.Entry<String, Object> e : changes.entrySet()) {
                    if (e.getValue() == this || e.getValue() == null) values.remove(e.getKey());
                    else values.put(e.getKey(), e.getValue());
                    changed.add(e.getKey());
                }
                ok = write();
                ls = new ArrayList<>(listeners);
            }
            for (OnSharedPreferenceChangeListener l : ls) {
                for (String k : changed) l.onSharedPreferenceChanged(Prefs.this, k);
            }
            return ok;
        }

        @Override
        public void apply() {
            commit();
        }
    }
}
