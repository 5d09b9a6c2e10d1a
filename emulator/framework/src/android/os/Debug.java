package android.os;

/** Debugger state: no debugger is ever attached to an emulated app. */
public final class Debug {
    private Debug() {}

    public static boolean isDebuggerConnected() {
        return false;
    }

    public static boolean waitingForDebugger() {
        return false;
    }
}
