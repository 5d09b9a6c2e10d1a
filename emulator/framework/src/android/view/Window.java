package android.view;

import android.content.Context;

/** A top-level window: an activity's, a dialog's, or a system window. */
public abstract class Window {
    public static final int FEATURE_NO_TITLE = 1;
    public static final int ID_ANDROID_CONTENT = android.R.id.content;

    private final Context mContext;

    public Window(Context context) {
        mContext = context;
    }

    public final Context getContext() {
        return mContext;
    }

    public abstract View getDecorView();

    public abstract View peekDecorView();

    public abstract void setContentView(View view);

    public abstract void setContentView(View view, ViewGroup.LayoutParams params);

    public abstract void setTitle(CharSequence title);

    @SuppressWarnings("unchecked")
    public <T extends View> T findViewById(int id) {
        return (T) getDecorView().findViewById(id);
    }

    public boolean requestFeature(int featureId) {
        return true;
    }

    public void setFlags(int flags, int mask) {}

    public void addFlags(int flags) {}

    public void clearFlags(int flags) {}

    public void setBackgroundDrawableResource(int resId) {}

    public void setGravity(int gravity) {}

    public void setLayout(int width, int height) {}
}
