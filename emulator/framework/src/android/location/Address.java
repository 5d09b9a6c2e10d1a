package android.location;

import java.util.Locale;
import java.util.TreeMap;

/** A postal address, as Geocoder returns it. */
public class Address {
    private final Locale locale;
    private final TreeMap<Integer, String> lines = new TreeMap<>();
    private String featureName;
    private String adminArea;
    private String subAdminArea;
    private String locality;
    private String subLocality;
    private String thoroughfare;
    private String subThoroughfare;
    private String premises;
    private String postalCode;
    private String countryCode;
    private String countryName;
    private String phone;
    private String url;
    private double latitude;
    private double longitude;
    private boolean hasLatitude;
    private boolean hasLongitude;

    public Address(Locale locale) {
        this.locale = locale;
    }

    public Locale getLocale() {
        return locale;
    }

    public int getMaxAddressLineIndex() {
        return lines.isEmpty() ? -1 : lines.lastKey();
    }

    public String getAddressLine(int index) {
        if (index < 0) throw new IllegalArgumentException("index = " + index + " < 0");
        return lines.get(index);
    }

    public void setAddressLine(int index, String line) {
        if (index < 0) throw new IllegalArgumentException("index = " + index + " < 0");
        if (line == null) lines.remove(index);
        else lines.put(index, line);
    }

    public String getFeatureName() {
        return featureName;
    }

    public void setFeatureName(String featureName) {
        this.featureName = featureName;
    }

    public String getAdminArea() {
        return adminArea;
    }

    public void setAdminArea(String adminArea) {
        this.adminArea = adminArea;
    }

    public String getSubAdminArea() {
        return subAdminArea;
    }

    public void setSubAdminArea(String subAdminArea) {
        this.subAdminArea = subAdminArea;
    }

    public String getLocality() {
        return locality;
    }

    public void setLocality(String locality) {
        this.locality = locality;
    }

    public String getSubLocality() {
        return subLocality;
    }

    public void setSubLocality(String sublocality) {
        this.subLocality = sublocality;
    }

    public String getThoroughfare() {
        return thoroughfare;
    }

    public void setThoroughfare(String thoroughfare) {
        this.thoroughfare = thoroughfare;
    }

    public String getSubThoroughfare() {
        return subThoroughfare;
    }

    public void setSubThoroughfare(String subthoroughfare) {
        this.subThoroughfare = subthoroughfare;
    }

    public String getPremises() {
        return premises;
    }

    public void setPremises(String premises) {
        this.premises = premises;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public void setPostalCode(String postalCode) {
        this.postalCode = postalCode;
    }

    public String getCountryCode() {
        return countryCode;
    }

    public void setCountryCode(String countryCode) {
        this.countryCode = countryCode;
    }

    public String getCountryName() {
        return countryName;
    }

    public void setCountryName(String countryName) {
        this.countryName = countryName;
    }

    public boolean hasLatitude() {
        return hasLatitude;
    }

    public double getLatitude() {
        if (!hasLatitude) throw new IllegalStateException();
        return latitude;
    }

    public void setLatitude(double latitude) {
        this.latitude = latitude;
        hasLatitude = true;
    }

    public void clearLatitude() {
        hasLatitude = false;
    }

    public boolean hasLongitude() {
        return hasLongitude;
    }

    public double getLongitude() {
        if (!hasLongitude) throw new IllegalStateException();
        return longitude;
    }

    public void setLongitude(double longitude) {
        this.longitude = longitude;
        hasLongitude = true;
    }

    public void clearLongitude() {
        hasLongitude = false;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        this.phone = phone;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public String toString() {
        return "Address[addressLines=" + lines + ",locality=" + locality + ",countryCode=" + countryCode + "]";
    }
}
