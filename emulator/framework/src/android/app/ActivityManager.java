package android.app;

import java.util.ArrayList;
import java.util.List;

/** Information about running processes and memory. */
public class ActivityManager {
    public static class RunningAppProcessInfo {
        public static final int IMPORTANCE_FOREGROUND = 100;
        public static final int IMPORTANCE_VISIBLE = 200;
        public static final int IMPORTANCE_SERVICE = 300;
        public static final int IMPORTANCE_CACHED = 400;
        public static final int IMPORTANCE_GONE = 1000;

        public String processName;
        public int pid;
        public int uid;
        public String[] pkgList;
        public int importance;

        public RunningAppProcessInfo() {}

        public RunningAppProcessInfo(String pProcessName, int pPid, String[] pArr) {
            processName = pProcessName;
            pid = pPid;
            pkgList = pArr;
        }
    }

    public static class MemoryInfo {
        public long availMem = 2L << 30;
        public long totalMem = 6L << 30;
        public long threshold = 256L << 20;
        public boolean lowMemory;

        public MemoryInfo() {}
    }

    ActivityManager() {}

    public List<RunningAppProcessInfo> getRunningAppProcesses() {
        List<RunningAppProcessInfo> l = new ArrayList<>();
        String pkg = com.pimon.emulator.DeviceState.packageName();
        RunningAppProcessInfo me = new RunningAppProcessInfo(pkg, android.os.Process.myPid(), new String[] {pkg});
        me.uid = android.os.Process.myUid();
        me.importance = com.pimon.emulator.AppRuntime.get().isForeground()
                ? RunningAppProcessInfo.IMPORTANCE_FOREGROUND : RunningAppProcessInfo.IMPORTANCE_CACHED;
        l.add(me);
        return l;
    }

    public void getMemoryInfo(MemoryInfo outInfo) {}

    public boolean isLowRamDevice() {
        return false;
    }

    public int getMemoryClass() {
        return 256;
    }

    public static boolean isUserAMonkey() {
        return false;
    }

    public void killBackgroundProcesses(String packageName) {}
}
