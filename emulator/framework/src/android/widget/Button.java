package android.widget;

import android.content.Context;

/** A push button. */
public class Button extends TextView {
    public Button(Context context) {
        super(context);
        setClickable(true);
        setFocusable(true);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return Button.class.getName();
    }
}
