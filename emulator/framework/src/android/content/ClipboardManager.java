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

    private void fire() {
        List<OnPrimaryClipChangedListener> copy;
        synchronized (listeners) {
            copy = new ArrayList<>(listeners);
        }
        for (OnPrimaryClipChangedListener l : copy) l.onPrimaryClipChanged();
    }

    public void addPrimaryClipChangedListener(OnPrimaryClipChangedListener what) {
        synchronized (listeners) {
            listeners.add(what);
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
