package android.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Android's memory-lean map with index access ({@link #keyAt}, {@link #valueAt}). Here: an insertion-ordered
 * map (Android orders by key hash; indexes are stable between modifications in both).
 */
public final class ArrayMap<K, V> implements Map<K, V> {
    private final LinkedHashMap<K, V> map;

    public ArrayMap() {
        map = new LinkedHashMap<>();
    }

    public ArrayMap(int capacity) {
        map = new LinkedHashMap<>(Math.max(capacity, 1));
    }

    public ArrayMap(ArrayMap<K, V> map) {
        this.map = new LinkedHashMap<>(map == null ? Collections.<K, V>emptyMap() : map.map);
    }

    private Map.Entry<K, V> entry(int index) {
        if (index < 0 || index >= map.size()) throw new ArrayIndexOutOfBoundsException(index);
        return new ArrayList<>(map.entrySet()).get(index);
    }

    public void ensureCapacity(int minimumCapacity) {}

    public int indexOfKey(Object key) {
        return new ArrayList<>(map.keySet()).indexOf(key);
    }

    public int indexOfValue(Object value) {
        return new ArrayList<>(map.values()).indexOf(value);
    }

    public K keyAt(int index) {
        return entry(index).getKey();
    }

    public V valueAt(int index) {
        return entry(index).getValue();
    }

    public V setValueAt(int index, V value) {
        return map.put(keyAt(index), value);
    }

    public V removeAt(int index) {
        return map.remove(keyAt(index));
    }

    public void putAll(ArrayMap<? extends K, ? extends V> array) {
        map.putAll(array.map);
    }

    public boolean containsAll(Collection<?> collection) {
        return map.keySet().containsAll(collection);
    }

    public boolean removeAll(Collection<?> collection) {
        return map.keySet().removeAll(collection);
    }

    public boolean retainAll(Collection<?> collection) {
        return map.keySet().retainAll(collection);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public V put(K key, V value) {
        return map.put(key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        map.putAll(m);
    }

    @Override
    public V remove(Object key) {
        return map.remove(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return map.entrySet();
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<V> values() {
        return map.values();
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof Map && map.equals(object);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
