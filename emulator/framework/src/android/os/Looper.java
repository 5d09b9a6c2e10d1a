package android.os;

/** A thread's message loop. The emulator's main thread runs the main looper. */
public final class Looper {
    private static final ThreadLocal<Looper> LOCAL = new ThreadLocal<>();
    private static volatile Looper mainLooper;

    final MessageQueue queue = new MessageQueue();
    final Thread thread = Thread.currentThread();

    private Looper() {}

    public static void prepare() {
        if (LOCAL.get() != null) throw new RuntimeException("Only one Looper may be created per thread");
        LOCAL.set(new Looper());
    }

    @Deprecated
    public static void prepareMainLooper() {
        prepare();
        synchronized (Looper.class) {
            if (mainLooper != null) throw new IllegalStateException("The main Looper has already been prepared.");
            mainLooper = myLooper();
        }
    }

    public static Looper getMainLooper() {
        return mainLooper;
    }

    public static Looper myLooper() {
        return LOCAL.get();
    }

    public static MessageQueue myQueue() {
        Looper l = myLooper();
        return l == null ? null : l.queue;
    }

    public static void loop() {
        Looper me = myLooper();
        if (me == null) throw new RuntimeException("No Looper; Looper.prepare() wasn't called on this thread.");
        while (true) {
            Message msg = me.queue.next();
            if (msg == null) return;
            msg.target.dispatchMessage(msg);
        }
    }

    public boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    public Thread getThread() {
        return thread;
    }

    public MessageQueue getQueue() {
        return queue;
    }

    public void quit() {
        queue.quit(false);
    }

    public void quitSafely() {
        queue.quit(true);
    }

    @Override
    public String toString() {
        return "Looper (" + thread.getName() + ", tid " + thread.getId() + ") {" + Integer.toHexString(System.identityHashCode(this)) + "}";
    }
}
