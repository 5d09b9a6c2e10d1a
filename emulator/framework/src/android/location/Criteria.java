package android.location;

/** Requirements for choosing a location provider. */
public class Criteria {
    public static final int NO_REQUIREMENT = 0;
    public static final int POWER_LOW = 1;
    public static final int POWER_MEDIUM = 2;
    public static final int POWER_HIGH = 3;
    public static final int ACCURACY_FINE = 1;
    public static final int ACCURACY_COARSE = 2;
    public static final int ACCURACY_LOW = 1;
    public static final int ACCURACY_MEDIUM = 2;
    public static final int ACCURACY_HIGH = 3;

    private int accuracy = NO_REQUIREMENT;
    private int power = NO_REQUIREMENT;
    private boolean altitudeRequired;
    private boolean costAllowed = true;

    public Criteria() {}

    public Criteria(Criteria criteria) {
        accuracy = criteria.accuracy;
        power = criteria.power;
        altitudeRequired = criteria.altitudeRequired;
        costAllowed = criteria.costAllowed;
    }

    public void setAccuracy(int accuracy) {
        this.accuracy = accuracy;
    }

    public int getAccuracy() {
        return accuracy;
    }

    public void setPowerRequirement(int level) {
        this.power = level;
    }

    public int getPowerRequirement() {
        return power;
    }

    public void setAltitudeRequired(boolean altitudeRequired) {
        this.altitudeRequired = altitudeRequired;
    }

    public boolean isAltitudeRequired() {
        return altitudeRequired;
    }

    public void setCostAllowed(boolean costAllowed) {
        this.costAllowed = costAllowed;
    }

    public boolean isCostAllowed() {
        return costAllowed;
    }
}
