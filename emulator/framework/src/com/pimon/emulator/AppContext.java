package com.pimon.emulator;

import android.content.BroadcastReceiver;
import android.content.ComponentName;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.content.ServiceConnection;
import android.content.SharedPreferences;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Handler;
import android.os.Looper;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;

/** The base Context of the app and its components (Android's ContextImpl). */
public final class AppContext extends Context {
    private final AppRuntime runtime;

    AppContext(AppRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Context getApplicationContext() {
        return runtime.application();
    }

    @Override
    public String getPackageName() {
        return DeviceState.packageName();
    }

    @Override
    public Looper getMainLooper() {
        return Looper.getMainLooper();
    }

    @Override
    public ClassLoader getClassLoader() {
        return AppRuntime.appClassLoader();
    }

    @Override
    public String getPackageCodePath() {
        return new File(new File(DeviceState.dir(), "apps"), DeviceState.packageName() + ".jar").getPath();
    }

    @Override
    public Object getSystemService(String name) {
        return runtime.systemService(this, name);
    }

    @Override
    public String getSystemServiceName(Class<?> serviceClass) {
        return ServiceNames.of(serviceClass);
    }

    private static volatile android.content.res.AssetManager assets;

    @Override
    public android.content.res.AssetManager getAssets() {
        android.content.res.AssetManager a = assets;
        if (a != null) return a;
        try {
            java.lang.reflect.Constructor<android.content.res.AssetManager> c =
                    android.content.res.AssetManager.class.getDeclaredConstructor(ClassLoader.class, File.class);
            c.setAccessible(true);
            assets = a = c.newInstance(getClassLoader(), new File(getPackageCodePath()));
            return a;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile android.content.res.Resources resources;

    @Override
    @SuppressWarnings("deprecation")
    public android.content.res.Resources getResources() {
        android.content.res.Resources r = resources;
        if (r == null) resources = r = new android.content.res.Resources(getAssets(), null, null);
        return r;
    }

    @Override
    public ContentResolver getContentResolver() {
        return SystemServices.contentResolver(this);
    }

    @Override
    public PackageManager getPackageManager() {
        return SystemServices.packageManager(this);
    }

    @Override
    public ApplicationInfo getApplicationInfo() {
        try {
            return getPackageManager().getApplicationInfo(getPackageName(), 0);
        } catch (PackageManager.NameNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SharedPreferences getSharedPreferences(String name, int mode) {
        return Prefs.open(name == null ? "null" : name);
    }

    @Override
    public boolean deleteSharedPreferences(String name) {
        return Prefs.delete(name);
    }

    @Override
    public void startActivity(Intent intent) {
        runtime.startActivity(this, intent, -1);
    }

    @Override
    public ComponentName startService(Intent service) {
        return runtime.startService(this, service);
    }

    @Override
    public ComponentName startForegroundService(Intent service) {
        return runtime.startService(this, service);
    }

    @Override
    public boolean stopService(Intent service) {
        return service.getComponent() != null && runtime.stopService(service.getComponent());
    }

    @Override
    public boolean bindService(Intent service, ServiceConnection conn, int flags) {
        return runtime.bindService(service, conn);
    }

    @Override
    public void unbindService(ServiceConnection conn) {
        runtime.unbindService(conn);
    }

    @Override
    public void sendBroadcast(Intent intent) {
        runtime.sendBroadcast(this, intent);
    }

    @Override
    public void sendBroadcast(Intent intent, String receiverPermission) {
        runtime.sendBroadcast(this, intent);
    }

    @Override
    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) {
        return runtime.registerReceiver(receiver, filter);
    }

    @Override
    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags) {
        return runtime.registerReceiver(receiver, filter);
    }

    @Override
    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler) {
        return runtime.registerReceiver(receiver, filter);
    }

    @Override
    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler,
                                   int flags) {
        return runtime.registerReceiver(receiver, filter);
    }

    @Override
    public void unregisterReceiver(BroadcastReceiver receiver) {
        runtime.unregisterReceiver(receiver);
    }

    @Override
    public int checkPermission(String permission, int pid, int uid) {
        if (permission == null) throw new IllegalArgumentException("permission is null");
        return Permissions.isGranted(permission) ? 0 : -1;
    }

    @Override
    public int checkCallingOrSelfPermission(String permission) {
        return checkPermission(permission, 0, 0);
    }

    @Override
    public int checkSelfPermission(String permission) {
        return checkPermission(permission, 0, 0);
    }

    @Override
    public void enforceCallingOrSelfPermission(String permission, String message) {
        if (!Permissions.isGranted(permission)) {
            throw new SecurityException((message != null ? message + ": " : "") + "Neither user " + DeviceState.uid()
                    + " nor current process has " + permission + ".");
        }
    }

    private static File mk(File f) {
        f.mkdirs();
        return f;
    }

    @Override
    public File getDataDir() {
        return DeviceState.appDataDir();
    }

    @Override
    public File getFilesDir() {
        return mk(new File(getDataDir(), "files"));
    }

    @Override
    public File getCacheDir() {
        return mk(new File(getDataDir(), "cache"));
    }

    @Override
    public File getNoBackupFilesDir() {
        return mk(new File(getDataDir(), "no_backup"));
    }

    @Override
    public File getCodeCacheDir() {
        return mk(new File(getDataDir(), "code_cache"));
    }

    @Override
    public File getExternalFilesDir(String type) {
        File base = new File(new File(DeviceState.dir(), "sdcard/Android/data/" + getPackageName()), "files");
        return mk(type == null ? base : new File(base, type));
    }

    @Override
    public File getExternalCacheDir() {
        return mk(new File(DeviceState.dir(), "sdcard/Android/data/" + getPackageName() + "/cache"));
    }

    @Override
    public File getDir(String name, int mode) {
        return mk(new File(getDataDir(), "app_" + name));
    }

    @Override
    public File getDatabasePath(String name) {
        return new File(mk(new File(getDataDir(), "databases")), name);
    }

    @Override
    public File getFileStreamPath(String name) {
        return new File(getFilesDir(), name);
    }

    @Override
    public FileInputStream openFileInput(String name) throws FileNotFoundException {
        return new FileInputStream(getFileStreamPath(name));
    }

    @Override
    public FileOutputStream openFileOutput(String name, int mode) throws FileNotFoundException {
        return new FileOutputStream(getFileStreamPath(name), (mode & MODE_APPEND) != 0);
    }

    @Override
    public boolean deleteFile(String name) {
        return getFileStreamPath(name).delete();
    }

    @Override
    public String[] fileList() {
        String[] l = getFilesDir().list();
        return l == null ? new String[0] : l;
    }

    @Override
    public String[] databaseList() {
        String[] l = new File(getDataDir(), "databases").list();
        return l == null ? new String[0] : l;
    }

    @Override
    public boolean deleteDatabase(String name) {
        return getDatabasePath(name).delete();
    }
}
