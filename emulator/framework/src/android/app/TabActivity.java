package android.app;

/**
 * An activity group with tabs (deprecated since API 13, still platform API; JCore's page analytics cast the
 * activities it sees to it). The emulator has no {@code TabHost}: the default tab is remembered only.
 */
@Deprecated
public class TabActivity extends ActivityGroup {
    private String mDefaultTab;
    private int mDefaultTabIndex = -1;

    public TabActivity() {}

    public void setDefaultTab(String tag) {
        mDefaultTab = tag;
        mDefaultTabIndex = -1;
    }

    public void setDefaultTab(int index) {
        mDefaultTab = null;
        mDefaultTabIndex = index;
    }
}
