package android.widget;

import android.content.Context;
import android.text.Editable;

/** An editable TextView. */
public class EditText extends TextView {
    public EditText(Context context) {
        super(context);
        setFocusable(true);
        setClickable(true);
        setLongClickable(true);
    }

    @Override
    public Editable getText() {
        return new com.pimon.emulator.TextBuffer(this, super.getText());
    }

    @Override
    public void setText(CharSequence text, BufferType type) {
        super.setText(text, type);
    }

    @Override
    public boolean performClick() {
        requestFocus();
        return super.performClick();
    }

    public void setSelection(int index) {}

    public void setSelection(int start, int stop) {}

    public void selectAll() {}

    @Override
    public CharSequence getAccessibilityClassName() {
        return EditText.class.getName();
    }
}
