package android.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Key/value storage shared by {@link Bundle} and PersistableBundle. */
public class BaseBundle {
    final Map<String, Object> map = new LinkedHashMap<>();

    BaseBundle() {}

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public void clear() {
        map.clear();
    }

    public boolean containsKey(String key) {
        return map.containsKey(key);
    }

    @Deprecated
    public Object get(String key) {
        return map.get(key);
    }

    public void remove(String key) {
        map.remove(key);
    }

    public Set<String> keySet() {
        return map.keySet();
    }

    public void putBoolean(String key, boolean value) {
        map.put(key, value);
    }

    public boolean getBoolean(String key) {
        return getBoolean(key, false);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        Object o = map.get(key);
        return o instanceof Boolean ? (Boolean) o : defaultValue;
    }

    public void putInt(String key, int value) {
        map.put(key, value);
    }

    public int getInt(String key) {
        return getInt(key, 0);
    }

    public int getInt(String key, int defaultValue) {
        Object o = map.get(key);
        return o instanceof Integer ? (Integer) o : defaultValue;
    }

    public void putLong(String key, long value) {
        map.put(key, value);
    }

    public long getLong(String key) {
        return getLong(key, 0L);
    }

    public long getLong(String key, long defaultValue) {
        Object o = map.get(key);
        return o instanceof Long ? (Long) o : defaultValue;
    }

    public void putDouble(String key, double value) {
        map.put(key, value);
    }

    public double getDouble(String key) {
        return getDouble(key, 0.0);
    }

    public double getDouble(String key, double defaultValue) {
        Object o = map.get(key);
        return o instanceof Double ? (Double) o : defaultValue;
    }

    public void putString(String key, String value) {
        map.put(key, value);
    }

    public String getString(String key) {
        Object o = map.get(key);
        return o instanceof String ? (String) o : null;
    }

    public String getString(String key, String defaultValue) {
        String s = getString(key);
        return s == null ? defaultValue : s;
    }

    public void putStringArray(String key, String[] value) {
        map.put(key, value);
    }

    public String[] getStringArray(String key) {
        Object o = map.get(key);
        return o instanceof String[] ? (String[]) o : null;
    }

    public void putIntArray(String key, int[] value) {
        map.put(key, value);
    }

    public int[] getIntArray(String key) {
        Object o = map.get(key);
        return o instanceof int[] ? (int[]) o : null;
    }

    public void putLongArray(String key, long[] value) {
        map.put(key, value);
    }

    public long[] getLongArray(String key) {
        Object o = map.get(key);
        return o instanceof long[] ? (long[]) o : null;
    }

    public void putBooleanArray(String key, boolean[] value) {
        map.put(key, value);
    }

    public boolean[] getBooleanArray(String key) {
        Object o = map.get(key);
        return o instanceof boolean[] ? (boolean[]) o : null;
    }

    public void putDoubleArray(String key, double[] value) {
        map.put(key, value);
    }

    public double[] getDoubleArray(String key) {
        Object o = map.get(key);
        return o instanceof double[] ? (double[]) o : null;
    }

    @SuppressWarnings("unchecked")
    ArrayList<String> stringList(String key) {
        Object o = map.get(key);
        return o instanceof ArrayList ? (ArrayList<String>) o : null;
    }
}
