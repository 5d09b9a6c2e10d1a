package android.widget;

import android.content.Context;

/** A CheckBox. */
public class CheckBox extends CompoundButton {
    public CheckBox(Context context) {
        super(context);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return CheckBox.class.getName();
    }
}
