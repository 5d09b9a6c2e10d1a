package android.content;

import android.net.Uri;
import java.util.ArrayList;
import java.util.List;

/** Clipped data: a description and one or more items. */
public class ClipData {
    private final ClipDescription description;
    private final List<Item> items = new ArrayList<>();

    public ClipData(CharSequence label, String[] mimeTypes, Item item) {
        this(new ClipDescription(label, mimeTypes), item);
    }

    public ClipData(ClipDescription description, Item item) {
        if (item == null) throw new NullPointerException("item is null");
        this.description = description;
        items.add(item);
    }

    public ClipData(ClipData other) {
        this.description = other.description;
        items.addAll(other.items);
    }

    public static ClipData newPlainText(CharSequence label, CharSequence text) {
        return new ClipData(label, new String[] {ClipDescription.MIMETYPE_TEXT_PLAIN}, new Item(text));
    }

    public static ClipData newHtmlText(CharSequence label, CharSequence text, String htmlText) {
        return new ClipData(label, new String[] {ClipDescription.MIMETYPE_TEXT_HTML}, new Item(text, htmlText));
    }

    public static ClipData newRawUri(CharSequence label, Uri uri) {
        return new ClipData(label, new String[] {ClipDescription.MIMETYPE_TEXT_URILIST}, new Item(uri));
    }

    public ClipDescription getDescription() {
        return description;
    }

    public void addItem(Item item) {
        items.add(item);
    }

    public int getItemCount() {
        return items.size();
    }

    public Item getItemAt(int index) {
        return items.get(index);
    }

    @Override
    public String toString() {
        return "ClipData { " + description + " " + items + " }";
    }

    /** One item: text, HTML text, an Intent or a Uri. */
    public static class Item {
        private final CharSequence text;
        private final String htmlText;
        private final Intent intent;
        private final Uri uri;

        public Item(CharSequence text) {
            this(text, null, null, null);
        }

        public Item(CharSequence text, String htmlText) {
            this(text, htmlText, null, null);
        }

        public Item(Intent intent) {
            this(null, null, intent, null);
        }

        public Item(Uri uri) {
            this(null, null, null, uri);
        }

        public Item(CharSequence text, Intent intent, Uri uri) {
            this(text, null, intent, uri);
        }

        public Item(CharSequence text, String htmlText, Intent intent, Uri uri) {
            this.text = text;
            this.htmlText = htmlText;
            this.intent = intent;
            this.uri = uri;
        }

        public CharSequence getText() {
            return text;
        }

        public String getHtmlText() {
            return htmlText;
        }

        public Intent getIntent() {
            return intent;
        }

        public Uri getUri() {
            return uri;
        }

        public CharSequence coerceToText(Context context) {
            if (text != null) return text;
            if (uri != null) return uri.toString();
            if (intent != null) return intent.toString();
            return "";
        }

        @Override
        public String toString() {
            return "ClipData.Item { " + (text != null ? "T:" + text : uri != null ? "U:" + uri : "NULL") + " }";
        }
    }
}
