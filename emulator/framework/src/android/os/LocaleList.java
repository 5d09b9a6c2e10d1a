package android.os;

import java.util.Arrays;
import java.util.Locale;

/** An immutable, ordered list of locales (the user's preference order). */
public final class LocaleList {
    private static final LocaleList EMPTY = new LocaleList();
    private final Locale[] list;

    public LocaleList(Locale... list) {
        this.list = list.clone();
    }

    public static LocaleList getEmptyLocaleList() {
        return EMPTY;
    }

    public static LocaleList getDefault() {
        return new LocaleList(Locale.getDefault());
    }

    public static LocaleList getAdjustedDefault() {
        return getDefault();
    }

    public static LocaleList forLanguageTags(String list) {
        if (list == null || list.isEmpty()) return EMPTY;
        return new LocaleList(Arrays.stream(list.split(",")).map(Locale::forLanguageTag).toArray(Locale[]::new));
    }

    public Locale get(int index) {
        return 0 <= index && index < list.length ? list[index] : null;
    }

    public boolean isEmpty() {
        return list.length == 0;
    }

    public int size() {
        return list.length;
    }

    public int indexOf(Locale locale) {
        return Arrays.asList(list).indexOf(locale);
    }

    public String toLanguageTags() {
        return String.join(",", Arrays.stream(list).map(Locale::toLanguageTag).toArray(String[]::new));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocaleList && Arrays.equals(list, ((LocaleList) other).list);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(list);
    }

    @Override
    public String toString() {
        return Arrays.toString(list);
    }
}
