package android.content;

/** A dialog that can be cancelled or dismissed, and its listener interfaces. */
public interface DialogInterface {
    int BUTTON_POSITIVE = -1;
    int BUTTON_NEGATIVE = -2;
    int BUTTON_NEUTRAL = -3;
    @Deprecated int BUTTON1 = BUTTON_POSITIVE;
    @Deprecated int BUTTON2 = BUTTON_NEGATIVE;
    @Deprecated int BUTTON3 = BUTTON_NEUTRAL;

    void cancel();

    void dismiss();

    interface OnCancelListener {
        void onCancel(DialogInterface dialog);
    }

    interface OnDismissListener {
        void onDismiss(DialogInterface dialog);
    }

    interface OnShowListener {
        void onShow(DialogInterface dialog);
    }

    interface OnClickListener {
        void onClick(DialogInterface dialog, int which);
    }

    interface OnMultiChoiceClickListener {
        void onClick(DialogInterface dialog, int which, boolean isChecked);
    }
}
