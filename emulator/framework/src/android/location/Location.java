package android.location;

/** A geographic fix: latitude, longitude, altitude, accuracy, time. */
public class Location {
    private String provider;
    private long time;
    private long elapsedRealtimeNanos;
    private double latitude;
    private double longitude;
    private double altitude;
    private float speed;
    private float bearing;
    private float accuracy;
    private boolean hasAltitude;
    private boolean hasSpeed;
    private boolean hasBearing;
    private boolean hasAccuracy;

    public Location(String provider) {
        this.provider = provider;
    }

    public Location(Location l) {
        set(l);
    }

    public void set(Location l) {
        provider = l.provider;
        time = l.time;
        elapsedRealtimeNanos = l.elapsedRealtimeNanos;
        latitude = l.latitude;
        longitude = l.longitude;
        altitude = l.altitude;
        speed = l.speed;
        bearing = l.bearing;
        accuracy = l.accuracy;
        hasAltitude = l.hasAltitude;
        hasSpeed = l.hasSpeed;
        hasBearing = l.hasBearing;
        hasAccuracy = l.hasAccuracy;
    }

    public void reset() {
        set(new Location((String) null));
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public long getTime() {
        return time;
    }

    public void setTime(long time) {
        this.time = time;
    }

    public long getElapsedRealtimeNanos() {
        return elapsedRealtimeNanos;
    }

    public void setElapsedRealtimeNanos(long elapsedRealtimeNanos) {
        this.elapsedRealtimeNanos = elapsedRealtimeNanos;
    }

    public long getElapsedRealtimeMillis() {
        return elapsedRealtimeNanos / 1_000_000L;
    }

    public double getLatitude() {
        return latitude;
    }

    public void setLatitude(double latitude) {
        this.latitude = latitude;
    }

    public double getLongitude() {
        return longitude;
    }

    public void setLongitude(double longitude) {
        this.longitude = longitude;
    }

    public boolean hasAltitude() {
        return hasAltitude;
    }

    public double getAltitude() {
        return altitude;
    }

    public void setAltitude(double altitude) {
        this.altitude = altitude;
        hasAltitude = true;
    }

    public boolean hasSpeed() {
        return hasSpeed;
    }

    public float getSpeed() {
        return speed;
    }

    public void setSpeed(float speed) {
        this.speed = speed;
        hasSpeed = true;
    }

    public boolean hasBearing() {
        return hasBearing;
    }

    public float getBearing() {
        return bearing;
    }

    public void setBearing(float bearing) {
        this.bearing = bearing;
        hasBearing = true;
    }

    public boolean hasAccuracy() {
        return hasAccuracy;
    }

    public float getAccuracy() {
        return accuracy;
    }

    public void setAccuracy(float accuracy) {
        this.accuracy = accuracy;
        hasAccuracy = true;
    }

    public boolean isMock() {
        return false;
    }

    public float distanceTo(Location dest) {
        float[] r = new float[1];
        distanceBetween(latitude, longitude, dest.latitude, dest.longitude, r);
        return r[0];
    }

    public float bearingTo(Location dest) {
        double l1 = Math.toRadians(latitude);
        double l2 = Math.toRadians(dest.latitude);
        double dl = Math.toRadians(dest.longitude - longitude);
        double y = Math.sin(dl) * Math.cos(l2);
        double x = Math.cos(l1) * Math.sin(l2) - Math.sin(l1) * Math.cos(l2) * Math.cos(dl);
        return (float) Math.toDegrees(Math.atan2(y, x));
    }

    /** Great-circle distance in metres (haversine); results[0] = distance. */
    public static void distanceBetween(double startLatitude, double startLongitude, double endLatitude, double endLongitude, float[] results) {
        if (results == null || results.length < 1) throw new IllegalArgumentException("results is null or has length < 1");
        double dLat = Math.toRadians(endLatitude - startLatitude);
        double dLon = Math.toRadians(endLongitude - startLongitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(startLatitude)) * Math.cos(Math.toRadians(endLatitude)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        results[0] = (float) (6371008.8 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)));
    }

    @Override
    public String toString() {
        return "Location[" + provider + " " + String.format(java.util.Locale.ROOT, "%.6f,%.6f", latitude, longitude)
                + (hasAccuracy ? " hAcc=" + accuracy : "") + " et=" + elapsedRealtimeNanos + "]";
    }
}
