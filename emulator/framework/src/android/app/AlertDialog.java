package android.app;

import android.content.Context;
import android.content.DialogInterface;
import android.view.View;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;

/** A dialog with a title, a message or custom view, items, and up to three buttons. */
public class AlertDialog extends Dialog implements DialogInterface {
    public static class Builder {
        private final Context mContext;
        private CharSequence mTitle;
        private CharSequence mMessage;
        private View mView;
        private boolean mCancelable = true;
        private final CharSequence[] mButtonText = new CharSequence[3];
        private final OnClickListener[] mButtonListener = new OnClickListener[3];
        private OnCancelListener mOnCancelListener;
        private OnDismissListener mOnDismissListener;
        private CharSequence[] mItems;
        private OnClickListener mItemsListener;
        private boolean[] mCheckedItems;
        private OnMultiChoiceClickListener mMultiChoiceListener;

        public Builder(Context context) {
            mContext = context;
        }

        public Builder(Context context, int themeResId) {
            mContext = context;
        }

        public Context getContext() {
            return mContext;
        }

        public Builder setTitle(CharSequence title) {
            mTitle = title;
            return this;
        }

        public Builder setMessage(CharSequence message) {
            mMessage = message;
            return this;
        }

        public Builder setView(View view) {
            mView = view;
            return this;
        }

        public Builder setCancelable(boolean cancelable) {
            mCancelable = cancelable;
            return this;
        }

        public Builder setPositiveButton(CharSequence text, OnClickListener listener) {
            mButtonText[0] = text;
            mButtonListener[0] = listener;
            return this;
        }

        public Builder setNegativeButton(CharSequence text, OnClickListener listener) {
            mButtonText[1] = text;
            mButtonListener[1] = listener;
            return this;
        }

        public Builder setNeutralButton(CharSequence text, OnClickListener listener) {
            mButtonText[2] = text;
            mButtonListener[2] = listener;
            return this;
        }

        public Builder setOnCancelListener(OnCancelListener onCancelListener) {
            mOnCancelListener = onCancelListener;
            return this;
        }

        public Builder setOnDismissListener(OnDismissListener onDismissListener) {
            mOnDismissListener = onDismissListener;
            return this;
        }

        public Builder setItems(CharSequence[] items, OnClickListener listener) {
            mItems = items;
            mItemsListener = listener;
            return this;
        }

        public Builder setMultiChoiceItems(CharSequence[] items, boolean[] checkedItems, OnMultiChoiceClickListener listener) {
            mItems = items;
            mCheckedItems = checkedItems;
            mMultiChoiceListener = listener;
            return this;
        }

        public AlertDialog create() {
            AlertDialog d = new AlertDialog(mContext);
            d.setTitle(mTitle);
            d.setMessage(mMessage);
            d.setView(mView);
            d.setCancelable(mCancelable);
            d.setOnCancelListener(mOnCancelListener);
            d.setOnDismissListener(mOnDismissListener);
            for (int i = 0; i < 3; i++) {
                if (mButtonText[i] != null) d.setButton(-1 - i, mButtonText[i], mButtonListener[i]);
            }
            d.mItems = mItems;
            d.mItemsListener = mItemsListener;
            d.mCheckedItems = mCheckedItems;
            d.mMultiChoiceListener = mMultiChoiceListener;
            return d;
        }

        public AlertDialog show() {
            AlertDialog d = create();
            d.show();
            return d;
        }
    }

    private CharSequence mMessage;
    private View mView;
    private final CharSequence[] mButtonText = new CharSequence[3];
    private final OnClickListener[] mButtonListener = new OnClickListener[3];
    private final Button[] mButtons = new Button[3];
    CharSequence[] mItems;
    OnClickListener mItemsListener;
    boolean[] mCheckedItems;
    OnMultiChoiceClickListener mMultiChoiceListener;
    private boolean mBuilt;

    protected AlertDialog(Context context) {
        super(context, 0);
    }

