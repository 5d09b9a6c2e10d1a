package android.os;

/** A local binder: {@link #transact} calls {@link #onTransact} in this process, as a same-process call does on Android. */
public class Binder implements IBinder {
    private IInterface owner;
    private String descriptor;

    public Binder() {}

    public Binder(String descriptor) {
        this.descriptor = descriptor;
    }

    public static final int getCallingPid() {
        return Process.myPid();
    }

    public static final int getCallingUid() {
        return Process.myUid();
    }

    public static final long clearCallingIdentity() {
        return ((long) getCallingUid() << 32) | getCallingPid();
    }

    public static final void restoreCallingIdentity(long token) {}

    public void attachInterface(IInterface owner, String descriptor) {
        this.owner = owner;
        this.descriptor = descriptor;
    }

    @Override
    public String getInterfaceDescriptor() {
        return descriptor;
    }

    @Override
    public boolean pingBinder() {
        return true;
    }

    @Override
    public boolean isBinderAlive() {
        return true;
    }

    @Override
    public IInterface queryLocalInterface(String descriptor) {
        return descriptor != null && descriptor.equals(this.descriptor) ? owner : null;
    }

    protected boolean onTransact(int code, Parcel data, Parcel reply, int flags) throws RemoteException {
        if (code == INTERFACE_TRANSACTION) {
            reply.writeString(getInterfaceDescriptor());
            return true;
        }
        return false;
    }

    @Override
    public final boolean transact(int code, Parcel data, Parcel reply, int flags) throws RemoteException {
        if (data != null) data.setDataPosition(0);
        boolean handled = onTransact(code, data, reply, flags);
        if (reply != null) reply.setDataPosition(0);
        return handled;
    }

    @Override
    public void linkToDeath(DeathRecipient recipient, int flags) {}

    @Override
    public boolean unlinkToDeath(DeathRecipient recipient, int flags) {
        return true;
    }
}
