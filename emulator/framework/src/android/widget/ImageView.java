package android.widget;

import android.content.Context;
import android.view.View;

/** Displays an image (the emulator draws nothing). */
public class ImageView extends View {
    public ImageView(Context context) {
        super(context);
    }

    public void setImageResource(int resId) {}

    @Override
    public CharSequence getAccessibilityClassName() {
        return ImageView.class.getName();
    }
}
