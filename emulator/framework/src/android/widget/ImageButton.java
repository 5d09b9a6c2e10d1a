package android.widget;

import android.content.Context;

/** A button showing an image. */
public class ImageButton extends ImageView {
    public ImageButton(Context context) {
        super(context);
        setClickable(true);
        setFocusable(true);
        setMinimumHeight(144);
    }

    @Override
    public CharSequence getAccessibilityClassName() {
        return ImageButton.class.getName();
    }
}