    protected AlertDialog(Context context, int themeResId) {
        super(context, themeResId);
    }

    public void setMessage(CharSequence message) {
        mMessage = message;
        if (mBuilt) rebuild();
    }

    public void setView(View view) {
        mView = view;
    }

    public void setButton(int whichButton, CharSequence text, OnClickListener listener) {
        int i = -1 - whichButton;
        if (i < 0 || i > 2) throw new IllegalArgumentException("Button does not exist");
        mButtonText[i] = text;
        mButtonListener[i] = listener;
    }

    public Button getButton(int whichButton) {
        int i = -1 - whichButton;
        return i < 0 || i > 2 ? null : mButtons[i];
    }

    @Override
    protected void onCreate(android.os.Bundle savedInstanceState) {
        rebuild();
    }

    private void rebuild() {
        mBuilt = true;
        Context ctx = getContext();
        LinearLayout panel = new LinearLayout(ctx);
        panel.setOrientation(LinearLayout.VERTICAL);
        panel.setId(android.R.id.primary);
        panel.setPadding(48, 48, 48, 24);
        if (mTitle != null) {
            TextView title = new TextView(ctx);
            title.setId(com.pimon.emulator.Ids.systemId("android", "alertTitle"));
            title.setText(mTitle);
            title.setTextSize(20f);
            panel.addView(title);
        }
        if (mMessage != null) {
            ScrollView scroll = new ScrollView(ctx);
            TextView message = new TextView(ctx);
            message.setId(android.R.id.message);
            message.setText(mMessage);
            scroll.addView(message);
            panel.addView(scroll);
        }
        if (mItems != null) {
            for (int i = 0; i < mItems.length; i++) {
                final int which = i;
                if (mMultiChoiceListener != null || mCheckedItems != null) {
                    CheckBox cb = new CheckBox(ctx);
                    cb.setId(android.R.id.text1);
                    cb.setText(mItems[i]);
                    cb.setChecked(mCheckedItems != null && mCheckedItems[i]);
                    cb.setOnClickListener(v -> {
                        if (mCheckedItems != null) mCheckedItems[which] = cb.isChecked();
                        if (mMultiChoiceListener != null) mMultiChoiceListener.onClick(this, which, cb.isChecked());
                    });
                    panel.addView(cb);
                } else {
                    TextView item = new TextView(ctx);
                    item.setId(android.R.id.text1);
                    item.setText(mItems[i]);
                    item.setMinimumHeight(144);
                    item.setOnClickListener(v -> {
                        if (mItemsListener != null) mItemsListener.onClick(this, which);
                        dismiss();
                    });
                    panel.addView(item);
                }
            }
        }
        if (mView != null) {
            android.widget.FrameLayout custom = new android.widget.FrameLayout(ctx);
            custom.setId(android.R.id.custom);
            if (mView.getParent() instanceof android.view.ViewGroup) ((android.view.ViewGroup) mView.getParent()).removeView(mView);
            custom.addView(mView);
            panel.addView(custom);
        }
        LinearLayout bar = new LinearLayout(ctx);
        bar.setOrientation(LinearLayout.HORIZONTAL);
        int[] order = {2, 1, 0};
        for (int i : order) {
            if (mButtonText[i] == null) continue;
            Button b = new Button(ctx);
            b.setId(new int[] {android.R.id.button1, android.R.id.button2, android.R.id.button3}[i]);
            b.setText(mButtonText[i]);
            final int which = -1 - i;
            final OnClickListener l = mButtonListener[i];
            b.setOnClickListener(v -> {
                if (l != null) l.onClick(this, which);
                dismiss();
            });
            mButtons[i] = b;
            bar.addView(b, new LinearLayout.LayoutParams(0, LinearLayout.LayoutParams.WRAP_CONTENT, 1f));
        }
        if (bar.getChildCount() > 0) panel.addView(bar);
        setContentView(panel);
    }
}
