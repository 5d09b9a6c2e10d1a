package android.os;

/** The main thread's queue: messages ordered by due time (uptime ms), FIFO among equals. */
public final class MessageQueue {
    private Message head;
    private boolean quitting;

    MessageQueue() {}

    public boolean isIdle() {
        synchronized (this) {
            return head == null || SystemClock.uptimeMillis() < head.when;
        }
    }

    synchronized boolean enqueue(Message msg, long when) {
        if (quitting) return false;
        msg.when = when;
        if (head == null || when < head.when) {
            msg.next = head;
            head = msg;
        } else {
            Message p = head;
            while (p.next != null && p.next.when <= when) p = p.next;
            msg.next = p.next;
            p.next = msg;
        }
        notifyAll();
        return true;
    }

    /** The next due message; blocks; null once the queue quits. */
    synchronized Message next() {
        while (true) {
            if (quitting && head == null) return null;
            long now = SystemClock.uptimeMillis();
            if (head != null && head.when <= now) {
                Message m = head;
                head = m.next;
                m.next = null;
                return m;
            }
            if (quitting) {
                head = null;
                return null;
            }
            try {
                if (head == null) wait();
                else wait(Math.max(1, head.when - now));
            } catch (InterruptedException e) {
                // keep looping
            }
        }
    }

    synchronized void quit(boolean safe) {
        quitting = true;
        if (!safe) head = null;
        notifyAll();
    }

    interface Matcher {
        boolean matches(Message m);
    }

    synchronized void removeIf(Matcher matcher) {
        Message prev = null;
        Message p = head;
        while (p != null) {
            Message n = p.next;
            if (matcher.matches(p)) {
                if (prev == null) head = n;
                else prev.next = n;
                p.next = null;
            } else {
                prev = p;
            }
            p = n;
        }
    }

    synchronized boolean any(Matcher matcher) {
        for (Message p = head; p != null; p = p.next) {
            if (matcher.matches(p)) return true;
        }
        return false;
    }
}
