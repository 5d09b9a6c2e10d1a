package android.view;

import android.content.Context;
import android.content.ContextWrapper;

/** A ContextWrapper with a theme. */
public class ContextThemeWrapper extends ContextWrapper {
    private int themeResource;

    public ContextThemeWrapper() {
        super(null);
    }

    public ContextThemeWrapper(Context base, int themeResId) {
        super(base);
        themeResource = themeResId;
    }

    @Override
    protected void attachBaseContext(Context newBase) {
        super.attachBaseContext(newBase);
    }

    public void setTheme(int resid) {
        themeResource = resid;
    }
}
