package android.text;

/** The old text-only clipboard interface, kept as the base of android.content.ClipboardManager. */
@Deprecated
public abstract class ClipboardManager {
    public ClipboardManager() {}

    public abstract CharSequence getText();

    public abstract void setText(CharSequence text);

    public abstract boolean hasText();
}
