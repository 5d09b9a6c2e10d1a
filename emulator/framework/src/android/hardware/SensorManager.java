package android.hardware;

import android.os.Handler;
import android.os.Looper;
import android.os.SystemClock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device's sensors. A registered listener gets a reading at once and then every 200 ms
 * (at most) on its handler's looper (or the main looper), until unregistered.
 */
public abstract class SensorManager {
    public static final float GRAVITY_EARTH = 9.80665f;
    public static final int SENSOR_DELAY_FASTEST = 0;
    public static final int SENSOR_DELAY_GAME = 1;
    public static final int SENSOR_DELAY_UI = 2;
    public static final int SENSOR_DELAY_NORMAL = 3;
    public static final int SENSOR_STATUS_ACCURACY_HIGH = 3;

    private static final List<Sensor> SENSORS = List.of(
            new Sensor("Accelerometer", "STMicro", Sensor.TYPE_ACCELEROMETER),
            new Sensor("Gyroscope", "STMicro", Sensor.TYPE_GYROSCOPE),
            new Sensor("Magnetometer", "AKM", Sensor.TYPE_MAGNETIC_FIELD),
            new Sensor("Light", "AMS", Sensor.TYPE_LIGHT),
            new Sensor("Proximity", "AMS", Sensor.TYPE_PROXIMITY),
            new Sensor("Pressure", "Bosch", Sensor.TYPE_PRESSURE),
            new Sensor("Step Counter", "QTI", Sensor.TYPE_STEP_COUNTER));

    private final Map<SensorEventListener, List<Runnable>> active = new IdentityHashMap<>();

    SensorManager() {}

    public List<Sensor> getSensorList(int type) {
        List<Sensor> out = new ArrayList<>();
        for (Sensor s : SENSORS) {
            if (type == Sensor.TYPE_ALL || s.getType() == type) out.add(s);
        }
        return out;
    }

    public Sensor getDefaultSensor(int type) {
        for (Sensor s : SENSORS) {
            if (s.getType() == type) return s;
        }
        return null;
    }

    public Sensor getDefaultSensor(int type, boolean wakeUp) {
        return wakeUp ? null : getDefaultSensor(type);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return registerListener(listener, sensor, samplingPeriodUs, (Handler) null);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs, int maxReportLatencyUs) {
        return registerListener(listener, sensor, samplingPeriodUs, (Handler) null);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs, int maxReportLatencyUs, Handler handler) {
        return registerListener(listener, sensor, samplingPeriodUs, handler);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs, Handler handler) {
        if (listener == null || sensor == null) return false;
        Handler h = handler != null ? handler : new Handler(Looper.getMainLooper());
        Runnable[] tick = new Runnable[1];
        SystemSensorManager.SensorEventQueue queue = new SystemSensorManager.SensorEventQueue(listener, sensor);
        tick[0] = () -> {
            synchronized (active) {
                List<Runnable> mine = active.get(listener);
                if (mine == null || !mine.contains(tick[0])) return;
            }
            SensorEvent e = reading(sensor);
            queue.dispatchSensorEvent(sensor.getType(), e.values, e.accuracy, e.timestamp);
            h.postDelayed(tick[0], 200);
        };
        synchronized (active) {
            active.computeIfAbsent(listener, k -> new ArrayList<>()).add(tick[0]);
        }
        h.post(tick[0]);
        return true;
    }

    static SensorEvent reading(Sensor s) {
        SensorEvent e = new SensorEvent(3);
        e.sensor = s;
        e.accuracy = SENSOR_STATUS_ACCURACY_HIGH;
        e.timestamp = SystemClock.elapsedRealtimeNanos();
        switch (s.getType()) {
            case Sensor.TYPE_ACCELEROMETER:
                e.values[2] = GRAVITY_EARTH;
                break;
            case Sensor.TYPE_LIGHT:
                e.values[0] = 320f;
                break;
            case Sensor.TYPE_PROXIMITY:
                e.values[0] = 5f;
                break;
            case Sensor.TYPE_PRESSURE:
                e.values[0] = 1013.25f;
                break;
            case Sensor.TYPE_STEP_COUNTER:
                e.values[0] = 4211f;
                break;
            default:
                break;
        }
        return e;
    }

    public void unregisterListener(SensorEventListener listener) {
        synchronized (active) {
            active.remove(listener);
        }
    }

    public void unregisterListener(SensorEventListener listener, Sensor sensor) {
        unregisterListener(listener);
    }
}
