package android.accounts;

/** Called when an AccountManagerFuture completes. */
public interface AccountManagerCallback<V> {
    void run(AccountManagerFuture<V> future);
}
