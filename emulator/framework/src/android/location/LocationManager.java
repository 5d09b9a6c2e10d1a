package android.location;

import android.content.Context;
import android.os.CancellationSignal;
import android.os.Handler;
import android.os.Looper;
import android.os.SystemClock;
import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Location fixes from the device profile. {@code requestLocationUpdates} delivers a first fix at
 * once and then one every {@code max(minTimeMs, 1000)} ms on the listener's looper (the caller's, or
 * the main looper), until {@code removeUpdates}. Needs ACCESS_FINE_LOCATION or ACCESS_COARSE_LOCATION.
 */
public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";
    public static final String PASSIVE_PROVIDER = "passive";
    public static final String FUSED_PROVIDER = "fused";
    public static final String KEY_LOCATION_CHANGED = "location";
    public static final String KEY_PROVIDER_ENABLED = "providerEnabled";
    public static final String PROVIDERS_CHANGED_ACTION = "android.location.PROVIDERS_CHANGED";
    public static final String MODE_CHANGED_ACTION = "android.location.MODE_CHANGED";

    private final Map<LocationListener, Runnable> active = new IdentityHashMap<>();

    LocationManager(Context context) {}

    private static void needLocation() {
        if (Permissions.isGranted("android.permission.ACCESS_COARSE_LOCATION")) return;
        Permissions.enforce("android.permission.ACCESS_FINE_LOCATION");
    }

    /** The profile's fix, stamped now. */
    static Location fix(String provider) {
        Profile p = Profile.get();
        Location l = new Location(provider == null ? GPS_PROVIDER : provider);
        l.setLatitude(p.dbl("location.latitude"));
        l.setLongitude(p.dbl("location.longitude"));
        l.setAltitude(p.dbl("location.altitude"));
        l.setAccuracy((float) p.dbl("location.accuracy"));
        l.setTime(System.currentTimeMillis());
        l.setElapsedRealtimeNanos(SystemClock.elapsedRealtimeNanos());
        return l;
    }

    public Location getLastKnownLocation(String provider) {
        needLocation();
        if (provider == null) throw new IllegalArgumentException("invalid provider: null");
        return fix(provider);
    }

    public List<String> getAllProviders() {
        List<String> out = new ArrayList<>();
        out.add(PASSIVE_PROVIDER);
        out.add(GPS_PROVIDER);
        out.add(NETWORK_PROVIDER);
        out.add(FUSED_PROVIDER);
        return out;
    }

    public List<String> getProviders(boolean enabledOnly) {
        return getAllProviders();
    }

    public List<String> getProviders(Criteria criteria, boolean enabledOnly) {
        return getAllProviders();
    }

    public String getBestProvider(Criteria criteria, boolean enabledOnly) {
        return criteria != null && criteria.getAccuracy() == Criteria.ACCURACY_COARSE ? NETWORK_PROVIDER : GPS_PROVIDER;
    }

    public LocationProvider getProvider(String provider) {
        if (provider == null) throw new IllegalArgumentException("invalid provider: null");
        return getAllProviders().contains(provider) ? new LocationProvider(provider) : null;
    }

    public String getGnssHardwareModelName() {
        return "qcom,Qualcomm Technologies,SM8250";
    }

    public int getGnssYearOfHardware() {
        return 2020;
    }

    /** One fresh fix, delivered through the executor unless canceled first. */
    public void getCurrentLocation(String provider, CancellationSignal cancellationSignal, Executor executor, Consumer<Location> consumer) {
        needLocation();
        if (executor == null || consumer == null) throw new IllegalArgumentException("invalid null executor or consumer");
        Location l = fix(provider);
        executor.execute(() -> {
            if (cancellationSignal == null || !cancellationSignal.isCanceled()) consumer.accept(l);
        });
    }

    public boolean isProviderEnabled(String provider) {
        return true;
    }

    public boolean isLocationEnabled() {
        return true;
    }

    public boolean hasProvider(String provider) {
        return getAllProviders().contains(provider);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, LocationListener listener) {
        requestLocationUpdates(provider, minTimeMs, minDistanceM, listener, null);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, LocationListener listener, Looper looper) {
        needLocation();
        if (listener == null) throw new IllegalArgumentException("invalid null listener");
        Looper l = looper != null ? looper : Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        Handler h = new Handler(l);
        schedule(provider, minTimeMs, listener, h::post, (r, delay) -> h.postDelayed(r, delay), h::removeCallbacks);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, Executor executor, LocationListener listener) {
        needLocation();
        if (listener == null) throw new IllegalArgumentException("invalid null listener");
        if (executor == null) throw new IllegalArgumentException("invalid null executor");
        Handler h = new Handler(Looper.getMainLooper());
        schedule(provider, minTimeMs, listener, r -> h.post(() -> executor.execute(r)),
                (r, delay) -> h.postDelayed(() -> executor.execute(r), delay), h::removeCallbacks);
    }

    @Deprecated
    public void requestSingleUpdate(String provider, LocationListener listener, Looper looper) {
        needLocation();
        Looper l = looper != null ? looper : Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        LocationListenerTransport transport = new LocationListenerTransport(listener);
        new Handler(l).post(() -> transport.onLocationChanged(fix(provider)));
    }

    /** As on Android: the system delivers each fix to a registered listener through its transport (the
     * delivery pimon hooks; toString names the listener, so a delivery joins its registration). */
    static final class LocationListenerTransport {
        private final LocationListener listener;

        LocationListenerTransport(LocationListener listener) {
            this.listener = listener;
        }

        public void onLocationChanged(Location location) {
            listener.onLocationChanged(location);
        }

        @Override
        public String toString() {
            return "LocationListenerTransport{listener=" + listener + "}";
        }
    }

    private interface Delayed {
        void post(Runnable r, long delayMs);
    }

    private void schedule(String provider, long minTimeMs, LocationListener listener, java.util.function.Consumer<Runnable> now,
            Delayed later, java.util.function.Consumer<Runnable> cancel) {
        removeUpdates(listener);
        long period = Math.max(1000L, minTimeMs);
        Runnable[] tick = new Runnable[1];
        LocationListenerTransport transport = new LocationListenerTransport(listener);
        tick[0] = () -> {
            synchronized (active) {
                if (active.get(listener) == null) return;
            }
            transport.onLocationChanged(fix(provider));
            later.post(tick[0], period);
        };
        Runnable stop = () -> cancel.accept(tick[0]);
        synchronized (active) {
            active.put(listener, stop);
        }
        now.accept(tick[0]);
    }

    public void removeUpdates(LocationListener listener) {
        Runnable stop;
        synchronized (active) {
            stop = active.remove(listener);
        }
        if (stop != null) stop.run();
    }
}
