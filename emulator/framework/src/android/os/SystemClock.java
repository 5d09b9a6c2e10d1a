package android.os;

/** Clocks of the device: uptime since the JVM started, and wall-clock time. */
public final class SystemClock {
    private static final long START_NANOS = System.nanoTime();

    private SystemClock() {}

    public static long uptimeMillis() {
        return (System.nanoTime() - START_NANOS) / 1_000_000L;
    }

    public static long elapsedRealtime() {
        return uptimeMillis();
    }

    public static long elapsedRealtimeNanos() {
        return System.nanoTime() - START_NANOS;
    }

    public static long currentThreadTimeMillis() {
        return uptimeMillis();
    }

    public static void sleep(long ms) {
        long end = uptimeMillis() + ms;
        while (true) {
            long left = end - uptimeMillis();
            if (left <= 0) return;
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                // Android's SystemClock.sleep ignores interrupts
            }
        }
    }
}
