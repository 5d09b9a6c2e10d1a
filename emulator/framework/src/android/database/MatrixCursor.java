package android.database;

import java.util.ArrayList;
import java.util.List;

/** A cursor over rows held in memory. */
public class MatrixCursor extends AbstractCursor {
    private final String[] columnNames;
    private final List<Object[]> rows = new ArrayList<>();

    public MatrixCursor(String[] columnNames, int initialCapacity) {
        this.columnNames = columnNames.clone();
    }

    public MatrixCursor(String[] columnNames) {
        this(columnNames, 16);
    }

    public void addRow(Object[] columnValues) {
        if (columnValues.length != columnNames.length) {
            throw new IllegalArgumentException("columnNames.length = " + columnNames.length + ", columnValues.length = " + columnValues.length);
        }
        rows.add(columnValues.clone());
    }

    public void addRow(Iterable<?> columnValues) {
        List<Object> values = new ArrayList<>();
        for (Object v : columnValues) values.add(v);
        addRow(values.toArray());
    }

    private Object get(int column) {
        if (column < 0 || column >= columnNames.length) {
            throw new CursorIndexOutOfBoundsException("Requested column: " + column + ", # of columns: " + columnNames.length);
        }
        if (mPos < 0) throw new CursorIndexOutOfBoundsException("Before first row.");
        if (mPos >= rows.size()) throw new CursorIndexOutOfBoundsException("After last row.");
        return rows.get(mPos)[column];
    }

    @Override
    public int getCount() {
        return rows.size();
    }

    @Override
    public String[] getColumnNames() {
        return columnNames.clone();
    }

    @Override
    public String getString(int column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    @Override
    public short getShort(int column) {
        return (short) getLong(column);
    }

    @Override
    public int getInt(int column) {
        return (int) getLong(column);
    }

    @Override
    public long getLong(int column) {
        Object v = get(column);
        if (v == null) return 0;
        if (v instanceof Number) return ((Number) v).longValue();
        try {
            return Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public float getFloat(int column) {
        return (float) getDouble(column);
    }

    @Override
    public double getDouble(int column) {
        Object v = get(column);
        if (v == null) return 0;
        if (v instanceof Number) return ((Number) v).doubleValue();
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public byte[] getBlob(int column) {
        Object v = get(column);
        return v instanceof byte[] ? (byte[]) v : null;
    }

    @Override
    public int getType(int column) {
        Object v = get(column);
        if (v == null) return FIELD_TYPE_NULL;
        if (v instanceof byte[]) return FIELD_TYPE_BLOB;
        if (v instanceof Float || v instanceof Double) return FIELD_TYPE_FLOAT;
        if (v instanceof Number) return FIELD_TYPE_INTEGER;
        return FIELD_TYPE_STRING;
    }

    @Override
    public boolean isNull(int column) {
        return get(column) == null;
    }
}
