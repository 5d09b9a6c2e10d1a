package android.app;

public class Activity {
    public final void requestPermissions(String[] permissions, int requestCode) { }
}
