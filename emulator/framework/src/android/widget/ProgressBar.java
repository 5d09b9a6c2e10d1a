package android.widget;

import android.content.Context;
import android.view.View;

/** A progress indicator. */
public class ProgressBar extends View {
    private int mProgress;
    private int mMax = 100;
    private boolean mIndeterminate;

    public ProgressBar(Context context) {
        super(context);
        setMinimumHeight(48);
    }

    public synchronized void setProgress(int progress) {
        mProgress = Math.max(0, Math.min(mMax, progress));
    }

    public synchronized int getProgress() {
        return mProgress;
    }

    public synchronized void setMax(int max) {
        mMax = max;
    }

    public synchronized int getMax() {
        return mMax;
    }

    public synchronized void setIndeterminate(boolean indeterminate) {
        mIndeterminate = indeterminate;
    }

    public synchronized boolean isIndeterminate() {
        return mIndeterminate;
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return ProgressBar.class.getName();
    }
}
