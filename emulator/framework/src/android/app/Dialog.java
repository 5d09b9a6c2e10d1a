package android.app;

import android.content.Context;
import android.content.DialogInterface;
import android.os.Bundle;
import android.view.View;
import android.view.ViewGroup;
import android.view.Window;
import com.pimon.emulator.AppRuntime;

/** A window on top of an activity's. */
public class Dialog implements DialogInterface {
    private final Context mContext;
    private final Window mWindow;
    private Activity mOwnerActivity;
    private boolean mCreated;
    private boolean mShowing;
    boolean mCancelable = true;
    boolean mCanceledOnTouchOutside = true;
    CharSequence mTitle;
    private OnCancelListener mOnCancelListener;
    private OnDismissListener mOnDismissListener;
    private OnShowListener mOnShowListener;

    public Dialog(Context context) {
        this(context, 0);
    }

    public Dialog(Context context, int themeResId) {
        mContext = context;
        if (context instanceof Activity) mOwnerActivity = (Activity) context;
        mWindow = AppRuntime.get().newDialogWindow(context);
    }

    protected Dialog(Context context, boolean cancelable, OnCancelListener cancelListener) {
        this(context, 0);
        mCancelable = cancelable;
        mOnCancelListener = cancelListener;
    }

    public final Context getContext() {
        return mContext;
    }

    public final void setOwnerActivity(Activity activity) {
        mOwnerActivity = activity;
    }

    public final Activity getOwnerActivity() {
        return mOwnerActivity;
    }

    public boolean isShowing() {
        return mShowing;
    }

    public void create() {
        dispatchOnCreate(null);
    }

    private void dispatchOnCreate(Bundle state) {
        if (!mCreated) {
            mCreated = true;
            onCreate(state);
        }
    }

    protected void onCreate(Bundle savedInstanceState) {}

    protected void onStart() {}

    protected void onStop() {}

    public void show() {
        if (mShowing) return;
        dispatchOnCreate(null);
        onStart();
        mShowing = true;
        AppRuntime.get().dialogShown(this);
        if (mOnShowListener != null) mOnShowListener.onShow(this);
    }

    public void hide() {
        if (mShowing) {
            mShowing = false;
            AppRuntime.get().dialogDismissed(this);
        }
    }

    @Override
    public void dismiss() {
        if (!mShowing) return;
        mShowing = false;
        AppRuntime.get().dialogDismissed(this);
        onStop();
        if (mOnDismissListener != null) mOnDismissListener.onDismiss(this);
    }

    @Override
    public void cancel() {
        if (mOnCancelListener != null && mShowing) mOnCancelListener.onCancel(this);
        dismiss();
    }

    public void onBackPressed() {
        if (mCancelable) cancel();
    }

    public Window getWindow() {
        return mWindow;
    }

    public <T extends View> T findViewById(int id) {
        return mWindow.findViewById(id);
    }

    public void setContentView(View view) {
        mWindow.setContentView(view);
    }

    public void setContentView(View view, ViewGroup.LayoutParams params) {
        mWindow.setContentView(view, params);
    }

    public void setTitle(CharSequence title) {
        mTitle = title;
        mWindow.setTitle(title);
    }

    public void setCancelable(boolean flag) {
        mCancelable = flag;
    }

    public void setCanceledOnTouchOutside(boolean cancel) {
        if (cancel && !mCancelable) mCancelable = true;
        mCanceledOnTouchOutside = cancel;
    }

    public void setOnCancelListener(OnCancelListener listener) {
        mOnCancelListener = listener;
    }

    public void setOnDismissListener(OnDismissListener listener) {
        mOnDismissListener = listener;
    }

    public void setOnShowListener(OnShowListener listener) {
        mOnShowListener = listener;
    }

    public boolean requestWindowFeature(int featureId) {
        return true;
    }
}
