package android.widget;

import android.content.Context;

/** A short message shown over the app; reported to the driver as a "toast" ui event. */
public class Toast {
    public static final int LENGTH_SHORT = 0;
    public static final int LENGTH_LONG = 1;

    private CharSequence mText;
    private int mDuration;

    public Toast(Context context) {}

    public static Toast makeText(Context context, CharSequence text, int duration) {
        Toast t = new Toast(context);
        t.mText = text;
        t.mDuration = duration;
        return t;
    }

    public void show() {
        com.pimon.emulator.Control.event("ui", "what", "toast", "text", String.valueOf(mText));
    }

    public void cancel() {}

    public void setText(CharSequence s) {
        mText = s;
    }

    public void setDuration(int duration) {
        mDuration = duration;
    }

    public int getDuration() {
        return mDuration;
    }
}
