package android.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Posts notifications: each notify() is a "notification" ui event (shown only with POST_NOTIFICATIONS). */
public class NotificationManager {
    public static final int IMPORTANCE_NONE = 0;
    public static final int IMPORTANCE_MIN = 1;
    public static final int IMPORTANCE_LOW = 2;
    public static final int IMPORTANCE_DEFAULT = 3;
    public static final int IMPORTANCE_HIGH = 4;

    private final Map<String, NotificationChannel> mChannels = new HashMap<>();

    NotificationManager() {}

    public void createNotificationChannel(NotificationChannel channel) {
        synchronized (mChannels) {
            mChannels.put(channel.getId(), channel);
        }
    }

    public void createNotificationChannels(List<NotificationChannel> channels) {
        for (NotificationChannel c : channels) createNotificationChannel(c);
    }

    public NotificationChannel getNotificationChannel(String channelId) {
        synchronized (mChannels) {
            return mChannels.get(channelId);
        }
    }

    public boolean areNotificationsEnabled() {
        return com.pimon.emulator.Permissions.isGranted("android.permission.POST_NOTIFICATIONS");
    }

    public void notify(int id, Notification notification) {
        notify(null, id, notification);
    }

    public void notify(String tag, int id, Notification notification) {
        com.pimon.emulator.Control.event("ui", "what", "notification", "notification_id", id, "tag", tag,
                "title", notification.mTitle == null ? null : notification.mTitle.toString(),
                "text", notification.mText == null ? null : notification.mText.toString(),
                "shown", areNotificationsEnabled());
    }

    public void cancel(int id) {}

    public void cancel(String tag, int id) {}

    public void cancelAll() {}
}
