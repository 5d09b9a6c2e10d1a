package android.accounts;

import android.app.Activity;
import android.content.Context;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Accounts on the device, from the profile's {@code accounts}. */
public class AccountManager {
    public static final String KEY_ACCOUNT_NAME = "authAccount";
    public static final String KEY_ACCOUNT_TYPE = "accountType";
    public static final String KEY_AUTHTOKEN = "authtoken";
    public static final String LOGIN_ACCOUNTS_CHANGED_ACTION = "android.accounts.LOGIN_ACCOUNTS_CHANGED";

    AccountManager(Context context) {}

    public static AccountManager get(Context context) {
        if (context == null) throw new IllegalArgumentException("context is null");
        return (AccountManager) context.getSystemService(Context.ACCOUNT_SERVICE);
    }

    public Account[] getAccounts() {
        List<Account> out = new ArrayList<>();
        for (String[] r : Profile.get().records("accounts")) {
            out.add(new Account(Profile.field(r, 0, "user"), Profile.field(r, 1, "com.example")));
        }
        return out.toArray(new Account[0]);
    }

    public Account[] getAccountsByType(String type) {
        List<Account> out = new ArrayList<>();
        for (Account a : getAccounts()) {
            if (type == null || a.type.equals(type)) out.add(a);
        }
        return out.toArray(new Account[0]);
    }

    public String getUserData(Account account, String key) {
        return null;
    }

    public String getPassword(Account account) {
        throw new SecurityException("caller uid is different than the authenticator's uid");
    }

    public AccountManagerFuture<Account[]> getAccountsByTypeAndFeatures(String type, String[] features,
            AccountManagerCallback<Account[]> callback, Handler handler) {
        return done(getAccountsByType(type), callback, handler);
    }

    public AccountManagerFuture<Bundle> getAuthToken(Account account, String authTokenType, Bundle options, Activity activity,
            AccountManagerCallback<Bundle> callback, Handler handler) {
        return done(token(account, authTokenType), callback, handler);
    }

    public AccountManagerFuture<Bundle> getAuthToken(Account account, String authTokenType, Bundle options,
            boolean notifyAuthFailure, AccountManagerCallback<Bundle> callback, Handler handler) {
        return done(token(account, authTokenType), callback, handler);
    }

    @Deprecated
    public AccountManagerFuture<Bundle> getAuthToken(Account account, String authTokenType, boolean notifyAuthFailure,
            AccountManagerCallback<Bundle> callback, Handler handler) {
        return done(token(account, authTokenType), callback, handler);
    }

    private static Bundle token(Account account, String type) {
        if (account == null) throw new IllegalArgumentException("account is null");
        Bundle b = new Bundle();
        b.putString(KEY_ACCOUNT_NAME, account.name);
        b.putString(KEY_ACCOUNT_TYPE, account.type);
        b.putString(KEY_AUTHTOKEN, "pimon-" + Integer.toHexString((account.name + "/" + type).hashCode()));
        return b;
    }

    /** A future that is already complete; the callback runs on the handler's (or main) looper. */
    private static <V> AccountManagerFuture<V> done(V value, AccountManagerCallback<V> callback, Handler handler) {
        AccountManagerFuture<V> f = new AccountManagerFuture<V>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean isDone() {
                return true;
            }

            @Override
            public V getResult() {
                return value;
            }

            @Override
            public V getResult(long timeout, TimeUnit unit) {
                return value;
            }
        };
        if (callback != null) {
            Handler h = handler != null ? handler : new Handler(Looper.getMainLooper());
            h.post(() -> callback.run(f));
        }
        return f;
    }
}
