package android.os;

import java.io.Serializable;
import java.util.ArrayList;

/** A mapping from String keys to values, as passed between components. */
public final class Bundle extends BaseBundle implements Cloneable {
    public static final Bundle EMPTY = new Bundle();

    public Bundle() {}

    public Bundle(int capacity) {}

    public Bundle(Bundle b) {
        if (b != null) map.putAll(b.map);
    }

    public Bundle(ClassLoader loader) {}

    @Override
    public Object clone() {
        return new Bundle(this);
    }

    public Bundle deepCopy() {
        return new Bundle(this);
    }

    public void putAll(Bundle bundle) {
        map.putAll(bundle.map);
    }

    public void setClassLoader(ClassLoader loader) {}

    public ClassLoader getClassLoader() {
        return Bundle.class.getClassLoader();
    }

    public boolean hasFileDescriptors() {
        return false;
    }

    public void putParcelable(String key, Parcelable value) {
        map.put(key, value);
    }

    /** @deprecated as on Android 13+: use {@link #getParcelable(String, Class)}. */
    @Deprecated
    @SuppressWarnings("unchecked")
    public <T extends Parcelable> T getParcelable(String key) {
        Object o = map.get(key);
        return o instanceof Parcelable ? (T) o : null;
    }

    public <T> T getParcelable(String key, Class<T> clazz) {
        Object o = map.get(key);
        return clazz.isInstance(o) ? clazz.cast(o) : null;
    }

    public void putByte(String key, byte value) {
        map.put(key, value);
    }

    public byte getByte(String key) {
        return getByte(key, (byte) 0);
    }

    public Byte getByte(String key, byte defaultValue) {
        Object o = map.get(key);
        return o instanceof Byte ? (Byte) o : defaultValue;
    }

    public void putChar(String key, char value) {
        map.put(key, value);
    }

    public char getChar(String key) {
        return getChar(key, (char) 0);
    }

    public char getChar(String key, char defaultValue) {
        Object o = map.get(key);
        return o instanceof Character ? (Character) o : defaultValue;
    }

    public void putShort(String key, short value) {
        map.put(key, value);
    }

    public short getShort(String key) {
        return getShort(key, (short) 0);
    }

    public short getShort(String key, short defaultValue) {
        Object o = map.get(key);
        return o instanceof Short ? (Short) o : defaultValue;
    }

    public void putFloat(String key, float value) {
        map.put(key, value);
    }

    public float getFloat(String key) {
        return getFloat(key, 0f);
    }

    public float getFloat(String key, float defaultValue) {
        Object o = map.get(key);
        return o instanceof Float ? (Float) o : defaultValue;
    }

    public void putCharSequence(String key, CharSequence value) {
        map.put(key, value);
    }

    public CharSequence getCharSequence(String key) {
        Object o = map.get(key);
        return o instanceof CharSequence ? (CharSequence) o : null;
    }

    public CharSequence getCharSequence(String key, CharSequence defaultValue) {
        CharSequence cs = getCharSequence(key);
        return cs == null ? defaultValue : cs;
    }

    public void putSerializable(String key, Serializable value) {
        map.put(key, value);
    }

    @Deprecated
    public Serializable getSerializable(String key) {
        Object o = map.get(key);
        return o instanceof Serializable ? (Serializable) o : null;
    }

    public void putBundle(String key, Bundle value) {
        map.put(key, value);
    }

    public Bundle getBundle(String key) {
        Object o = map.get(key);
        return o instanceof Bundle ? (Bundle) o : null;
    }

    public void putStringArrayList(String key, ArrayList<String> value) {
        map.put(key, value);
    }

    public ArrayList<String> getStringArrayList(String key) {
        return stringList(key);
    }

    @SuppressWarnings("unchecked")
    public void putIntegerArrayList(String key, ArrayList<Integer> value) {
        map.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public ArrayList<Integer> getIntegerArrayList(String key) {
        Object o = map.get(key);
        return o instanceof ArrayList ? (ArrayList<Integer>) o : null;
    }

    public void putByteArray(String key, byte[] value) {
        map.put(key, value);
    }

    public byte[] getByteArray(String key) {
        Object o = map.get(key);
        return o instanceof byte[] ? (byte[]) o : null;
    }

    public void putFloatArray(String key, float[] value) {
        map.put(key, value);
    }

    public float[] getFloatArray(String key) {
        Object o = map.get(key);
        return o instanceof float[] ? (float[]) o : null;
    }

    @Override
    public synchronized String toString() {
        return "Bundle[" + map + "]";
    }
}
