package android.app;

/** A category of notifications of an app. */
public final class NotificationChannel {
    private final String mId;
    private CharSequence mName;
    private int mImportance;
    private String mDescription;

    public NotificationChannel(String id, CharSequence name, int importance) {
        mId = id;
        mName = name;
        mImportance = importance;
    }

    public String getId() {
        return mId;
    }

    public CharSequence getName() {
        return mName;
    }

    public void setName(CharSequence name) {
        mName = name;
    }

    public int getImportance() {
        return mImportance;
    }

    public void setImportance(int importance) {
        mImportance = importance;
    }

    public String getDescription() {
        return mDescription;
    }

    public void setDescription(String description) {
        mDescription = description;
    }
}
