package android.telephony.cdma;

import android.telephony.CellLocation;

/** CDMA cell location: base station id, network id (used as LAC), system id. */
public class CdmaCellLocation extends CellLocation {
    static final int INVALID_LAT_LONG = Integer.MAX_VALUE;
    private int baseStationId = -1;
    private int baseStationLatitude = INVALID_LAT_LONG;
    private int baseStationLongitude = INVALID_LAT_LONG;
    private int systemId = -1;
    private int networkId = -1;

    public CdmaCellLocation() {}

    public int getBaseStationId() {
        return baseStationId;
    }

    public int getBaseStationLatitude() {
        return baseStationLatitude;
    }

    public int getBaseStationLongitude() {
        return baseStationLongitude;
    }

    public int getSystemId() {
        return systemId;
    }

    public int getNetworkId() {
        return networkId;
    }

    public void setStateInvalid() {
        baseStationId = -1;
        systemId = -1;
        networkId = -1;
    }

    public void setCellLocationData(int baseStationId, int baseStationLatitude, int baseStationLongitude) {
        this.baseStationId = baseStationId;
        this.baseStationLatitude = baseStationLatitude;
        this.baseStationLongitude = baseStationLongitude;
    }

    public void setCellLocationData(int baseStationId, int baseStationLatitude, int baseStationLongitude, int systemId, int networkId) {
        setCellLocationData(baseStationId, baseStationLatitude, baseStationLongitude);
        this.systemId = systemId;
        this.networkId = networkId;
    }

    public static double convertQuartSecToDecDegrees(int quartSec) {
        return quartSec / (3600.0 * 4.0);
    }
}
