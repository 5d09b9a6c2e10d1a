package android.accounts;

import android.content.Context;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;

/** Accounts on the device, from the profile's {@code accounts}. */
public class AccountManager {
    public static final String KEY_ACCOUNT_NAME = "authAccount";
    public static final String KEY_ACCOUNT_TYPE = "accountType";
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
}
