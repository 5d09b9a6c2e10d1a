package android.content;

import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;

/** The device clipboard; it starts with the profile's {@code clipboard.text}. */
public class ClipboardManager extends android.text.ClipboardManager {
    private static ClipData primary;
    private static boolean seeded;
    private final List<OnPrimaryClipChangedListener> listeners = new ArrayList<>();

    ClipboardManager(Context context) {}

    /** Called when the primary clip changes. */
    public interface OnPrimaryClipChangedListener {
        void onPrimaryClipChanged();
    }

    private static synchronized ClipData clip() {
        if (!seeded) {
            seeded = true;
            String text = Profile.get().str("clipboard.text");
            if (!text.isEmpty()) primary = ClipData.newPlainText("", text);
        }
        return primary;
    }

    public ClipData getPrimaryClip() {
        return clip();
    }

    public ClipDescription getPrimaryClipDescription() {
        ClipData c = clip();
        return c == null ? null : c.getDescription();
    }

    public boolean hasPrimaryClip() {
        return clip() != null;
    }

    public void setPrimaryClip(ClipData clip) {
        if (clip == null) throw new NullPointerException("clip");
        synchronized (ClipboardManager.class) {
            seeded = true;
            primary = clip;
        }
        fire();
    }

    public void clearPrimaryClip() {
        synchronized (ClipboardManager.class) {
            seeded = true;
            primary = null;
        }
        fire();
    }

    /** Every instance with listeners: the clipboard service notifies each, on the main looper (as on
     * Android, through a binder callback), whoever changed the clip. */
    private static final List<ClipboardManager> WATCHING = new ArrayList<>();

    private static void fire() {
        List<ClipboardManager> copy;
        synchronized (WATCHING) {
            copy = new ArrayList<>(WATCHING);
        }
        android.os.Handler main = new android.os.Handler(android.os.Looper.getMainLooper());
        for (ClipboardManager m : copy) main.post(m::reportPrimaryClipChanged);
    }

    /** As on Android: calls this instance's listeners (the delivery pimon hooks; toString names them, so a
     * delivery joins its registration). */
    void reportPrimaryClipChanged() {
        List<OnPrimaryClipChangedListener> copy;
        synchronized (listeners) {
            copy = new ArrayList<>(listeners);
        }
        for (OnPrimaryClipChangedListener l : copy) l.onPrimaryClipChanged();
    }

    @Override
    public String toString() {
        synchronized (listeners) {
            return "ClipboardManager{listeners=" + listeners + "}";
        }
    }

    public void addPrimaryClipChangedListener(OnPrimaryClipChangedListener what) {
        synchronized (listeners) {
            listeners.add(what);
        }
        synchronized (WATCHING) {
            if (!WATCHING.contains(this)) WATCHING.add(this);
        }
    }

    public void removePrimaryClipChangedListener(OnPrimaryClipChangedListener what) {
        synchronized (listeners) {
            listeners.remove(what);
        }
    }

    @Deprecated
    @Override
    public CharSequence getText() {
        ClipData c = clip();
        return c == null || c.getItemCount() == 0 ? null : c.getItemAt(0).getText();
    }

    @Deprecated
    @Override
    public void setText(CharSequence text) {
        setPrimaryClip(ClipData.newPlainText(null, text));
    }

    @Deprecated
    @Override
    public boolean hasText() {
        ClipData c = clip();
        return c != null && c.getItemCount() > 0 && c.getItemAt(0).getText() != null;
    }
}
