package com.pimon.emulator;

import android.text.Editable;
import android.widget.TextView;

/** The Editable an EditText hands out: edits write through to the view. */
public final class TextBuffer implements Editable {
    private final TextView view;
    private final StringBuilder text;

    public TextBuffer(TextView view, CharSequence initial) {
        this.view = view;
        this.text = new StringBuilder(initial);
    }

    private Editable commit() {
        view.setText(text.toString());
        return this;
    }

    @Override
    public Editable replace(int st, int en, CharSequence source) {
        text.replace(st, en, source.toString());
        return commit();
    }

    @Override
    public Editable insert(int where, CharSequence s) {
        text.insert(where, s);
        return commit();
    }

    @Override
    public Editable delete(int st, int en) {
        text.delete(st, en);
        return commit();
    }

    @Override
    public Editable append(CharSequence s) {
        text.append(s);
        return commit();
    }

    @Override
    public Editable append(CharSequence s, int start, int end) {
        text.append(s, start, end);
        return commit();
    }

    @Override
    public Editable append(char c) {
        text.append(c);
        return commit();
    }

    @Override
    public void clear() {
        text.setLength(0);
        commit();
    }

    @Override
    public void clearSpans() {}

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
