package com.pimon.emulator;

import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.Checkable;
import android.widget.CompoundButton;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Lays windows out on the 1080x1920 screen, writes uiautomator XML, and hit-tests taps. */
public final class UiTree {
    public static final int WIDTH = 1080;
    public static final int HEIGHT = 1920;
    private static final int UNBOUNDED = 1 << 20;

    /** A window on screen, bottom to top; [l,t,r,b] is where its root is placed. */
    public static final class Win {
        final View root;
        final String pkg;
        final Object owner;
        final boolean modal;
        final int l, t, r, b;

        public Win(View root, String pkg, Object owner, boolean modal, int l, int t, int r, int b) {
            this.root = root;
            this.pkg = pkg;
            this.owner = owner;
            this.modal = modal;
            this.l = l;
            this.t = t;
            this.r = r;
            this.b = b;
        }
    }

    /** Visible screen rectangles of laid-out views. */
    private final Map<View, int[]> visible = new IdentityHashMap<>();
    private final List<Win> windows;

    public UiTree(List<Win> windows) {
        this.windows = windows;
        for (Win w : windows) {
            int h = layout(w.root, w.l, w.t, w.r - w.l, w.b - w.t, true);
            clip(w.root, new int[] {w.l, w.t, w.r, Math.min(w.b, w.t + h)});
        }
    }

    /** The natural height of a dialog's content at this width (for centering it). */
    public static int measure(View root, int width) {
        return layout(root, 0, 0, width, UNBOUNDED, false);
    }

