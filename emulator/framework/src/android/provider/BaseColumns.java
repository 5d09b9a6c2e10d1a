package android.provider;

/** The {@code _id} and {@code _count} columns every provider table has. */
public interface BaseColumns {
    String _ID = "_id";
    String _COUNT = "_count";
}
