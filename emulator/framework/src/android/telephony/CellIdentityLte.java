package android.telephony;

/** Identity of an LTE cell: CI, PCI, TAC, MCC/MNC. */
public final class CellIdentityLte extends CellIdentity {
    private final int ci;
    private final int pci;
    private final int tac;
    private final String mcc;
    private final String mnc;

    CellIdentityLte(int ci, int pci, int tac, String mcc, String mnc, String alphaLong) {
        super(alphaLong);
        this.ci = ci;
        this.pci = pci;
        this.tac = tac;
        this.mcc = mcc;
        this.mnc = mnc;
    }

    public int getCi() {
        return ci;
    }

    public int getPci() {
        return pci;
    }

    public int getTac() {
        return tac;
    }

    public int getEarfcn() {
        return 1650;
    }

    public int getBandwidth() {
        return 20000;
    }

    @Deprecated
    public int getMcc() {
        return Integer.parseInt(mcc);
    }

    @Deprecated
    public int getMnc() {
        return Integer.parseInt(mnc);
    }

    public String getMccString() {
        return mcc;
    }

    public String getMncString() {
        return mnc;
    }

    public String getMobileNetworkOperator() {
        return mcc + mnc;
    }

    @Override
    public String toString() {
        return "CellIdentityLte:{ mCi=" + ci + " mPci=" + pci + " mTac=" + tac + " mMcc=" + mcc + " mMnc=" + mnc + "}";
    }
}
