package android.telephony;

/** An LTE cell. */
public final class CellInfoLte extends CellInfo {
    private final CellIdentityLte identity;

    CellInfoLte(CellIdentityLte identity) {
        this.identity = identity;
    }

    @Override
    public CellIdentityLte getCellIdentity() {
        return identity;
    }

    @Override
    public String toString() {
        return "CellInfoLte:{" + identity + "}";
    }
}
