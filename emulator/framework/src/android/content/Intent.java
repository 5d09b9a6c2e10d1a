package android.content;

import android.os.Bundle;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** A description of an operation: an action, a target component, categories, flags and extras. */
public class Intent implements Cloneable {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String ACTION_VIEW = "android.intent.action.VIEW";
    public static final String ACTION_SEND = "android.intent.action.SEND";
    public static final String ACTION_DIAL = "android.intent.action.DIAL";
    public static final String ACTION_CALL = "android.intent.action.CALL";
    public static final String ACTION_EDIT = "android.intent.action.EDIT";
    public static final String ACTION_PICK = "android.intent.action.PICK";
    public static final String ACTION_BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED";
    public static final String ACTION_LOCKED_BOOT_COMPLETED = "android.intent.action.LOCKED_BOOT_COMPLETED";
    public static final String ACTION_USER_PRESENT = "android.intent.action.USER_PRESENT";
    public static final String ACTION_SCREEN_ON = "android.intent.action.SCREEN_ON";
    public static final String ACTION_SCREEN_OFF = "android.intent.action.SCREEN_OFF";
    public static final String ACTION_PACKAGE_ADDED = "android.intent.action.PACKAGE_ADDED";
    public static final String ACTION_PACKAGE_REMOVED = "android.intent.action.PACKAGE_REMOVED";
    public static final String ACTION_BATTERY_CHANGED = "android.intent.action.BATTERY_CHANGED";
    public static final String ACTION_POWER_CONNECTED = "android.intent.action.ACTION_POWER_CONNECTED";
    public static final String ACTION_TIME_TICK = "android.intent.action.TIME_TICK";
    public static final String CATEGORY_DEFAULT = "android.intent.category.DEFAULT";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";
    public static final String CATEGORY_HOME = "android.intent.category.HOME";
    public static final String CATEGORY_BROWSABLE = "android.intent.category.BROWSABLE";
    public static final String EXTRA_TEXT = "android.intent.extra.TEXT";
    public static final String EXTRA_SUBJECT = "android.intent.extra.SUBJECT";
    public static final String EXTRA_PACKAGE_NAME = "android.intent.extra.PACKAGE_NAME";

    public static final int FLAG_ACTIVITY_NEW_TASK = 0x10000000;
    public static final int FLAG_ACTIVITY_SINGLE_TOP = 0x20000000;
    public static final int FLAG_ACTIVITY_CLEAR_TOP = 0x04000000;
    public static final int FLAG_ACTIVITY_CLEAR_TASK = 0x00008000;
    public static final int FLAG_ACTIVITY_NO_HISTORY = 0x40000000;
    public static final int FLAG_ACTIVITY_REORDER_TO_FRONT = 0x00020000;
    public static final int FLAG_ACTIVITY_NO_ANIMATION = 0x00010000;
    public static final int FLAG_INCLUDE_STOPPED_PACKAGES = 0x00000020;
    public static final int FLAG_RECEIVER_FOREGROUND = 0x10000000;

    private String mAction;
    private ComponentName mComponent;
    private String mPackage;
    private String mType;
    private int mFlags;
    private Set<String> mCategories;
    private Bundle mExtras;

    public Intent() {}

    public Intent(Intent o) {
        mAction = o.mAction;
        mComponent = o.mComponent;
        mPackage = o.mPackage;
        mType = o.mType;
        mFlags = o.mFlags;
        if (o.mCategories != null) mCategories = new LinkedHashSet<>(o.mCategories);
        if (o.mExtras != null) mExtras = new Bundle(o.mExtras);
    }

    public Intent(String action) {
        mAction = action;
    }

    public Intent(Context packageContext, Class<?> cls) {
        mComponent = new ComponentName(packageContext, cls);
    }

    @Override
    public Object clone() {
        return new Intent(this);
    }

