package android.app;

import android.content.pm.PackageManager;

/**
 * The PackageManager instance apps get ({@code @hide} on Android). It overrides nothing: the
 * queries live in {@link PackageManager} so one hook per method sees every call.
 */
final class ApplicationPackageManager extends PackageManager {
    ApplicationPackageManager() {}
}
