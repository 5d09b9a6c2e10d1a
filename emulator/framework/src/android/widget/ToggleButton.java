package android.widget;

import android.content.Context;

/** A ToggleButton. */
public class ToggleButton extends CompoundButton {
    public ToggleButton(Context context) {
        super(context);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return ToggleButton.class.getName();
    }
}
