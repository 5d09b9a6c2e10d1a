package android.hardware;

/** A hardware sensor. */
public final class Sensor {
    public static final int TYPE_ACCELEROMETER = 1;
    public static final int TYPE_MAGNETIC_FIELD = 2;
    @Deprecated public static final int TYPE_ORIENTATION = 3;
    public static final int TYPE_GYROSCOPE = 4;
    public static final int TYPE_LIGHT = 5;
    public static final int TYPE_PRESSURE = 6;
    public static final int TYPE_PROXIMITY = 8;
    public static final int TYPE_GRAVITY = 9;
    public static final int TYPE_LINEAR_ACCELERATION = 10;
    public static final int TYPE_ROTATION_VECTOR = 11;
    public static final int TYPE_STEP_COUNTER = 19;
    public static final int TYPE_STEP_DETECTOR = 18;
    public static final int TYPE_HEART_RATE = 21;
    public static final int TYPE_ALL = -1;

    private final String name;
    private final String vendor;
    private final int type;

    Sensor(String name, String vendor, int type) {
        this.name = name;
        this.vendor = vendor;
        this.type = type;
    }

    public String getName() {
        return name;
    }

    public String getVendor() {
        return vendor;
    }

    public int getType() {
        return type;
    }

    public int getVersion() {
        return 1;
    }

    public float getMaximumRange() {
        return 78.4532f;
    }

    public float getResolution() {
        return 0.0023928226f;
    }

    public float getPower() {
        return 0.17f;
    }

    public int getMinDelay() {
        return 2404;
    }

    public String getStringType() {
        return "android.sensor." + name.toLowerCase().replace(' ', '_');
    }

    public boolean isWakeUpSensor() {
        return false;
    }

    @Override
    public String toString() {
        return "{Sensor name=\"" + name + "\", vendor=\"" + vendor + "\", type=" + type + "}";
    }
}
