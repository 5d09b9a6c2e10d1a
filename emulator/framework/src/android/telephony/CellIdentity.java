package android.telephony;

/** Identity of a cell. */
public abstract class CellIdentity {
    private final String alphaLong;

    CellIdentity(String alphaLong) {
        this.alphaLong = alphaLong;
    }

    public CharSequence getOperatorAlphaLong() {
        return alphaLong;
    }

    public CharSequence getOperatorAlphaShort() {
        return alphaLong;
    }
}
