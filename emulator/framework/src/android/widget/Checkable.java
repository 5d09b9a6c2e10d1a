package android.widget;

/** A view that can be checked and unchecked. */
public interface Checkable {
    void setChecked(boolean checked);

    boolean isChecked();

    void toggle();
}
