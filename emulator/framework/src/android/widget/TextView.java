package android.widget;

import android.content.Context;
import android.text.Editable;
import android.text.TextWatcher;
import android.view.View;
import java.util.ArrayList;
import java.util.List;

/** Displays text; the base of Button, EditText and the compound buttons. */
public class TextView extends View {
    public enum BufferType {
        NORMAL, SPANNABLE, EDITABLE
    }

    private CharSequence mText = "";
    private CharSequence mHint;
    private int mInputType = android.text.InputType.TYPE_CLASS_TEXT;
    private float mTextSize = 14f;
    private List<TextWatcher> mListeners;

    public TextView(Context context) {
        super(context);
    }

    public CharSequence getText() {
        return mText;
    }

    public void setText(CharSequence text) {
        CharSequence old = mText;
        CharSequence next = text == null ? "" : text;
        if (mListeners != null) {
            for (TextWatcher w : new ArrayList<>(mListeners)) w.beforeTextChanged(old, 0, old.length(), next.length());
        }
        mText = next;
        if (mListeners != null) {
            for (TextWatcher w : new ArrayList<>(mListeners)) w.onTextChanged(mText, 0, old.length(), mText.length());
            Editable e = this instanceof EditText ? ((EditText) this).getText() : null;
            for (TextWatcher w : new ArrayList<>(mListeners)) w.afterTextChanged(e);
        }
    }

    public void setText(CharSequence text, BufferType type) {
        setText(text);
    }

    public final void append(CharSequence text) {
        setText(mText.toString() + text);
    }

    public int length() {
        return mText.length();
    }

    public CharSequence getHint() {
        return mHint;
    }

    public final void setHint(CharSequence hint) {
        mHint = hint;
    }

    public int getInputType() {
        return mInputType;
    }

    public void setInputType(int type) {
        mInputType = type;
    }

    public void setTextSize(float size) {
        mTextSize = size;
    }

    public float getTextSize() {
        return mTextSize;
    }

    public void setTextColor(int color) {}

    public void setGravity(int gravity) {}

    public void setSingleLine() {}

    public void setSingleLine(boolean singleLine) {}

    public void setMaxLines(int maxLines) {}

    public void setLines(int lines) {}

    public void addTextChangedListener(TextWatcher watcher) {
        if (mListeners == null) mListeners = new ArrayList<>();
        mListeners.add(watcher);
    }

    public void removeTextChangedListener(TextWatcher watcher) {
        if (mListeners != null) mListeners.remove(watcher);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return TextView.class.getName();
    }
}
