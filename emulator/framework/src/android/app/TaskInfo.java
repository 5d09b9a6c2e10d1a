package android.app;

import android.content.ComponentName;
import android.content.Intent;

/** A task's state (base of RunningTaskInfo and RecentTaskInfo). */
public class TaskInfo {
    public int taskId;
    public boolean isRunning;
    public Intent baseIntent;
    public ComponentName baseActivity;
    public ComponentName topActivity;
    public ComponentName origActivity;
    public int numActivities;

    TaskInfo() {}

    public boolean isVisible() {
        return isRunning;
    }

    @Override
    public String toString() {
        return "TaskInfo{taskId=" + taskId + " baseActivity=" + baseActivity + " topActivity=" + topActivity + "}";
    }
}
