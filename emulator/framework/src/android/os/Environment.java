package android.os;

import java.io.File;

/** Storage locations of the device (under its directory: sdcard/, data/). */
public class Environment {
    public static final String MEDIA_MOUNTED = "mounted";
    public static final String MEDIA_UNMOUNTED = "unmounted";
    public static final String DIRECTORY_DOWNLOADS = "Download";
    public static final String DIRECTORY_PICTURES = "Pictures";
    public static final String DIRECTORY_DCIM = "DCIM";
    public static final String DIRECTORY_DOCUMENTS = "Documents";
    public static final String DIRECTORY_MUSIC = "Music";
    public static final String DIRECTORY_MOVIES = "Movies";

    public Environment() {}

    private static File under(String path) {
        File f = new File(com.pimon.emulator.DeviceState.dir(), path);
        f.mkdirs();
        return f;
    }

    public static File getRootDirectory() {
        return under("system");
    }

    public static File getDataDirectory() {
        return under("data");
    }

    public static File getDownloadCacheDirectory() {
        return under("cache");
    }

    @Deprecated
    public static File getExternalStorageDirectory() {
        return under("sdcard");
    }

    @Deprecated
    public static File getExternalStoragePublicDirectory(String type) {
        return under("sdcard/" + type);
    }

    public static String getExternalStorageState() {
        return MEDIA_MOUNTED;
    }

    public static String getExternalStorageState(File path) {
        return MEDIA_MOUNTED;
    }

    public static boolean isExternalStorageEmulated() {
        return true;
    }

    public static boolean isExternalStorageRemovable() {
        return false;
    }
}
