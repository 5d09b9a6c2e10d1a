package android.content;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A set of column values for {@link ContentResolver#insert}. */
public final class ContentValues {
    private final HashMap<String, Object> values = new HashMap<>();

    public ContentValues() {}

    public ContentValues(int size) {}

    public ContentValues(ContentValues from) {
        values.putAll(from.values);
    }

    public void put(String key, String value) {
        values.put(key, value);
    }

    public void put(String key, Integer value) {
        values.put(key, value);
    }

    public void put(String key, Long value) {
        values.put(key, value);
    }

    public void put(String key, Boolean value) {
        values.put(key, value);
    }

    public void put(String key, Double value) {
        values.put(key, value);
    }

    public void put(String key, byte[] value) {
        values.put(key, value);
    }

    public void putNull(String key) {
        values.put(key, null);
    }

    public void putAll(ContentValues other) {
        values.putAll(other.values);
    }

    public Object get(String key) {
        return values.get(key);
    }

    public String getAsString(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    public Integer getAsInteger(String key) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).intValue() : null;
    }

    public Long getAsLong(String key) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    public void remove(String key) {
        values.remove(key);
    }

    public void clear() {
        values.clear();
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Set<String> keySet() {
        return values.keySet();
    }

    public Set<Map.Entry<String, Object>> valueSet() {
        return values.entrySet();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
