package android.os;

/** StrictMode: policies are kept and can be read back; the emulator does not enforce them. */
public final class StrictMode {
    private static ThreadPolicy threadPolicy = ThreadPolicy.LAX;
    private static VmPolicy vmPolicy = VmPolicy.LAX;

    private StrictMode() {}

    public static void setThreadPolicy(ThreadPolicy policy) {
        threadPolicy = policy;
    }

    public static ThreadPolicy getThreadPolicy() {
        return threadPolicy;
    }

    public static ThreadPolicy allowThreadDiskReads() {
        return threadPolicy;
    }

    public static ThreadPolicy allowThreadDiskWrites() {
        return threadPolicy;
    }

    public static void setVmPolicy(VmPolicy policy) {
        vmPolicy = policy;
    }

    public static VmPolicy getVmPolicy() {
        return vmPolicy;
    }

    public static void enableDefaults() {}

    public static void noteSlowCall(String name) {}

    /** A thread policy. */
    public static final class ThreadPolicy {
        public static final ThreadPolicy LAX = new ThreadPolicy();

        private ThreadPolicy() {}

        /** Builds a thread policy. */
        public static final class Builder {
            public Builder() {}

            public Builder(ThreadPolicy policy) {}

            public Builder detectAll() { return this; }

            public Builder detectDiskReads() { return this; }

            public Builder detectDiskWrites() { return this; }

            public Builder detectNetwork() { return this; }

            public Builder detectCustomSlowCalls() { return this; }

            public Builder permitAll() { return this; }

            public Builder permitDiskReads() { return this; }

            public Builder permitDiskWrites() { return this; }

            public Builder permitNetwork() { return this; }

            public Builder penaltyLog() { return this; }

            public Builder penaltyDeath() { return this; }

            public Builder penaltyDialog() { return this; }

            public ThreadPolicy build() { return new ThreadPolicy(); }
        }
    }

    /** A VM policy. */
    public static final class VmPolicy {
        public static final VmPolicy LAX = new VmPolicy();

        private VmPolicy() {}

        /** Builds a VM policy. */
        public static final class Builder {
            public Builder() {}

            public Builder(VmPolicy policy) {}

            public Builder detectAll() { return this; }

            public Builder detectLeakedSqlLiteObjects() { return this; }

            public Builder detectLeakedClosableObjects() { return this; }

            public Builder detectActivityLeaks() { return this; }

            public Builder detectFileUriExposure() { return this; }

            public Builder penaltyLog() { return this; }

            public Builder penaltyDeath() { return this; }

            public VmPolicy build() { return new VmPolicy(); }
        }
    }
}
