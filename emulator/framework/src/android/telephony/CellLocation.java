package android.telephony;

/** Abstract cell location (GSM or CDMA). */
public abstract class CellLocation {
    public CellLocation() {}

    public static void requestLocationUpdate() {}

    public static CellLocation getEmpty() {
        return new android.telephony.gsm.GsmCellLocation();
    }
}
