package android.content;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Which Intents a receiver or activity accepts: actions and categories. */
public class IntentFilter {
    public static final int SYSTEM_HIGH_PRIORITY = 1000;
    public static final int SYSTEM_LOW_PRIORITY = -1000;

    private final List<String> actions = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private int priority;

    public IntentFilter() {}

    public IntentFilter(String action) {
        addAction(action);
    }

    public IntentFilter(IntentFilter o) {
        actions.addAll(o.actions);
        categories.addAll(o.categories);
        priority = o.priority;
    }

    public final void setPriority(int priority) {
        this.priority = priority;
    }

    public final int getPriority() {
        return priority;
    }

    public final void addAction(String action) {
        if (!actions.contains(action)) actions.add(action.intern());
    }

    public final int countActions() {
        return actions.size();
    }

    public final String getAction(int index) {
        return actions.get(index);
    }

    public final boolean hasAction(String action) {
        return action != null && actions.contains(action);
    }

    public final boolean matchAction(String action) {
        return hasAction(action);
    }

    public final Iterator<String> actionsIterator() {
        return actions.iterator();
    }

    public final void addCategory(String category) {
        if (!categories.contains(category)) categories.add(category.intern());
    }

    public final int countCategories() {
        return categories.size();
    }

    public final String getCategory(int index) {
        return categories.get(index);
    }

    public final boolean hasCategory(String category) {
        return categories.contains(category);
    }

    public final Iterator<String> categoriesIterator() {
        return categories.iterator();
    }

    public final String matchCategories(Set<String> categories) {
        if (categories == null) return null;
        for (String c : categories) {
            if (!this.categories.contains(c)) return c;
        }
        return null;
    }
}
