package android.widget;

import android.content.Context;

/** A RadioButton. */
public class RadioButton extends CompoundButton {
    public RadioButton(Context context) {
        super(context);
    }

    @Override
    public void toggle() {
        if (!isChecked()) super.toggle();
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return RadioButton.class.getName();
    }
}
