package android.os;

/** Base class for Binder interfaces. */
public interface IInterface {
    IBinder asBinder();
}
