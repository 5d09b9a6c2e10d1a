package android.telephony;

/** Registration state of the voice/data network. */
public class ServiceState {
    public static final int STATE_IN_SERVICE = 0;
    public static final int STATE_OUT_OF_SERVICE = 1;
    public static final int STATE_EMERGENCY_ONLY = 2;
    public static final int STATE_POWER_OFF = 3;

    private int state = STATE_OUT_OF_SERVICE;
    private boolean roaming;
    private boolean manual;
    private String alphaLong;
    private String alphaShort;
    private String numeric;

    public ServiceState() {}

    public ServiceState(ServiceState s) {
        copyFrom(s);
    }

    public void copyFrom(ServiceState s) {
        state = s.state;
        roaming = s.roaming;
        manual = s.manual;
        alphaLong = s.alphaLong;
        alphaShort = s.alphaShort;
        numeric = s.numeric;
    }

    public int getState() {
        return state;
    }

    public void setState(int state) {
        this.state = state;
    }

    public void setStateOff() {
        state = STATE_POWER_OFF;
    }

    public void setStateOutOfService() {
        state = STATE_OUT_OF_SERVICE;
    }

    public boolean getRoaming() {
        return roaming;
    }

    public void setRoaming(boolean roaming) {
        this.roaming = roaming;
    }

    public boolean getIsManualSelection() {
        return manual;
    }

    public void setIsManualSelection(boolean isManual) {
        manual = isManual;
    }

    public String getOperatorAlphaLong() {
        return alphaLong;
    }

    public String getOperatorAlphaShort() {
        return alphaShort;
    }

    public String getOperatorNumeric() {
        return numeric;
    }

    public void setOperatorName(String longName, String shortName, String numeric) {
        this.alphaLong = longName;
        this.alphaShort = shortName;
        this.numeric = numeric;
    }

    public boolean isSearching() {
        return false;
    }

    public int getCdmaNetworkId() {
        return -1;
    }

    public int getCdmaSystemId() {
        return -1;
    }

    public int getChannelNumber() {
        return 1650;
    }

    public int getDuplexMode() {
        return 1;
    }

    @Override
    public String toString() {
        return "{mVoiceRegState=" + state + ", " + alphaLong + " " + numeric + "}";
    }
}
