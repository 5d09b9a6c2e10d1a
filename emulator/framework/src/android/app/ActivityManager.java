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

    /** A service that is running (Android 8+: only the caller's own). */
    public static class RunningServiceInfo {
        public static final int FLAG_STARTED = 1;
        public static final int FLAG_FOREGROUND = 1 << 1;
        public static final int FLAG_SYSTEM_PROCESS = 1 << 2;
        public static final int FLAG_PERSISTENT_PROCESS = 1 << 3;

        public android.content.ComponentName service;
        public int pid;
        public int uid;
        public String process;
        public boolean foreground;
        public long activeSince;
        public boolean started;
        public int clientCount;
        public int crashCount;
        public long lastActivityTime;
        public long restarting;
        public int flags;
        public String clientPackage;
        public int clientLabel;

        public RunningServiceInfo() {}
    }

    /** A running task (Android 5+: only the caller's own). */
    public static class RunningTaskInfo extends TaskInfo {
        public int id;
        public CharSequence description;
        public int numRunning;

        public RunningTaskInfo() {}
    }

    /** A recent task (Android 5+: only the caller's own). */
    public static class RecentTaskInfo extends TaskInfo {
        public int id;
        public int persistentId;
        public CharSequence description;
        public int affiliatedTaskId;

        public RecentTaskInfo() {}
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

    /** Needs KILL_BACKGROUND_PROCESSES (a normal permission: declared in the manifest is enough). */
    public void killBackgroundProcesses(String packageName) {
        if (!com.pimon.emulator.Permissions.isDeclared("android.permission.KILL_BACKGROUND_PROCESSES")) {
            throw new SecurityException("Permission Denial: killBackgroundProcesses() requires android.permission.KILL_BACKGROUND_PROCESSES");
        }
    }

    /** The caller's own running services (none are tracked across processes: empty). */
    @Deprecated
    public List<RunningServiceInfo> getRunningServices(int maxNum) {
        return new ArrayList<>();
    }

    /** The caller's own task, rooted at its launcher activity (Android 5+ behaviour). */
    @Deprecated
    public List<RunningTaskInfo> getRunningTasks(int maxNum) {
        List<RunningTaskInfo> l = new ArrayList<>();
        android.content.ComponentName main = mainActivity();
        if (maxNum > 0 && main != null) {
            RunningTaskInfo t = new RunningTaskInfo();
            t.id = t.taskId = 1;
            t.baseActivity = t.topActivity = main;
            t.numActivities = t.numRunning = 1;
            t.isRunning = true;
            l.add(t);
        }
        return l;
    }

    @Deprecated
    public List<RecentTaskInfo> getRecentTasks(int maxNum, int flags) {
        List<RecentTaskInfo> l = new ArrayList<>();
        android.content.ComponentName main = mainActivity();
        if (maxNum > 0 && main != null) {
            RecentTaskInfo t = new RecentTaskInfo();
            t.id = t.persistentId = t.taskId = 1;
            t.baseActivity = t.topActivity = main;
            t.numActivities = 1;
            t.isRunning = true;
            l.add(t);
        }
        return l;
    }

    public PendingIntent getRunningServiceControlPanel(android.content.ComponentName service) {
        return null;
    }

    private static android.content.ComponentName mainActivity() {
        com.pimon.emulator.InstalledPackages.Pkg p = com.pimon.emulator.InstalledPackages.all().get(
                com.pimon.emulator.DeviceState.packageName());
        if (p == null) return null;
        for (com.pimon.emulator.InstalledPackages.Comp c : p.activities) {
            if (c.actions.contains("android.intent.action.MAIN")) return new android.content.ComponentName(p.name, c.className);
        }
        return null;
    }
}
