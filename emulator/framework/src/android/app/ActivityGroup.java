package android.app;

/**
 * A screen that embeds other activities (deprecated since API 13, still platform API). The emulator runs no
 * embedded activities: there is no current child activity and no {@code LocalActivityManager}. SDKs reach it
 * through {@link TabActivity} checks on the activities they see.
 */
@Deprecated
public class ActivityGroup extends Activity {
    private final boolean mSingleActivityMode;

    public ActivityGroup() {
        this(true);
    }

    public ActivityGroup(boolean singleActivityMode) {
        mSingleActivityMode = singleActivityMode;
    }

    /** The embedded activity in front: none on the emulator. */
    public Activity getCurrentActivity() {
        return null;
    }
}
