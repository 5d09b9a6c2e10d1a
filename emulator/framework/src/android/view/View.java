package android.view;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import java.util.HashMap;
import java.util.Map;

/** The basic building block of a user interface. */
public class View {
    public static final int NO_ID = -1;
    public static final int VISIBLE = 0x00000000;
    public static final int INVISIBLE = 0x00000004;
    public static final int GONE = 0x00000008;
    public static final int FOCUSABLE_AUTO = 0x00000010;
    public static final int FOCUSABLE = 0x00000001;
    public static final int NOT_FOCUSABLE = 0x00000000;
    public static final int FOCUS_UP = 0x00000021;
    public static final int FOCUS_DOWN = 0x00000082;

    public interface OnClickListener {
        void onClick(View v);
    }

    public interface OnLongClickListener {
        boolean onLongClick(View v);
    }

    public interface OnFocusChangeListener {
        void onFocusChange(View v, boolean hasFocus);
    }

    private final Context mContext;
    private int mId = NO_ID;
    private int mVisibility = VISIBLE;
    private boolean mClickable;
    private boolean mLongClickable;
    private boolean mEnabled = true;
    private boolean mFocusable;
    private boolean mFocused;
    private boolean mSelected;
    private CharSequence mContentDescription;
    private Object mTag;
    private Map<Integer, Object> mKeyedTags;
    private OnClickListener mOnClickListener;
    private OnLongClickListener mOnLongClickListener;
    private OnFocusChangeListener mOnFocusChangeListener;
    private ViewGroup.LayoutParams mLayoutParams;
    private int mPaddingLeft, mPaddingTop, mPaddingRight, mPaddingBottom;
    private int mLeft, mTop, mRight, mBottom;
    private int mMinHeight;
    private int mScrollX, mScrollY;
    ViewParent mParent;

    public View(Context context) {
        mContext = context;
    }

    public final Context getContext() {
        return mContext;
    }

    public int getId() {
        return mId;
    }

    public void setId(int id) {
        mId = id;
    }

    public static int generateViewId() {
        return com.pimon.emulator.Ids.generate();
    }

    public Object getTag() {
        return mTag;
    }

    public void setTag(Object tag) {
        mTag = tag;
    }

    public Object getTag(int key) {
        return mKeyedTags == null ? null : mKeyedTags.get(key);
    }

    public void setTag(int key, Object tag) {
        if (mKeyedTags == null) mKeyedTags = new HashMap<>();
        mKeyedTags.put(key, tag);
    }

    public int getVisibility() {
        return mVisibility;
    }

    public void setVisibility(int visibility) {
        mVisibility = visibility;
    }

    public boolean isShown() {
        View v = this;
        while (true) {
            if (v.mVisibility != VISIBLE) return false;
            ViewParent p = v.mParent;
            if (!(p instanceof View)) return true;
            v = (View) p;
        }
    }

    public boolean isClickable() {
        return mClickable;
    }

    public void setClickable(boolean clickable) {
        mClickable = clickable;
    }

    public boolean isLongClickable() {
        return mLongClickable;
    }

    public void setLongClickable(boolean longClickable) {
        mLongClickable = longClickable;
    }

    public boolean isEnabled() {
        return mEnabled;
    }

    public void setEnabled(boolean enabled) {
        mEnabled = enabled;
    }

    public final boolean isFocusable() {
        return mFocusable;
    }

    public void setFocusable(boolean focusable) {
        mFocusable = focusable;
    }

    public boolean isFocused() {
        return mFocused;
    }

    public boolean hasFocus() {
        return mFocused;
    }

    public final boolean requestFocus() {
        if (!mFocusable || mVisibility != VISIBLE) return false;
        View root = getRootView();
        clearFocusIn(root);
        mFocused = true;
        if (mOnFocusChangeListener != null) mOnFocusChangeListener.onFocusChange(this, true);
        return true;
    }

