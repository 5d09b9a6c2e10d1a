package android.os;

/** Posts messages and runnables to a {@link Looper}'s queue and handles them on its thread. */
public class Handler {
    public interface Callback {
        boolean handleMessage(Message msg);
    }

    private final Looper looper;
    private final Callback callback;

    @Deprecated
    public Handler() {
        this(Looper.myLooper(), null);
    }

    @Deprecated
    public Handler(Callback callback) {
        this(Looper.myLooper(), callback);
    }

    public Handler(Looper looper) {
        this(looper, null);
    }

    public Handler(Looper looper, Callback callback) {
        if (looper == null) {
            throw new RuntimeException("Can't create handler inside thread " + Thread.currentThread() + " that has not called Looper.prepare()");
        }
        this.looper = looper;
        this.callback = callback;
    }

    public static Handler createAsync(Looper looper) {
        return new Handler(looper);
    }

    public static Handler createAsync(Looper looper, Callback callback) {
        return new Handler(looper, callback);
    }

    public void handleMessage(Message msg) {}

    public void dispatchMessage(Message msg) {
        if (msg.callback != null) {
            msg.callback.run();
            return;
        }
        if (callback != null && callback.handleMessage(msg)) return;
        handleMessage(msg);
    }

    public String getMessageName(Message message) {
        if (message.callback != null) return message.callback.getClass().getName();
        return "0x" + Integer.toHexString(message.what);
    }

    public final Looper getLooper() {
        return looper;
    }

    public final Message obtainMessage() {
        return Message.obtain(this);
    }

    public final Message obtainMessage(int what) {
        return Message.obtain(this, what);
    }

    public final Message obtainMessage(int what, Object obj) {
        return Message.obtain(this, what, obj);
    }

    public final Message obtainMessage(int what, int arg1, int arg2) {
        return Message.obtain(this, what, arg1, arg2);
    }

    public final Message obtainMessage(int what, int arg1, int arg2, Object obj) {
        return Message.obtain(this, what, arg1, arg2, obj);
    }

    public final boolean post(Runnable r) {
        return sendMessageDelayed(Message.obtain(this, r), 0);
    }

    public final boolean postAtTime(Runnable r, long uptimeMillis) {
        return sendMessageAtTime(Message.obtain(this, r), uptimeMillis);
    }

    public final boolean postAtTime(Runnable r, Object token, long uptimeMillis) {
        Message m = Message.obtain(this, r);
        m.obj = token;
        return sendMessageAtTime(m, uptimeMillis);
    }

    public final boolean postDelayed(Runnable r, long delayMillis) {
        return sendMessageDelayed(Message.obtain(this, r), delayMillis);
    }

    public final boolean postDelayed(Runnable r, Object token, long delayMillis) {
        Message m = Message.obtain(this, r);
        m.obj = token;
        return sendMessageDelayed(m, delayMillis);
    }

    public final boolean postAtFrontOfQueue(Runnable r) {
        return sendMessageAtFrontOfQueue(Message.obtain(this, r));
    }

    public final boolean sendMessage(Message msg) {
        return sendMessageDelayed(msg, 0);
    }

    public final boolean sendEmptyMessage(int what) {
        return sendEmptyMessageDelayed(what, 0);
    }

    public final boolean sendEmptyMessageDelayed(int what, long delayMillis) {
        return sendMessageDelayed(Message.obtain(this, what), delayMillis);
    }

    public final boolean sendEmptyMessageAtTime(int what, long uptimeMillis) {
        return sendMessageAtTime(Message.obtain(this, what), uptimeMillis);
    }

    public final boolean sendMessageDelayed(Message msg, long delayMillis) {
        return sendMessageAtTime(msg, SystemClock.uptimeMillis() + Math.max(0, delayMillis));
    }

    public boolean sendMessageAtTime(Message msg, long uptimeMillis) {
        msg.target = this;
        return looper.queue.enqueue(msg, uptimeMillis);
    }

    public final boolean sendMessageAtFrontOfQueue(Message msg) {
        msg.target = this;
        return looper.queue.enqueue(msg, Long.MIN_VALUE);
    }

    public final void removeCallbacks(Runnable r) {
        looper.queue.removeIf(m -> m.target == this && m.callback == r);
    }

    public final void removeCallbacks(Runnable r, Object token) {
        looper.queue.removeIf(m -> m.target == this && m.callback == r && (token == null || m.obj == token));
    }

    public final void removeMessages(int what) {
        looper.queue.removeIf(m -> m.target == this && m.callback == null && m.what == what);
    }

    public final void removeMessages(int what, Object object) {
        looper.queue.removeIf(m -> m.target == this && m.callback == null && m.what == what && (object == null || m.obj == object));
    }

    public final void removeCallbacksAndMessages(Object token) {
        looper.queue.removeIf(m -> m.target == this && (token == null || m.obj == token));
    }

    public final boolean hasMessages(int what) {
        return looper.queue.any(m -> m.target == this && m.callback == null && m.what == what);
    }

    public final boolean hasMessages(int what, Object object) {
        return looper.queue.any(m -> m.target == this && m.callback == null && m.what == what && (object == null || m.obj == object));
    }

    public final boolean hasCallbacks(Runnable r) {
        return looper.queue.any(m -> m.target == this && m.callback == r);
    }

    @Override
    public String toString() {
        return "Handler (" + getClass().getName() + ") {" + Integer.toHexString(System.identityHashCode(this)) + "}";
    }
}