    public Intent cloneFilter() {
        Intent i = new Intent();
        i.mAction = mAction;
        i.mComponent = mComponent;
        i.mPackage = mPackage;
        i.mType = mType;
        if (mCategories != null) i.mCategories = new LinkedHashSet<>(mCategories);
        return i;
    }

    public static Intent makeMainActivity(ComponentName mainActivity) {
        Intent i = new Intent(ACTION_MAIN);
        i.setComponent(mainActivity);
        i.addCategory(CATEGORY_LAUNCHER);
        return i;
    }

    public String getAction() {
        return mAction;
    }

    public Intent setAction(String action) {
        mAction = action;
        return this;
    }

    public String getType() {
        return mType;
    }

    public Intent setType(String type) {
        mType = type;
        return this;
    }

    public String getPackage() {
        return mPackage;
    }

    public Intent setPackage(String packageName) {
        mPackage = packageName;
        return this;
    }

    public ComponentName getComponent() {
        return mComponent;
    }

    public Intent setComponent(ComponentName component) {
        mComponent = component;
        return this;
    }

    public Intent setClassName(Context packageContext, String className) {
        mComponent = new ComponentName(packageContext, className);
        return this;
    }

    public Intent setClassName(String packageName, String className) {
        mComponent = new ComponentName(packageName, className);
        return this;
    }

    public Intent setClass(Context packageContext, Class<?> cls) {
        mComponent = new ComponentName(packageContext, cls);
        return this;
    }

    public int getFlags() {
        return mFlags;
    }

    public Intent setFlags(int flags) {
        mFlags = flags;
        return this;
    }

    public Intent addFlags(int flags) {
        mFlags |= flags;
        return this;
    }

    public void removeFlags(int flags) {
        mFlags &= ~flags;
    }

    public Intent addCategory(String category) {
        if (mCategories == null) mCategories = new LinkedHashSet<>();
        mCategories.add(category.intern());
        return this;
    }

    public void removeCategory(String category) {
        if (mCategories != null) mCategories.remove(category);
    }

    public boolean hasCategory(String category) {
        return mCategories != null && mCategories.contains(category);
    }

    public Set<String> getCategories() {
        return mCategories;
    }

    public Bundle getExtras() {
        return mExtras == null ? null : new Bundle(mExtras);
    }

    public boolean hasExtra(String name) {
        return mExtras != null && mExtras.containsKey(name);
    }

    public void removeExtra(String name) {
        if (mExtras != null) mExtras.remove(name);
    }

    private Bundle extras() {
        if (mExtras == null) mExtras = new Bundle();
        return mExtras;
    }

    public Intent putExtras(Bundle extras) {
        extras().putAll(extras);
        return this;
    }

    public Intent putExtras(Intent src) {
        if (src.mExtras != null) extras().putAll(src.mExtras);
        return this;
    }

    public Intent replaceExtras(Bundle extras) {
        mExtras = extras == null ? null : new Bundle(extras);
        return this;
    }

    public Intent putExtra(String name, boolean value) {
        extras().putBoolean(name, value);
        return this;
    }

    public Intent putExtra(String name, byte value) {
        extras().putByte(name, value);
        return this;
    }

    public Intent putExtra(String name, char value) {
        extras().putChar(name, value);
        return this;
    }

    public Intent putExtra(String name, short value) {
        extras().putShort(name, value);
        return this;
    }

    public Intent putExtra(String name, int value) {
        extras().putInt(name, value);
        return this;
    }

    public Intent putExtra(String name, long value) {
        extras().putLong(name, value);
        return this;
    }

    public Intent putExtra(String name, float value) {
        extras().putFloat(name, value);
        return this;
    }

    public Intent putExtra(String name, double value) {
        extras().putDouble(name, value);
        return this;
    }

    public Intent putExtra(String name, String value) {
        extras().putString(name, value);
        return this;
    }

    public Intent putExtra(String name, CharSequence value) {
        extras().putCharSequence(name, value);
        return this;
    }

