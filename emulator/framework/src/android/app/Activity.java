package android.app;

import android.os.Bundle;
import android.view.ContextThemeWrapper;

/** A single screen of an app. (stub; lifecycle follows) */
public class Activity extends ContextThemeWrapper {
    public Activity() {}

    protected void onCreate(Bundle savedInstanceState) {}
}
