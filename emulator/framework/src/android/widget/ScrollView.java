package android.widget;

import android.content.Context;

/** A FrameLayout whose single child may be taller than the screen. */
public class ScrollView extends FrameLayout {
    public ScrollView(Context context) {
        super(context);
    }

    public boolean fullScroll(int direction) {
        return false;
    }

    public final void smoothScrollTo(int x, int y) {}

    @Override
    public CharSequence getAccessibilityClassName() {
        return ScrollView.class.getName();
    }
}
