package android.app;

import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.os.Bundle;
import android.view.ContextThemeWrapper;
import android.view.View;
import android.view.ViewGroup;
import android.view.Window;
import com.pimon.emulator.AppRuntime;

/** A single screen of an app, with Android's lifecycle. */
public class Activity extends ContextThemeWrapper {
    public static final int RESULT_OK = -1;
    public static final int RESULT_CANCELED = 0;
    public static final int RESULT_FIRST_USER = 1;

    private Application mApplication;
    private Intent mIntent;
    private ComponentName mComponent;
    private Window mWindow;
    private CharSequence mTitle;
    private boolean mFinished;
    private boolean mDestroyed;
    private boolean mResumed;
    private boolean mCalled;
    int mResultCode = RESULT_CANCELED;
    Intent mResultData;

    public Activity() {}

    final void attach(Context base, Application app, Intent intent, ComponentName component) {
        attachBaseContext(base);
        mApplication = app;
        mIntent = intent;
        mComponent = component;
        mWindow = AppRuntime.get().newActivityWindow(this);
    }

    final void performCreate(Bundle state) {
        onCreate(state);
        onPostCreate(state);
    }

    final void performStart() {
        onStart();
    }

    final void performRestart() {
        onRestart();
    }

    final void performResume() {
        onResume();
        mResumed = true;
        onPostResume();
    }

    final void performPause() {
        mResumed = false;
        onPause();
    }

    final void performStop() {
        onStop();
    }

    final void performDestroy() {
        mDestroyed = true;
        onDestroy();
    }

    protected void onCreate(Bundle savedInstanceState) {
        mCalled = true;
    }

    protected void onPostCreate(Bundle savedInstanceState) {}

    protected void onStart() {
        mCalled = true;
    }

    protected void onRestart() {
        mCalled = true;
    }

    protected void onResume() {
        mCalled = true;
    }

    protected void onPostResume() {}

    protected void onPause() {
        mCalled = true;
    }

    protected void onStop() {
        mCalled = true;
    }

    protected void onDestroy() {
        mCalled = true;
    }

    protected void onNewIntent(Intent intent) {}

    protected void onSaveInstanceState(Bundle outState) {}

    protected void onRestoreInstanceState(Bundle savedInstanceState) {}

    protected void onActivityResult(int requestCode, int resultCode, Intent data) {}

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    public void onUserInteraction() {}

    public void onWindowFocusChanged(boolean hasFocus) {}

    public void onBackPressed() {
        // Android 12+: the root activity of a launcher task moves to the back instead of finishing
        if (isTaskRoot() && mIntent != null && Intent.ACTION_MAIN.equals(mIntent.getAction())
                && mIntent.hasCategory(Intent.CATEGORY_LAUNCHER)) {
            moveTaskToBack(false);
            return;
        }
        finish();
    }

    public final Application getApplication() {
        return mApplication;
    }

    public Intent getIntent() {
        return mIntent;
    }

    public void setIntent(Intent newIntent) {
        mIntent = newIntent;
    }

    public ComponentName getComponentName() {
        return mComponent;
    }

    public String getLocalClassName() {
        String pkg = getPackageName();
        String cls = mComponent.getClassName();
        return cls.startsWith(pkg + ".") ? cls.substring(pkg.length() + 1) : cls;
    }

    public String getCallingPackage() {
        return null;
    }

    public Window getWindow() {
        return mWindow;
    }

    public void setContentView(View view) {
        mWindow.setContentView(view);
    }

    public void setContentView(View view, ViewGroup.LayoutParams params) {
        mWindow.setContentView(view, params);
    }

    public <T extends View> T findViewById(int id) {
        return mWindow.findViewById(id);
    }

    public void setTitle(CharSequence title) {
        mTitle = title;
        mWindow.setTitle(title);
    }

    public final CharSequence getTitle() {
        return mTitle;
    }

    public final boolean requestWindowFeature(int featureId) {
        return true;
    }

    public boolean hasWindowFocus() {
        return mResumed && !AppRuntime.get().hasWindowAbove(this);
    }

    public final void runOnUiThread(Runnable action) {
        AppRuntime.get().runOnUiThread(action);
    }

    @Override
    public Object getSystemService(String name) {
        return super.getSystemService(name);
    }

    @Override
    public void startActivity(Intent intent) {
        startActivityForResult(intent, -1);
    }

    public void startActivity(Intent intent, Bundle options) {
        startActivityForResult(intent, -1);
    }

    public void startActivityForResult(Intent intent, int requestCode) {
        AppRuntime.get().startActivity(this, intent, requestCode);
    }

    public void startActivityForResult(Intent intent, int requestCode, Bundle options) {
        startActivityForResult(intent, requestCode);
    }

    public final void setResult(int resultCode) {
        mResultCode = resultCode;
        mResultData = null;
    }

    public final void setResult(int resultCode, Intent data) {
        mResultCode = resultCode;
        mResultData = data;
    }

    public void finish() {
        if (mFinished) return;
        mFinished = true;
        AppRuntime.get().finishActivity(this);
    }

    public void finishAffinity() {
        AppRuntime.get().finishAll();
    }

    public void finishAndRemoveTask() {
        finishAffinity();
    }

    public boolean isFinishing() {
        return mFinished;
    }

    public boolean isDestroyed() {
        return mDestroyed;
    }

    public boolean isTaskRoot() {
        return AppRuntime.get().isRoot(this);
    }

    public boolean moveTaskToBack(boolean nonRoot) {
        return AppRuntime.get().moveToBack();
    }

    public final void requestPermissions(String[] permissions, int requestCode) {
        if (requestCode < 0) throw new IllegalArgumentException("requestCode should be >= 0");
        AppRuntime.get().requestPermissions(this, permissions, requestCode);
    }

    public boolean shouldShowRequestPermissionRationale(String permission) {
        return com.pimon.emulator.Permissions.wasDenied(permission);
    }

    @Override
    public String toString() {
        return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    }
}
