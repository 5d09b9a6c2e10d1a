package android.view;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;

/** A View that contains other Views. */
public abstract class ViewGroup extends View implements ViewParent {
    public static class LayoutParams {
        @Deprecated public static final int FILL_PARENT = -1;
        public static final int MATCH_PARENT = -1;
        public static final int WRAP_CONTENT = -2;
        public int width;
        public int height;

        public LayoutParams(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public LayoutParams(LayoutParams source) {
            this.width = source.width;
            this.height = source.height;
        }
    }

    public static class MarginLayoutParams extends LayoutParams {
        public int leftMargin;
        public int topMargin;
        public int rightMargin;
        public int bottomMargin;

        public MarginLayoutParams(int width, int height) {
            super(width, height);
        }

        public MarginLayoutParams(MarginLayoutParams source) {
            super(source);
            leftMargin = source.leftMargin;
            topMargin = source.topMargin;
            rightMargin = source.rightMargin;
            bottomMargin = source.bottomMargin;
        }

        public MarginLayoutParams(LayoutParams source) {
            super(source);
        }

        public void setMargins(int left, int top, int right, int bottom) {
            leftMargin = left;
            topMargin = top;
            rightMargin = right;
            bottomMargin = bottom;
        }
    }

    private final List<View> mChildren = new ArrayList<>();

    public ViewGroup(Context context) {
        super(context);
    }

    protected LayoutParams generateDefaultLayoutParams() {
        return new LayoutParams(LayoutParams.WRAP_CONTENT, LayoutParams.WRAP_CONTENT);
    }

    public void addView(View child) {
        addView(child, -1);
    }

    public void addView(View child, int index) {
        LayoutParams params = child.getLayoutParams();
        if (params == null) params = generateDefaultLayoutParams();
        addView(child, index, params);
    }

    public void addView(View child, int width, int height) {
        LayoutParams params = generateDefaultLayoutParams();
        params.width = width;
        params.height = height;
        addView(child, -1, params);
    }

    public void addView(View child, LayoutParams params) {
        addView(child, -1, params);
    }

    public void addView(View child, int index, LayoutParams params) {
        if (child.mParent != null) {
            throw new IllegalStateException("The specified child already has a parent. You must call removeView() on the child's parent first.");
        }
        child.setLayoutParams(params);
        child.mParent = this;
        if (index < 0 || index > mChildren.size()) mChildren.add(child);
        else mChildren.add(index, child);
    }

    public void removeView(View view) {
        if (mChildren.remove(view)) view.mParent = null;
    }

    public void removeViewAt(int index) {
        View v = mChildren.remove(index);
        v.mParent = null;
    }

    public void removeAllViews() {
        for (View v : mChildren) v.mParent = null;
        mChildren.clear();
    }

    public int getChildCount() {
        return mChildren.size();
    }

    public View getChildAt(int index) {
        return index < 0 || index >= mChildren.size() ? null : mChildren.get(index);
    }

    public int indexOfChild(View child) {
        return mChildren.indexOf(child);
    }

    @Override
    View findViewTraversal(int id) {
        if (id == getId()) return this;
        for (View c : mChildren) {
            View v = c.findViewTraversal(id);
            if (v != null) return v;
        }
        return null;
    }

    @Override
    View findViewWithTagTraversal(Object tag) {
        View self = super.findViewWithTagTraversal(tag);
        if (self != null) return self;
        for (View c : mChildren) {
            View v = c.findViewWithTagTraversal(tag);
            if (v != null) return v;
        }
        return null;
    }

    @Override
    public View findFocus() {
        if (isFocused()) return this;
        for (View c : mChildren) {
            View f = c.findFocus();
            if (f != null) return f;
        }
        return null;
    }

    @Override
    public void clearChildFocus(View child) {}

    @Override
    public void requestChildFocus(View child, View focused) {}

    @Override
    public CharSequence getAccessibilityClassName() {
        return ViewGroup.class.getName();
    }
}
