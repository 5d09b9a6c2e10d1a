package com.pimon.emulator;

/** Runtime permissions of the running app (dangerous ones start denied; grants persist). */
public final class Permissions {
    private Permissions() {}

    /** Whether the running app holds this permission now. */
    public static boolean isGranted(String permission) {
        return false;
    }

    /** Throws SecurityException, as Android does, when the running app lacks the permission. */
    public static void enforce(String permission) {
        if (!isGranted(permission)) {
            throw new SecurityException("uid " + DeviceState.uid() + " (" + DeviceState.packageName()
                    + ") does not have " + permission + ".");
        }
    }
}
