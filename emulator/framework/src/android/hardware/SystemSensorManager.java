package android.hardware;

/** The SensorManager instance apps get ({@code @hide} on Android). */
final class SystemSensorManager extends SensorManager {
    SystemSensorManager() {}
}
