package android.telephony.gsm;

import android.telephony.CellLocation;

/** GSM/UMTS cell location: LAC and CID. */
public class GsmCellLocation extends CellLocation {
    private int lac = -1;
    private int cid = -1;
    private int psc = -1;

    public GsmCellLocation() {}

    public int getLac() {
        return lac;
    }

    public int getCid() {
        return cid;
    }

    public int getPsc() {
        return psc;
    }

    public void setStateInvalid() {
        lac = -1;
        cid = -1;
        psc = -1;
    }

    public void setLacAndCid(int lac, int cid) {
        this.lac = lac;
        this.cid = cid;
    }

    @Override
    public String toString() {
        return "[" + lac + "," + cid + "," + psc + "]";
    }
}
