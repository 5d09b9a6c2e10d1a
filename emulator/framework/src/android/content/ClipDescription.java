package android.content;

/** Label and MIME types of a {@link ClipData}. */
public class ClipDescription {
    public static final String MIMETYPE_TEXT_PLAIN = "text/plain";
    public static final String MIMETYPE_TEXT_HTML = "text/html";
    public static final String MIMETYPE_TEXT_URILIST = "text/uri-list";
    public static final String MIMETYPE_TEXT_INTENT = "text/vnd.android.intent";

    private final CharSequence label;
    private final String[] mimeTypes;

    public ClipDescription(CharSequence label, String[] mimeTypes) {
        if (mimeTypes == null) throw new NullPointerException("mimeTypes is null");
        this.label = label;
        this.mimeTypes = mimeTypes.clone();
    }

    public ClipDescription(ClipDescription o) {
        this(o.label, o.mimeTypes);
    }

    public CharSequence getLabel() {
        return label;
    }

    public boolean hasMimeType(String mimeType) {
        for (String m : mimeTypes) {
            if (compareMimeTypes(m, mimeType)) return true;
        }
        return false;
    }

    public int getMimeTypeCount() {
        return mimeTypes.length;
    }

    public String getMimeType(int index) {
        return mimeTypes[index];
    }

    public long getTimestamp() {
        return 0L;
    }

    public static boolean compareMimeTypes(String concreteType, String desiredType) {
        if (desiredType.equals("*/*")) return true;
        if (desiredType.endsWith("/*")) return concreteType.startsWith(desiredType.substring(0, desiredType.length() - 1));
        return concreteType.equals(desiredType);
    }

    @Override
    public String toString() {
        return "ClipDescription { " + String.join(" ", mimeTypes) + " }";
    }
}
