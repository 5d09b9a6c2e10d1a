package com.pimon.emulator;

import android.content.Context;
import android.view.View;
import android.view.ViewGroup;
import android.view.Window;
import android.widget.FrameLayout;

/** The window of an activity or dialog: a decor FrameLayout holding the content FrameLayout. */
public final class SimpleWindow extends Window {
    private final FrameLayout decor;
    private final FrameLayout content;
    private CharSequence title;

    /** An activity window leaves room for the status bar (63 px) and navigation bar (126 px). */
    public SimpleWindow(Context context, boolean activity) {
        super(context);
        decor = new FrameLayout(context);
        if (activity) decor.setPadding(0, 63, 0, 126);
        decor.setLayoutParams(new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                activity ? ViewGroup.LayoutParams.MATCH_PARENT : ViewGroup.LayoutParams.WRAP_CONTENT));
        content = new FrameLayout(context);
        content.setId(android.R.id.content);
        decor.addView(content);
    }

    @Override
    public View getDecorView() {
        return decor;
    }

    @Override
    public View peekDecorView() {
        return decor;
    }

    /** The content frame (android:id/content). */
    public FrameLayout content() {
        return content;
    }

    @Override
    public void setContentView(View view) {
        setContentView(view, view.getLayoutParams() != null ? view.getLayoutParams()
                : new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.MATCH_PARENT));
    }

    @Override
    public void setContentView(View view, ViewGroup.LayoutParams params) {
        content.removeAllViews();
        if (view.getParent() instanceof ViewGroup) ((ViewGroup) view.getParent()).removeView(view);
        content.addView(view, params);
    }

    @Override
    public void setTitle(CharSequence title) {
        this.title = title;
    }

    public CharSequence title() {
        return title;
    }
}
