package android.hardware;

/** The SensorManager instance apps get ({@code @hide} on Android). */
final class SystemSensorManager extends SensorManager {
    SystemSensorManager() {}

    /** As on Android: the system hands each reading to a registered listener through its queue's
     * {@code dispatchSensorEvent} (the delivery pimon hooks; toString names the listener, so a delivery
     * joins its registration). */
    static final class SensorEventQueue {
        private final SensorEventListener listener;
        private final Sensor sensor;

        SensorEventQueue(SensorEventListener listener, Sensor sensor) {
            this.listener = listener;
            this.sensor = sensor;
        }

        protected void dispatchSensorEvent(int handle, float[] values, int inAccuracy, long timestamp) {
            SensorEvent e = new SensorEvent(values.length);
            System.arraycopy(values, 0, e.values, 0, values.length);
            e.sensor = sensor;
            e.accuracy = inAccuracy;
            e.timestamp = timestamp;
            listener.onSensorChanged(e);
        }

        @Override
        public String toString() {
            return "SensorEventQueue{listener=" + listener + ", sensor=" + sensor.getName() + "}";
        }
    }
}