    private static int charUnits(CharSequence s, float size) {
        int u = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            u += c < 0x2E80 ? Math.round(size * 1.4f) : Math.round(size * 2.7f);
        }
        return u;
    }

    private static int textHeight(TextView tv, int width) {
        float size = tv.getTextSize();
        int lineH = Math.round(size * 3.1f);
        int avail = Math.max(1, width - tv.getPaddingLeft() - tv.getPaddingRight() - (tv instanceof CompoundButton ? 96 : 0));
        int lines = 0;
        for (String para : tv.getText().toString().split("\n", -1)) {
            lines += Math.max(1, (charUnits(para, size) + avail - 1) / avail);
        }
        int h = lines * lineH + tv.getPaddingTop() + tv.getPaddingBottom() + 12;
        if (tv instanceof Button || tv instanceof EditText) h = Math.max(h, 144);
        return h;
    }

    private static int naturalWidth(View v, int avail) {
        if (v instanceof TextView) {
            TextView tv = (TextView) v;
            int w = charUnits(tv.getText(), tv.getTextSize()) + tv.getPaddingLeft() + tv.getPaddingRight() + 24;
            if (v instanceof CompoundButton) w += 96;
            if (v instanceof Button) w = Math.max(w + 72, 264);
            return Math.min(avail, w);
        }
        return avail;
    }

    private static int childWidth(View c, int avail) {
        ViewGroup.LayoutParams lp = c.getLayoutParams();
        if (lp == null || lp.width == ViewGroup.LayoutParams.MATCH_PARENT) return avail;
        if (lp.width == ViewGroup.LayoutParams.WRAP_CONTENT) return naturalWidth(c, avail);
        return Math.min(avail, lp.width);
    }

    private static int[] margins(View c) {
        ViewGroup.LayoutParams lp = c.getLayoutParams();
        if (lp instanceof ViewGroup.MarginLayoutParams) {
            ViewGroup.MarginLayoutParams m = (ViewGroup.MarginLayoutParams) lp;
            return new int[] {m.leftMargin, m.topMargin, m.rightMargin, m.bottomMargin};
        }
        return new int[4];
    }

    /** Lays v out at (l,t) with width w and at most maxH; returns its height. */
    private static int layout(View v, int l, int t, int w, int maxH, boolean place) {
        if (v.getVisibility() == View.GONE) {
            if (place) v.layout(l, t, l, t);
            return 0;
        }
        ViewGroup.LayoutParams lp = v.getLayoutParams();
        int content;
        int pl = v.getPaddingLeft(), pt = v.getPaddingTop(), pr = v.getPaddingRight(), pb = v.getPaddingBottom();
        int inner = Math.max(0, w - pl - pr);
        if (v instanceof TextView) {
            content = textHeight((TextView) v, w);
        } else if (v instanceof LinearLayout && ((LinearLayout) v).getOrientation() == LinearLayout.HORIZONTAL) {
            content = pt + pb + layoutRow((ViewGroup) v, l + pl, t + pt, inner, maxH - pt - pb, place);
        } else if (v instanceof ScrollView) {
            int inside = layoutColumn((ViewGroup) v, l + pl, t + pt, inner, UNBOUNDED, false, true);
            content = pt + pb + inside;
            if (place) {
                int h = lp != null && lp.height == ViewGroup.LayoutParams.MATCH_PARENT && maxH < UNBOUNDED ? maxH
                        : lp != null && lp.height >= 0 ? lp.height : content;
                int viewport = Math.max(0, Math.min(h, maxH) - pt - pb);
                int sy = Math.max(0, Math.min(v.getScrollY(), inside - viewport));
                v.scrollTo(0, sy);
                layoutColumn((ViewGroup) v, l + pl, t + pt - sy, inner, UNBOUNDED, true, true);
            }
        } else if (v instanceof LinearLayout) {
            content = pt + pb + layoutColumn((ViewGroup) v, l + pl, t + pt, inner, maxH - pt - pb, place, false);
        } else if (v instanceof ViewGroup) {
            content = pt + pb + layoutColumn((ViewGroup) v, l + pl, t + pt, inner, maxH - pt - pb, place, true);
        } else {
            content = pt + pb;
        }
        content = Math.max(content, v.getMinimumHeight());
        int h;
        if (lp != null && lp.height == ViewGroup.LayoutParams.MATCH_PARENT && maxH < UNBOUNDED) h = maxH;
        else if (lp != null && lp.height >= 0) h = lp.height;
        else h = content;
        h = Math.max(0, Math.min(h, maxH));
        if (place) v.layout(l, t, l + w, t + h);
        return h;
    }

    /**
     * Caps for the children of a column that is taller than its room: scrollable children give up
     * height first (as an AlertDialog's message scrolls while its buttons stay visible).
     */
    private static int[] columnCaps(ViewGroup g, int w, int maxH) {
        int n = g.getChildCount();
        int[] caps = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            View c = g.getChildAt(i);
            int[] m = margins(c);
            caps[i] = layout(c, 0, 0, childWidth(c, Math.max(0, w - m[0] - m[2])), UNBOUNDED, false);
            total += caps[i] + m[1] + m[3];
        }
        int overflow = total - maxH;
        for (int i = n - 1; i >= 0 && overflow > 0; i--) {
            if (!(g.getChildAt(i) instanceof ScrollView)) continue;
            int give = Math.min(overflow, caps[i]);
            caps[i] -= give;
            overflow -= give;
        }
        return overflow < total - maxH ? caps : null;
    }

    private static int layoutColumn(ViewGroup g, int l, int t, int w, int maxH, boolean place, boolean stacked) {
        int y = 0;
        int tallest = 0;
        int[] caps = !stacked && maxH < UNBOUNDED ? columnCaps(g, w, maxH) : null;
        for (int i = 0; i < g.getChildCount(); i++) {
            View c = g.getChildAt(i);
            int[] m = margins(c);
            int cw = childWidth(c, Math.max(0, w - m[0] - m[2]));
            int top = stacked ? m[1] : y + m[1];
            int room = Math.max(0, maxH - top - m[3]);
            int ch = layout(c, l + m[0], t + top, cw, caps != null ? Math.min(room, caps[i]) : room, place);
            tallest = Math.max(tallest, top + ch + m[3]);
            if (!stacked) y = top + ch + m[3];
        }
        return stacked ? tallest : y;
    }

    private static int layoutRow(ViewGroup g, int l, int t, int w, int maxH, boolean place) {
        int n = g.getChildCount();
        int[] widths = new int[n];
        float weights = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            View c = g.getChildAt(i);
            if (c.getVisibility() == View.GONE) continue;
            int[] m = margins(c);
            float wt = c.getLayoutParams() instanceof LinearLayout.LayoutParams ? ((LinearLayout.LayoutParams) c.getLayoutParams()).weight : 0;
            if (wt > 0) {
                weights += wt;
                widths[i] = 0;
            } else {
                widths[i] = childWidth(c, Math.max(0, w - used - m[0] - m[2]));
            }
            used += widths[i] + m[0] + m[2];
        }
        int spare = Math.max(0, w - used);
        int x = 0;
        int tallest = 0;
        for (int i = 0; i < n; i++) {
            View c = g.getChildAt(i);
            int[] m = margins(c);
            float wt = c.getLayoutParams() instanceof LinearLayout.LayoutParams ? ((LinearLayout.LayoutParams) c.getLayoutParams()).weight : 0;
            if (wt > 0 && c.getVisibility() != View.GONE) widths[i] = Math.round(spare * wt / weights);
            int ch = layout(c, l + x + m[0], t + m[1], widths[i], Math.max(0, maxH - m[1] - m[3]), place);
            tallest = Math.max(tallest, ch + m[1] + m[3]);
            x += widths[i] + m[0] + m[2];
        }
        return tallest;
    }

    private void clip(View v, int[] parent) {
        if (v.getVisibility() != View.VISIBLE) return;
        int[] r = {Math.max(parent[0], v.getLeft()), Math.max(parent[1], v.getTop()),
            Math.min(parent[2], v.getRight()), Math.min(parent[3], v.getBottom())};
        if (r[0] >= r[2] || r[1] >= r[3]) return;
        visible.put(v, r);
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = 0; i < g.getChildCount(); i++) clip(g.getChildAt(i), r);
        }
    }

    /** The uiautomator XML of the screen. */
    public String dumpXml() {
        StringBuilder b = new StringBuilder("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n<hierarchy rotation=\"0\">");
        int index = 0;
        for (Win w : windows) {
            if (visible.containsKey(w.root)) node(b, w.root, w.pkg, index++);
        }
        return b.append("</hierarchy>").toString();
    }

    private void node(StringBuilder b, View v, String pkg, int index) {
        int[] r = visible.get(v);
        String text = v instanceof TextView ? ((TextView) v).getText().toString() : "";
        boolean password = v instanceof EditText && isPassword(((EditText) v).getInputType());
        if (password) text = "•".repeat(text.length());
        CharSequence desc = v.getContentDescription();
        b.append("<node index=\"").append(index).append('"');
        attr(b, "text", text);
        attr(b, "resource-id", Ids.resourceName(v.getId(), pkg));
        attr(b, "class", String.valueOf(v.getAccessibilityClassName()));
        attr(b, "package", pkg);
        attr(b, "content-desc", desc == null ? "" : desc.toString());
        attr(b, "checkable", String.valueOf(v instanceof Checkable));
        attr(b, "checked", String.valueOf(v instanceof Checkable && ((Checkable) v).isChecked()));
        attr(b, "clickable", String.valueOf(v.isClickable()));
        attr(b, "enabled", String.valueOf(v.isEnabled()));
        attr(b, "focusable", String.valueOf(v.isFocusable()));
        attr(b, "focused", String.valueOf(v.isFocused()));
        attr(b, "scrollable", String.valueOf(v instanceof ScrollView));
        attr(b, "long-clickable", String.valueOf(v.isLongClickable()));
        attr(b, "password", String.valueOf(password));
        attr(b, "selected", String.valueOf(v.isSelected()));
        attr(b, "bounds", "[" + r[0] + "," + r[1] + "][" + r[2] + "," + r[3] + "]");
        int shown = 0;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int k = 0; k < g.getChildCount(); k++) {
                View c = g.getChildAt(k);
                if (!visible.containsKey(c)) continue;
                if (shown == 0) b.append('>');
                node(b, c, pkg, shown++);
            }
        }
        b.append(shown == 0 ? " />" : "</node>");
    }

    private static boolean isPassword(int type) {
        int variation = type & 0xff0;
        return variation == 0x80 || variation == 0xe0 || ((type & 0xf) == 2 && variation == 0x10);
    }

    private static void attr(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\n': b.append("&#10;"); break;
                case '\r': b.append("&#13;"); break;
                case '\t': b.append("&#9;"); break;
                default:
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) b.append(' ');
                    else b.append(c);
            }
        }
        b.append('"');
    }

    /** The topmost window at (x,y) in z-order, honoring modality; null if none. */
    public Win windowAt(int x, int y) {
        for (int i = windows.size() - 1; i >= 0; i--) {
            Win w = windows.get(i);
            int[] r = visible.get(w.root);
            boolean inside = r != null && x >= r[0] && x < r[2] && y >= r[1] && y < r[3];
            if (inside || w.modal) return w;
        }
        return null;
    }

    /** Whether (x,y) lies inside the window's root. */
    public boolean inside(Win w, int x, int y) {
        int[] r = visible.get(w.root);
        return r != null && x >= r[0] && x < r[2] && y >= r[1] && y < r[3];
    }

    /** The deepest enabled, clickable view of this window under (x,y); null if none. */
    public View clickableAt(Win w, int x, int y) {
        View deepest = deepestAt(w.root, x, y);
        for (View v = deepest; v != null; v = v.getParent() instanceof View ? (View) v.getParent() : null) {
            if (v.isClickable() && v.isEnabled()) return v;
        }
        return null;
    }

    private View deepestAt(View v, int x, int y) {
        int[] r = visible.get(v);
        if (r == null || x < r[0] || x >= r[2] || y < r[1] || y >= r[3]) return null;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = g.getChildCount() - 1; i >= 0; i--) {
                View hit = deepestAt(g.getChildAt(i), x, y);
                if (hit != null) return hit;
            }
        }
        return v;
    }

    /** Scrolls the innermost ScrollView under (x,y) of the window there by dy; whether one was found. */
    public boolean scrollAt(int x, int y, int dy) {
        Win w = windowAt(x, y);
        if (w == null || !inside(w, x, y)) return false;
        for (View v = deepestAt(w.root, x, y); v != null; v = v.getParent() instanceof View ? (View) v.getParent() : null) {
            if (v instanceof ScrollView) {
                v.scrollBy(0, dy);
                return true;
            }
        }
        return false;
    }

    public static String describe(View v) {
        String text = v instanceof TextView ? ((TextView) v).getText().toString() : "";
        return v.getAccessibilityClassName() + (text.isEmpty() ? "" : " \"" + text + "\"");
    }

    static boolean isCheckBox(View v) {
        return v instanceof CheckBox;
    }
}
