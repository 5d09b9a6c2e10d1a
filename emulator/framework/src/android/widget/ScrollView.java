package android.widget;

import android.content.Context;

/** A FrameLayout whose single child may be taller than the screen. */
public class ScrollView extends FrameLayout {
    public ScrollView(Context context) {
        super(context);
    }

    public boolean fullScroll(int direction) {
        scrollTo(0, direction == FOCUS_UP ? 0 : Integer.MAX_VALUE / 2);
        return true;
    }

    public final void smoothScrollTo(int x, int y) {
        scrollTo(x, y);
    }

    public final void smoothScrollBy(int dx, int dy) {
        scrollBy(dx, dy);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return ScrollView.class.getName();
    }
}
