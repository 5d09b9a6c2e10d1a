package android.content.res;

import android.os.LocaleList;
import java.util.Locale;

/** The device configuration an app sees: a phone in portrait, normal long screen, the JVM's locale. */
public final class Configuration {
    public static final int ORIENTATION_UNDEFINED = 0;
    public static final int ORIENTATION_PORTRAIT = 1;
    public static final int ORIENTATION_LANDSCAPE = 2;
    public static final int SCREENLAYOUT_SIZE_MASK = 0x0f;
    public static final int SCREENLAYOUT_SIZE_UNDEFINED = 0x00;
    public static final int SCREENLAYOUT_SIZE_SMALL = 0x01;
    public static final int SCREENLAYOUT_SIZE_NORMAL = 0x02;
    public static final int SCREENLAYOUT_SIZE_LARGE = 0x03;
    public static final int SCREENLAYOUT_SIZE_XLARGE = 0x04;
    public static final int SCREENLAYOUT_LONG_MASK = 0x30;
    public static final int SCREENLAYOUT_LONG_NO = 0x10;
    public static final int SCREENLAYOUT_LONG_YES = 0x20;
    public static final int UI_MODE_TYPE_MASK = 0x0f;
    public static final int UI_MODE_TYPE_UNDEFINED = 0x00;
    public static final int UI_MODE_TYPE_NORMAL = 0x01;
    public static final int UI_MODE_TYPE_DESK = 0x02;
    public static final int UI_MODE_TYPE_CAR = 0x03;
    public static final int UI_MODE_TYPE_TELEVISION = 0x04;
    public static final int UI_MODE_TYPE_APPLIANCE = 0x05;
    public static final int UI_MODE_TYPE_WATCH = 0x06;
    public static final int UI_MODE_NIGHT_MASK = 0x30;
    public static final int UI_MODE_NIGHT_UNDEFINED = 0x00;
    public static final int UI_MODE_NIGHT_NO = 0x10;
    public static final int UI_MODE_NIGHT_YES = 0x20;

    public float fontScale;
    public int mcc;
    public int mnc;
    @Deprecated public Locale locale;
    public int screenLayout;
    public int uiMode;
    public int orientation;
    public int screenWidthDp;
    public int screenHeightDp;
    public int smallestScreenWidthDp;
    public int densityDpi;
    private LocaleList locales = LocaleList.getEmptyLocaleList();

    public Configuration() {
        setToDefaults();
    }

    public Configuration(Configuration o) {
        setTo(o);
    }

    public void setToDefaults() {
        fontScale = 1f;
        mcc = 460;
        mnc = 0;
        setLocale(Locale.getDefault());
        screenLayout = SCREENLAYOUT_SIZE_NORMAL | SCREENLAYOUT_LONG_YES;
        uiMode = UI_MODE_TYPE_NORMAL | UI_MODE_NIGHT_NO;
        orientation = ORIENTATION_PORTRAIT;
        densityDpi = 440;
        screenWidthDp = 1080 * 160 / 440;
        screenHeightDp = 1920 * 160 / 440;
        smallestScreenWidthDp = screenWidthDp;
    }

    public void setTo(Configuration o) {
        fontScale = o.fontScale;
        mcc = o.mcc;
        mnc = o.mnc;
        locale = o.locale;
        locales = o.locales;
        screenLayout = o.screenLayout;
        uiMode = o.uiMode;
        orientation = o.orientation;
        screenWidthDp = o.screenWidthDp;
        screenHeightDp = o.screenHeightDp;
        smallestScreenWidthDp = o.smallestScreenWidthDp;
        densityDpi = o.densityDpi;
    }

    public LocaleList getLocales() {
        return locales;
    }

    public void setLocales(LocaleList locales) {
        this.locales = locales == null ? LocaleList.getEmptyLocaleList() : locales;
        this.locale = this.locales.isEmpty() ? null : this.locales.get(0);
    }

    public void setLocale(Locale loc) {
        setLocales(loc == null ? LocaleList.getEmptyLocaleList() : new LocaleList(loc));
    }

    @Override
    public String toString() {
        return "{" + fontScale + " " + mcc + "mcc" + mnc + "mnc " + locales + " sw" + smallestScreenWidthDp + "dp w"
                + screenWidthDp + "dp h" + screenHeightDp + "dp " + densityDpi + "dpi}";
    }
}
