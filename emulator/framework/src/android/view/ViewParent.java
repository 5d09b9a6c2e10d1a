package android.view;

/** The parent of a View in the hierarchy. */
public interface ViewParent {
    ViewParent getParent();

    void requestLayout();

    boolean isLayoutRequested();

    void clearChildFocus(View child);

    void requestChildFocus(View child, View focused);
}
