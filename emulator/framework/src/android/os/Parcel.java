package android.os;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A container of flattened data, laid out as Android's: little-endian, every item padded to 4 bytes,
 * strings as an int length in UTF-16 units then the units and a 0 terminator (-1 for null). Binders are
 * kept by reference in this process (there is no other process to send them to); {@link #marshall()}
 * refuses a parcel holding one, as Android does.
 */
public final class Parcel {
    private ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    private int size;
    private final List<Object> objects = new ArrayList<>();

    private Parcel() {}

    public static Parcel obtain() {
        return new Parcel();
    }

    public void recycle() {
        buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        size = 0;
        objects.clear();
    }

    public int dataSize() {
        return size;
    }

    public int dataAvail() {
        return Math.max(0, size - buf.position());
    }

    public int dataPosition() {
        return buf.position();
    }

    public int dataCapacity() {
        return buf.capacity();
    }

    public void setDataSize(int newSize) {
        ensure(newSize);
        size = newSize;
        if (buf.position() > size) buf.position(size);
    }

    public void setDataPosition(int pos) {
        ensure(pos);
        buf.position(pos);
    }

    public void setDataCapacity(int capacity) {
        ensure(capacity);
    }

    public boolean hasFileDescriptors() {
        return false;
    }

    public byte[] marshall() {
        if (!objects.isEmpty()) throw new RuntimeException("Tried to marshall a Parcel that contained Binder objects.");
        byte[] out = new byte[size];
        System.arraycopy(buf.array(), 0, out, 0, size);
        return out;
    }

    public void unmarshall(byte[] data, int offset, int length) {
        recycle();
        ensure(length);
        System.arraycopy(data, offset, buf.array(), 0, length);
        size = length;
    }

    public void appendFrom(Parcel parcel, int offset, int length) {
        ensure(buf.position() + length);
        System.arraycopy(parcel.buf.array(), offset, buf.array(), buf.position(), length);
        advance(length);
    }

    private void ensure(int capacity) {
        if (capacity <= buf.capacity()) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = buf.position();
        bigger.put(buf.array(), 0, buf.capacity());
        bigger.position(pos);
        buf = bigger;
    }

    private void advance(int n) {
        buf.position(buf.position() + n);
        size = Math.max(size, buf.position());
    }

    private void need(int n) {
        if (buf.position() + n > size) throw new BadParcelableException("read past the end of the parcel");
    }

    // ---- primitives -----------------------------------------------------------------------------

    public void writeInt(int val) {
        ensure(buf.position() + 4);
        buf.putInt(buf.position(), val);
        advance(4);
    }

    public int readInt() {
        if (buf.position() + 4 > size) return 0; // Android returns 0 past the end
        int v = buf.getInt(buf.position());
        buf.position(buf.position() + 4);
        return v;
    }

    public void writeLong(long val) {
        ensure(buf.position() + 8);
        buf.putLong(buf.position(), val);
        advance(8);
    }

    public long readLong() {
        if (buf.position() + 8 > size) return 0;
        long v = buf.getLong(buf.position());
        buf.position(buf.position() + 8);
        return v;
    }

    public void writeFloat(float val) {
        writeInt(Float.floatToRawIntBits(val));
    }

    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    public void writeDouble(double val) {
        writeLong(Double.doubleToRawLongBits(val));
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public void writeByte(byte val) {
        writeInt(val);
    }

    public byte readByte() {
        return (byte) readInt();
    }

    public void writeBoolean(boolean val) {
        writeInt(val ? 1 : 0);
    }

    public boolean readBoolean() {
        return readInt() != 0;
    }

    // ---- strings and arrays -----------------------------------------------------------------------

    public void writeString(String val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        writeInt(val.length());
        int bytes = (val.length() + 1) * 2;
        int padded = (bytes + 3) & ~3;
        ensure(buf.position() + padded);
        int p = buf.position();
        for (int i = 0; i < val.length(); i++) buf.putChar(p + 2 * i, val.charAt(i));
        for (int i = val.length() * 2; i < padded; i++) buf.put(p + i, (byte) 0);
        advance(padded);
    }

    public String readString() {
        int n = readInt();
        if (n < 0) return null;
        int padded = ((n + 1) * 2 + 3) & ~3;
        need(padded);
        char[] chars = new char[n];
        int p = buf.position();
        for (int i = 0; i < n; i++) chars[i] = buf.getChar(p + 2 * i);
        buf.position(p + padded);
        return new String(chars);
    }

    public void writeByteArray(byte[] b) {
        writeByteArray(b, 0, b == null ? 0 : b.length);
    }

    public void writeByteArray(byte[] b, int offset, int len) {
        if (b == null) {
            writeInt(-1);
            return;
        }
        writeInt(len);
        int padded = (len + 3) & ~3;
        ensure(buf.position() + padded);
        System.arraycopy(b, offset, buf.array(), buf.position(), len);
        for (int i = len; i < padded; i++) buf.put(buf.position() + i, (byte) 0);
        advance(padded);
    }

    public byte[] createByteArray() {
        int n = readInt();
        if (n < 0) return null;
        int padded = (n + 3) & ~3;
        need(padded);
        byte[] out = new byte[n];
        System.arraycopy(buf.array(), buf.position(), out, 0, n);
        buf.position(buf.position() + padded);
        return out;
    }

    public void readByteArray(byte[] val) {
        byte[] got = createByteArray();
        if (got == null || got.length != val.length) throw new RuntimeException("bad array lengths");
        System.arraycopy(got, 0, val, 0, val.length);
    }

    public void writeIntArray(int[] val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        writeInt(val.length);
        for (int v : val) writeInt(v);
    }

    public int[] createIntArray() {
        int n = readInt();
        if (n < 0) return null;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = readInt();
        return out;
    }

    public void writeLongArray(long[] val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        writeInt(val.length);
        for (long v : val) writeLong(v);
    }

    public long[] createLongArray() {
        int n = readInt();
        if (n < 0) return null;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = readLong();
        return out;
    }

    public void writeStringArray(String[] val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        writeInt(val.length);
        for (String s : val) writeString(s);
    }

    public String[] createStringArray() {
        int n = readInt();
        if (n < 0) return null;
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = readString();
        return out;
    }

    public void writeStringList(List<String> val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        writeInt(val.size());
        for (String s : val) writeString(s);
    }

    public ArrayList<String> createStringArrayList() {
        int n = readInt();
        if (n < 0) return null;
        ArrayList<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(readString());
        return out;
    }

    // ---- binders, interfaces, exceptions ------------------------------------------------------------

    public void writeStrongBinder(IBinder val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        objects.add(val);
        writeInt(objects.size() - 1);
    }

    public void writeStrongInterface(IInterface val) {
        writeStrongBinder(val == null ? null : val.asBinder());
    }

    public IBinder readStrongBinder() {
        int i = readInt();
        return i < 0 || i >= objects.size() ? null : (IBinder) objects.get(i);
    }

    public void writeInterfaceToken(String interfaceName) {
        writeInt(0); // strict-mode policy
        writeInt(0); // work source
        writeInt(0x53595354); // 'SYST' header
        writeString(interfaceName);
    }

    public void enforceInterface(String interfaceName) {
        readInt();
        readInt();
        readInt();
        String got = readString();
        if (interfaceName == null ? got != null : !interfaceName.equals(got)) {
            throw new SecurityException("Binder invocation to an incorrect interface");
        }
    }

    public void writeNoException() {
        writeInt(0);
    }

    public void writeException(Exception e) {
        int code = e instanceof SecurityException ? -1 : e instanceof BadParcelableException ? -2
                : e instanceof IllegalArgumentException ? -3 : e instanceof NullPointerException ? -4
                : e instanceof IllegalStateException ? -5 : e instanceof UnsupportedOperationException ? -7 : 0;
        if (code == 0) throw e instanceof RuntimeException ? (RuntimeException) e : new RuntimeException(e);
        writeInt(code);
        writeString(e.getMessage());
        writeInt(0); // no remote stack trace
    }

    public void readException() {
        int code = readInt();
        if (code == 0) return;
        String msg = readString();
        readInt();
        switch (code) {
            case -1: throw new SecurityException(msg);
            case -2: throw new BadParcelableException(msg);
            case -3: throw new IllegalArgumentException(msg);
            case -4: throw new NullPointerException(msg);
            case -5: throw new IllegalStateException(msg);
            case -7: throw new UnsupportedOperationException(msg);
            default: throw new RuntimeException("Unknown exception code: " + code + " msg " + msg);
        }
    }

    // ---- parcelables ------------------------------------------------------------------------------

    public void writeParcelable(Parcelable p, int parcelableFlags) {
        if (p == null) {
            writeString(null);
            return;
        }
        writeString(p.getClass().getName());
        p.writeToParcel(this, parcelableFlags);
    }

    public <T extends Parcelable> void writeTypedObject(T val, int parcelableFlags) {
        if (val == null) {
            writeInt(0);
            return;
        }
        writeInt(1);
        val.writeToParcel(this, parcelableFlags);
    }

    public <T> T readTypedObject(Parcelable.Creator<T> c) {
        return readInt() != 0 ? c.createFromParcel(this) : null;
    }

    @SuppressWarnings("unchecked")
    public <T extends Parcelable> T readParcelable(ClassLoader loader) {
        Parcelable.Creator<?> creator = readParcelableCreator(loader);
        if (creator == null) return null;
        if (creator instanceof Parcelable.ClassLoaderCreator) {
            return (T) ((Parcelable.ClassLoaderCreator<?>) creator).createFromParcel(this, loader);
        }
        return (T) creator.createFromParcel(this);
    }

    public <T> T readParcelable(ClassLoader loader, Class<T> clazz) {
        Object o = readParcelable(loader);
        if (o != null && !clazz.isInstance(o)) {
            throw new BadParcelableException("Parcelable " + o.getClass() + " is not a subclass of " + clazz);
        }
        return clazz.cast(o);
    }

    public Parcelable.Creator<?> readParcelableCreator(ClassLoader loader) {
        String name = readString();
        if (name == null) return null;
        try {
            Class<?> c = Class.forName(name, false, loader != null ? loader : Parcel.class.getClassLoader());
            Field f = c.getField("CREATOR");
            Object creator = f.get(null);
            if (!(creator instanceof Parcelable.Creator)) {
                throw new BadParcelableException("Parcelable protocol requires a Parcelable.Creator object called "
                        + "CREATOR on class " + name);
            }
            return (Parcelable.Creator<?>) creator;
        } catch (ReflectiveOperationException e) {
            throw new BadParcelableException("ClassNotFoundException when unmarshalling: " + name);
        }
    }

    public void writeBundle(Bundle val) {
        if (val == null) {
            writeInt(-1);
            return;
        }
        objects.add(new Bundle(val)); // kept by reference: the emulator has one process per parcel
        writeInt(objects.size() - 1);
    }

    public Bundle readBundle() {
        return readBundle(null);
    }

    public Bundle readBundle(ClassLoader loader) {
        int i = readInt();
        return i < 0 || i >= objects.size() ? null : new Bundle((Bundle) objects.get(i));
    }
}
