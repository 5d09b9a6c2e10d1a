package android.widget;

import android.content.Context;
import android.view.View;

/** A LinearLayout of RadioButtons of which one at most is checked. */
public class RadioGroup extends LinearLayout {
    public interface OnCheckedChangeListener {
        void onCheckedChanged(RadioGroup group, int checkedId);
    }

    private int mCheckedId = View.NO_ID;
    private OnCheckedChangeListener mListener;

    public RadioGroup(Context context) {
        super(context);
        setOrientation(VERTICAL);
    }

    @Override
    public void addView(View child, int index, android.view.ViewGroup.LayoutParams params) {
        super.addView(child, index, params);
        if (child instanceof RadioButton) {
            RadioButton rb = (RadioButton) child;
            rb.setOnCheckedChangeListener((b, checked) -> {
                if (checked) check(b.getId());
            });
            if (rb.isChecked()) check(rb.getId());
        }
    }

    public void check(int id) {
        if (id == mCheckedId) return;
        mCheckedId = id;
        for (int i = 0; i < getChildCount(); i++) {
            View c = getChildAt(i);
            if (c instanceof RadioButton && c.getId() != id) ((RadioButton) c).setChecked(false);
        }
        if (mListener != null) mListener.onCheckedChanged(this, id);
    }

    public void clearCheck() {
        check(View.NO_ID);
    }

    public int getCheckedRadioButtonId() {
        return mCheckedId;
    }

    public void setOnCheckedChangeListener(OnCheckedChangeListener listener) {
        mListener = listener;
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return RadioGroup.class.getName();
    }
}