    private static void clearFocusIn(View v) {
        if (v.mFocused) {
            v.mFocused = false;
            if (v.mOnFocusChangeListener != null) v.mOnFocusChangeListener.onFocusChange(v, false);
        }
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = 0; i < g.getChildCount(); i++) clearFocusIn(g.getChildAt(i));
        }
    }

    public void clearFocus() {
        if (mFocused) {
            mFocused = false;
            if (mOnFocusChangeListener != null) mOnFocusChangeListener.onFocusChange(this, false);
        }
    }

    public View findFocus() {
        return mFocused ? this : null;
    }

    public boolean isSelected() {
        return mSelected;
    }

    public void setSelected(boolean selected) {
        mSelected = selected;
    }

    public CharSequence getContentDescription() {
        return mContentDescription;
    }

    public void setContentDescription(CharSequence contentDescription) {
        mContentDescription = contentDescription;
    }

    public CharSequence getAccessibilityClassName() {
        return View.class.getName();
    }

    public void setOnClickListener(OnClickListener l) {
        if (!mClickable) mClickable = true;
        mOnClickListener = l;
    }

    public boolean hasOnClickListeners() {
        return mOnClickListener != null;
    }

    public void setOnLongClickListener(OnLongClickListener l) {
        if (!mLongClickable) mLongClickable = true;
        mOnLongClickListener = l;
    }

    public void setOnFocusChangeListener(OnFocusChangeListener l) {
        mOnFocusChangeListener = l;
    }

    public OnFocusChangeListener getOnFocusChangeListener() {
        return mOnFocusChangeListener;
    }

    public boolean performClick() {
        if (mOnClickListener != null) {
            mOnClickListener.onClick(this);
            return true;
        }
        return false;
    }

    public boolean callOnClick() {
        return performClick();
    }

    public boolean performLongClick() {
        return mOnLongClickListener != null && mOnLongClickListener.onLongClick(this);
    }

    public ViewGroup.LayoutParams getLayoutParams() {
        return mLayoutParams;
    }

    public void setLayoutParams(ViewGroup.LayoutParams params) {
        if (params == null) throw new NullPointerException("Layout parameters cannot be null");
        mLayoutParams = params;
    }

    public void setPadding(int left, int top, int right, int bottom) {
        mPaddingLeft = left;
        mPaddingTop = top;
        mPaddingRight = right;
        mPaddingBottom = bottom;
    }

    public int getPaddingLeft() {
        return mPaddingLeft;
    }

    public int getPaddingTop() {
        return mPaddingTop;
    }

    public int getPaddingRight() {
        return mPaddingRight;
    }

    public int getPaddingBottom() {
        return mPaddingBottom;
    }

    public void layout(int l, int t, int r, int b) {
        mLeft = l;
        mTop = t;
        mRight = r;
        mBottom = b;
    }

    public final int getLeft() {
        return mLeft;
    }

    public final int getTop() {
        return mTop;
    }

    public final int getRight() {
        return mRight;
    }

    public final int getBottom() {
        return mBottom;
    }

    public final int getWidth() {
        return mRight - mLeft;
    }

    public final int getHeight() {
        return mBottom - mTop;
    }

    public final ViewParent getParent() {
        return mParent;
    }

    public View getRootView() {
        View v = this;
        while (v.mParent instanceof View) v = (View) v.mParent;
        return v;
    }

    @SuppressWarnings("unchecked")
    public final <T extends View> T findViewById(int id) {
        if (id == NO_ID) return null;
        return (T) findViewTraversal(id);
    }

    View findViewTraversal(int id) {
        return id == mId ? this : null;
    }

    @SuppressWarnings("unchecked")
    public final <T extends View> T findViewWithTag(Object tag) {
        return (T) findViewWithTagTraversal(tag);
    }

    View findViewWithTagTraversal(Object tag) {
        return tag != null && tag.equals(mTag) ? this : null;
    }

    public boolean post(Runnable action) {
        return new Handler(Looper.getMainLooper()).post(action);
    }

    public boolean postDelayed(Runnable action, long delayMillis) {
        return new Handler(Looper.getMainLooper()).postDelayed(action, delayMillis);
    }

    public boolean removeCallbacks(Runnable action) {
        new Handler(Looper.getMainLooper()).removeCallbacks(action);
        return true;
    }

    public Handler getHandler() {
        return new Handler(Looper.getMainLooper());
    }

    public void scrollTo(int x, int y) {
        mScrollX = x;
        mScrollY = y;
    }

    public void scrollBy(int x, int y) {
        scrollTo(mScrollX + x, mScrollY + y);
    }

    public final int getScrollX() {
        return mScrollX;
    }

    public final int getScrollY() {
        return mScrollY;
    }

    public void invalidate() {}

    public void requestLayout() {}

    public boolean isLayoutRequested() {
        return false;
    }

    public void setBackgroundColor(int color) {}

    public void setBackgroundResource(int resid) {}

    public void setAlpha(float alpha) {}

    public void setMinimumHeight(int minHeight) {
        mMinHeight = minHeight;
    }

    public int getMinimumHeight() {
        return mMinHeight;
    }

    public void setMinimumWidth(int minWidth) {}

    @Override
    public String toString() {
        // As Android's View.toString: class, identity, bounds (l,t-r,b) and id; TextView adds its text.
        return getClass().getName() + "{" + Integer.toHexString(System.identityHashCode(this)) + " " + mLeft + ","
                + mTop + "-" + mRight + "," + mBottom + " id=" + mId + textOf(this) + "}";
    }

    /** A TextView's text for toString (quoted, first 200 chars), through its public getText(). */
    private static String textOf(View v) {
        if (!(v instanceof android.widget.TextView)) return "";
        CharSequence t = ((android.widget.TextView) v).getText();
        if (t == null) return "";
        String text = t.toString();
        if (text.length() > 200) text = text.substring(0, 200);
        return " text=\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
