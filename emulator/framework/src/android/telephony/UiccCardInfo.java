package android.telephony;

/** A UICC card in a slot (only carrier-privileged or system apps get these). */
public final class UiccCardInfo {
    private final String eid;
    private final String iccId;

    UiccCardInfo(String eid, String iccId) {
        this.eid = eid;
        this.iccId = iccId;
    }

    public boolean isEuicc() {
        return eid != null;
    }

    public int getCardId() {
        return 0;
    }

    public String getEid() {
        return eid;
    }

    @Deprecated
    public String getIccId() {
        return iccId;
    }

    public int getSlotIndex() {
        return 0;
    }

    public int getPhysicalSlotIndex() {
        return 0;
    }

    public boolean isRemovable() {
        return true;
    }

    public boolean isMultipleEnabledProfilesSupported() {
        return false;
    }
}
