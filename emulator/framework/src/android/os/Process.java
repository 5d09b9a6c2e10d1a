package android.os;

/** The current process: pid, uid, kill. */
public class Process {
    public static final int SYSTEM_UID = 1000;
    public static final int FIRST_APPLICATION_UID = 10000;
    public static final int LAST_APPLICATION_UID = 19999;
    public static final int SIGNAL_QUIT = 3;
    public static final int SIGNAL_KILL = 9;
    public static final int SIGNAL_USR1 = 10;
    public static final int THREAD_PRIORITY_DEFAULT = 0;
    public static final int THREAD_PRIORITY_BACKGROUND = 10;

    public Process() {}

    public static final int myPid() {
        return (int) ProcessHandle.current().pid();
    }

    public static final int myTid() {
        return (int) Thread.currentThread().getId();
    }

    public static final int myUid() {
        return com.pimon.emulator.DeviceState.uid();
    }

    public static final long getStartElapsedRealtime() {
        return 0L;
    }

    public static final long getStartUptimeMillis() {
        return 0L;
    }

    public static final boolean is64Bit() {
        return true;
    }

    public static final void killProcess(int pid) {
        if (pid == myPid()) com.pimon.emulator.DeviceState.exit(9 + 128);
    }

    public static final void sendSignal(int pid, int signal) {
        if (pid == myPid() && signal == SIGNAL_KILL) killProcess(pid);
    }

    public static final void setThreadPriority(int priority) {}

    public static final void setThreadPriority(int tid, int priority) {}

    public static final int getThreadPriority(int tid) {
        return THREAD_PRIORITY_DEFAULT;
    }
}
