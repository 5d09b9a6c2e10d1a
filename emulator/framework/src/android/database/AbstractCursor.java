package android.database;

import java.util.ArrayList;
import java.util.List;

/** Position handling and column lookup shared by cursors. */
public abstract class AbstractCursor implements Cursor {
    protected int mPos = -1;
    protected boolean mClosed;
    private final List<ContentObserver> observers = new ArrayList<>();

    public AbstractCursor() {}

    @Override
    public abstract int getCount();

    @Override
    public abstract String[] getColumnNames();

    @Override
    public abstract String getString(int column);

    @Override
    public abstract short getShort(int column);

    @Override
    public abstract int getInt(int column);

    @Override
    public abstract long getLong(int column);

    @Override
    public abstract float getFloat(int column);

    @Override
    public abstract double getDouble(int column);

    @Override
    public abstract boolean isNull(int column);

    @Override
    public int getType(int column) {
        return FIELD_TYPE_STRING;
    }

    @Override
    public byte[] getBlob(int column) {
        throw new UnsupportedOperationException("getBlob is not supported");
    }

    @Override
    public int getColumnCount() {
        return getColumnNames().length;
    }

    @Override
    public final int getPosition() {
        return mPos;
    }

    @Override
    public final boolean moveToPosition(int position) {
        int count = getCount();
        if (position >= count) {
            mPos = count;
            return false;
        }
        if (position < 0) {
            mPos = -1;
            return false;
        }
        mPos = position;
        return true;
    }

    @Override
    public final boolean move(int offset) {
        return moveToPosition(mPos + offset);
    }

    @Override
    public final boolean moveToFirst() {
        return moveToPosition(0);
    }

    @Override
    public final boolean moveToLast() {
        return moveToPosition(getCount() - 1);
    }

    @Override
    public final boolean moveToNext() {
        return moveToPosition(mPos + 1);
    }

    @Override
    public final boolean moveToPrevious() {
        return moveToPosition(mPos - 1);
    }

    @Override
    public final boolean isFirst() {
        return mPos == 0 && getCount() != 0;
    }

    @Override
    public final boolean isLast() {
        int cnt = getCount();
        return mPos == (cnt - 1) && cnt != 0;
    }

    @Override
    public final boolean isBeforeFirst() {
        return getCount() == 0 || mPos == -1;
    }

    @Override
    public final boolean isAfterLast() {
        return getCount() == 0 || mPos == getCount();
    }

    @Override
    public int getColumnIndex(String columnName) {
        String[] names = getColumnNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(columnName)) return i;
        }
        return -1;
    }

    @Override
    public int getColumnIndexOrThrow(String columnName) {
        int i = getColumnIndex(columnName);
        if (i < 0) throw new IllegalArgumentException("column '" + columnName + "' does not exist");
        return i;
    }

    @Override
    public String getColumnName(int columnIndex) {
        return getColumnNames()[columnIndex];
    }

    @Override
    public void close() {
        mClosed = true;
    }

    @Override
    public boolean isClosed() {
        return mClosed;
    }

    @Override
    public void registerContentObserver(ContentObserver observer) {
        observers.add(observer);
    }

    @Override
    public void unregisterContentObserver(ContentObserver observer) {
        observers.remove(observer);
    }

    protected void checkPosition() {
        if (mPos < 0 || mPos >= getCount()) {
            throw new IllegalStateException("Index " + mPos + " requested, with a size of " + getCount());
        }
    }
}
