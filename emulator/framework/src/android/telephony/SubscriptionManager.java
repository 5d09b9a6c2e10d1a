package android.telephony;

import android.content.Context;
import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;

/** Active SIM subscriptions (one SIM in slot 0, subscription id 1). */
public class SubscriptionManager {
    public static final int INVALID_SUBSCRIPTION_ID = -1;
    public static final int DEFAULT_SUBSCRIPTION_ID = Integer.MAX_VALUE;
    public static final int INVALID_SIM_SLOT_INDEX = -1;

    private final Context context;

    SubscriptionManager(Context context) {
        this.context = context;
    }

    @Deprecated
    public static SubscriptionManager from(Context context) {
        return (SubscriptionManager) context.getSystemService(Context.TELEPHONY_SUBSCRIPTION_SERVICE);
    }

    private static void needPhoneState() {
        Permissions.enforce("android.permission.READ_PHONE_STATE");
    }

    public List<SubscriptionInfo> getActiveSubscriptionInfoList() {
        needPhoneState();
        List<SubscriptionInfo> out = new ArrayList<>();
        out.add(new SubscriptionInfo(1, 0));
        return out;
    }

    public List<SubscriptionInfo> getCompleteActiveSubscriptionInfoList() {
        return getActiveSubscriptionInfoList();
    }

    public List<SubscriptionInfo> getAllSubscriptionInfoList() {
        return getActiveSubscriptionInfoList();
    }

    public int getActiveSubscriptionInfoCount() {
        needPhoneState();
        return 1;
    }

    public int getActiveSubscriptionInfoCountMax() {
        return 2;
    }

    public SubscriptionInfo getActiveSubscriptionInfo(int subId) {
        needPhoneState();
        return subId == 1 ? new SubscriptionInfo(1, 0) : null;
    }

    public SubscriptionInfo getActiveSubscriptionInfoForSimSlotIndex(int slotIndex) {
        needPhoneState();
        return slotIndex == 0 ? new SubscriptionInfo(1, 0) : null;
    }

    public String getPhoneNumber(int subscriptionId) {
        if (!Permissions.isGranted("android.permission.READ_PHONE_NUMBERS")) {
            Permissions.enforce("android.permission.READ_PHONE_NUMBERS");
        }
        return subscriptionId == 1 ? Profile.get().str("line1_number") : "";
    }

    public boolean isActiveSubscriptionId(int subscriptionId) {
        return subscriptionId == 1;
    }

    public boolean isNetworkRoaming(int subId) {
        return false;
    }

    public static int getDefaultSubscriptionId() {
        return 1;
    }

    public static int getDefaultDataSubscriptionId() {
        return 1;
    }

    public static int getDefaultSmsSubscriptionId() {
        return 1;
    }

    public static int getDefaultVoiceSubscriptionId() {
        return 1;
    }

    public static int getActiveDataSubscriptionId() {
        return 1;
    }

    public static int getSlotIndex(int subscriptionId) {
        return subscriptionId == 1 ? 0 : INVALID_SIM_SLOT_INDEX;
    }

    public static int getSubscriptionId(int slotIndex) {
        return slotIndex == 0 ? 1 : INVALID_SUBSCRIPTION_ID;
    }

    public static boolean isValidSubscriptionId(int subscriptionId) {
        return subscriptionId > INVALID_SUBSCRIPTION_ID;
    }

    public static boolean isUsableSubscriptionId(int subscriptionId) {
        return subscriptionId >= 0 && subscriptionId < DEFAULT_SUBSCRIPTION_ID;
    }
}
