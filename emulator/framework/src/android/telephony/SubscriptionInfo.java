package android.telephony;

import com.pimon.emulator.Profile;

/** One active SIM subscription. */
public class SubscriptionInfo {
    private final int subId;
    private final int slot;

    SubscriptionInfo(int subId, int slot) {
        this.subId = subId;
        this.slot = slot;
    }

    private static Profile p() {
        return Profile.get();
    }

    public int getSubscriptionId() {
        return subId;
    }

    public String getIccId() {
        return p().str("iccid");
    }

    public int getSimSlotIndex() {
        return slot;
    }

    public int getCardId() {
        return 0;
    }

    public int getPortIndex() {
        return 0;
    }

    public CharSequence getDisplayName() {
        return p().str("sim.operator_name");
    }

    public CharSequence getCarrierName() {
        return p().str("network.operator_name");
    }

    public int getCarrierId() {
        return 1435;
    }

    @Deprecated
    public String getNumber() {
        return p().str("line1_number");
    }

    @Deprecated
    public int getMcc() {
        return Integer.parseInt(getMccString());
    }

    @Deprecated
    public int getMnc() {
        return Integer.parseInt(getMncString());
    }

    public String getMccString() {
        String op = p().str("sim.operator");
        return op.length() >= 3 ? op.substring(0, 3) : "460";
    }

    public String getMncString() {
        String op = p().str("sim.operator");
        return op.length() > 3 ? op.substring(3) : "00";
    }

    public String getCountryIso() {
        return p().str("sim.country_iso");
    }

    public boolean isEmbedded() {
        return false;
    }

    public boolean isOpportunistic() {
        return false;
    }

    public int getDataRoaming() {
        return 0;
    }

    public int getSubscriptionType() {
        return 0;
    }

    @Override
    public String toString() {
        return "{id=" + subId + " iccId=" + getIccId() + " simSlotIndex=" + slot + "}";
    }
}
