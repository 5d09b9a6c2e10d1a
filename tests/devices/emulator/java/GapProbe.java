import java.lang.reflect.Method;

/** Prints DeviceState.frameworkGap (package-private, reached by reflection) for real and constructed
 * throwables, one "case<TAB>message" line each (tests/devices/emulator/test_framework_gap.py). */
public final class GapProbe {
    private static StackTraceElement f(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    private static <T extends Throwable> T at(T t, StackTraceElement... frames) {
        t.setStackTrace(frames);
        return t;
    }

    public static void main(String[] args) throws Exception {
        Method gap = Class.forName("com.pimon.emulator.DeviceState").getDeclaredMethod("frameworkGap", Throwable.class);
        gap.setAccessible(true);
        Throwable missingClass;
        try {
            Class.forName("android.app.NoSuchManager");  // a real ClassNotFoundException, this class the caller
            throw new AssertionError("android.app.NoSuchManager exists");
        } catch (ClassNotFoundException e) {
            missingClass = e;
        }
        Throwable[][] cases = {
            {missingClass},
            {at(new NoSuchMethodError("'java.lang.String android.os.Build.getSerial(int)'"),
                f("java.lang.invoke.MethodHandle", "invoke"), f("com.pimon.emulator.AppRuntime", "launch"),
                f("android.app.Activity", "performCreate"), f("com.umeng.commonsdk.UMConfigure", "init"))},
            {new RuntimeException("Unable to start activity", at(new NoClassDefFoundError("androidx/core/app/NotificationCompat"),
                f("com.example.app.MainActivity", "onCreate")))},
            {at(new NoClassDefFoundError("android/net/wifi/aware/WifiAwareManager"), f("android.app.Activity", "performCreate"))},
            {at(new ClassNotFoundException("com.example.app.Missing"), f("com.example.app.Main", "run"))},
            {at(new IllegalStateException("android.app.Activity not ready"), f("com.example.app.Main", "run"))},
        };
        for (int i = 0; i < cases.length; i++) {
            System.out.println(i + "\t" + gap.invoke(null, cases[i][0]));
        }
    }
}
