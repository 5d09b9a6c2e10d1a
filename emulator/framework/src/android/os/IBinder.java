package android.os;

/** The interface of a remotable object (the emulator only passes them around). */
public interface IBinder {
    String getInterfaceDescriptor() throws RemoteException;

    boolean pingBinder();

    boolean isBinderAlive();
}