    public Intent putExtra(String name, Serializable value) {
        extras().putSerializable(name, value);
        return this;
    }

    public Intent putExtra(String name, String[] value) {
        extras().putStringArray(name, value);
        return this;
    }

    public Intent putExtra(String name, int[] value) {
        extras().putIntArray(name, value);
        return this;
    }

    public Intent putExtra(String name, byte[] value) {
        extras().putByteArray(name, value);
        return this;
    }

    public Intent putExtra(String name, android.os.Parcelable value) {
        extras().putParcelable(name, value);
        return this;
    }

    /** @deprecated as on Android 13+: use {@link #getParcelableExtra(String, Class)}. */
    @Deprecated
    public <T extends android.os.Parcelable> T getParcelableExtra(String name) {
        return mExtras == null ? null : mExtras.<T>getParcelable(name);
    }

    public <T> T getParcelableExtra(String name, Class<T> clazz) {
        return mExtras == null ? null : mExtras.getParcelable(name, clazz);
    }

    public Intent putExtra(String name, Bundle value) {
        extras().putBundle(name, value);
        return this;
    }

    public Intent putStringArrayListExtra(String name, ArrayList<String> value) {
        extras().putStringArrayList(name, value);
        return this;
    }

    public boolean getBooleanExtra(String name, boolean defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getBoolean(name, defaultValue);
    }

    public int getIntExtra(String name, int defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getInt(name, defaultValue);
    }

    public long getLongExtra(String name, long defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getLong(name, defaultValue);
    }

    public float getFloatExtra(String name, float defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getFloat(name, defaultValue);
    }

    public double getDoubleExtra(String name, double defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getDouble(name, defaultValue);
    }

    public String getStringExtra(String name) {
        return mExtras == null ? null : mExtras.getString(name);
    }

    public CharSequence getCharSequenceExtra(String name) {
        return mExtras == null ? null : mExtras.getCharSequence(name);
    }

    @Deprecated
    public Serializable getSerializableExtra(String name) {
        return mExtras == null ? null : mExtras.getSerializable(name);
    }

    public String[] getStringArrayExtra(String name) {
        return mExtras == null ? null : mExtras.getStringArray(name);
    }

    public int[] getIntArrayExtra(String name) {
        return mExtras == null ? null : mExtras.getIntArray(name);
    }

    public byte[] getByteArrayExtra(String name) {
        return mExtras == null ? null : mExtras.getByteArray(name);
    }

    public Bundle getBundleExtra(String name) {
        return mExtras == null ? null : mExtras.getBundle(name);
    }

    public ArrayList<String> getStringArrayListExtra(String name) {
        return mExtras == null ? null : mExtras.getStringArrayList(name);
    }

    public boolean filterEquals(Intent other) {
        if (other == null) return false;
        return java.util.Objects.equals(mAction, other.mAction)
                && java.util.Objects.equals(mComponent, other.mComponent)
                && java.util.Objects.equals(mPackage, other.mPackage)
                && java.util.Objects.equals(mType, other.mType)
                && java.util.Objects.equals(mCategories, other.mCategories);
    }

    public int filterHashCode() {
        return java.util.Objects.hash(mAction, mComponent, mPackage, mType, mCategories);
    }

    public String toUri(int flags) {
        return toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Intent {");
        if (mAction != null) b.append(" act=").append(mAction);
        if (mCategories != null) b.append(" cat=").append(mCategories);
        if (mType != null) b.append(" typ=").append(mType);
        if (mFlags != 0) b.append(" flg=0x").append(Integer.toHexString(mFlags));
        if (mPackage != null) b.append(" pkg=").append(mPackage);
        if (mComponent != null) b.append(" cmp=").append(mComponent.flattenToShortString());
        if (mExtras != null) b.append(" (has extras)");
        return b.append(" }").toString();
    }
}
