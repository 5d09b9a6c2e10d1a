package android.hardware;

import com.pimon.emulator.Permissions;

/** The legacy camera API: opening a camera needs the CAMERA permission. */
@Deprecated
public class Camera {
    public static final String ACTION_NEW_PICTURE = "android.hardware.action.NEW_PICTURE";
    public static final String ACTION_NEW_VIDEO = "android.hardware.action.NEW_VIDEO";

    private final int id;
    private boolean released;

    Camera(int id) {
        this.id = id;
    }

    /** Information about a camera. */
    public static class CameraInfo {
        public static final int CAMERA_FACING_BACK = 0;
        public static final int CAMERA_FACING_FRONT = 1;
        public int facing;
        public int orientation;
        public boolean canDisableShutterSound;

        public CameraInfo() {}
    }

    /** Called when a picture is taken. */
    public interface PictureCallback {
        void onPictureTaken(byte[] data, Camera camera);
    }

    /** Called at the shutter moment. */
    public interface ShutterCallback {
        void onShutter();
    }

    public static int getNumberOfCameras() {
        return 2;
    }

    public static void getCameraInfo(int cameraId, CameraInfo cameraInfo) {
        cameraInfo.facing = cameraId == 1 ? CameraInfo.CAMERA_FACING_FRONT : CameraInfo.CAMERA_FACING_BACK;
        cameraInfo.orientation = cameraId == 1 ? 270 : 90;
    }

    public static Camera open(int cameraId) {
        Permissions.enforce("android.permission.CAMERA");
        if (cameraId < 0 || cameraId >= getNumberOfCameras()) throw new RuntimeException("Unknown camera ID");
        return new Camera(cameraId);
    }

    public static Camera open() {
        return open(0);
    }

    public final void release() {
        released = true;
    }

    public final void reconnect() {}

    public final void unlock() {}

    public final void lock() {}

    public final void startPreview() {
        if (released) throw new RuntimeException("Camera is being used after Camera.release() was called");
    }

    public final void stopPreview() {}

    public final void takePicture(ShutterCallback shutter, PictureCallback raw, PictureCallback jpeg) {
        takePicture(shutter, raw, null, jpeg);
    }

    public final void takePicture(ShutterCallback shutter, PictureCallback raw, PictureCallback postview, PictureCallback jpeg) {
        if (shutter != null) shutter.onShutter();
        byte[] jpegBytes = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        if (jpeg != null) jpeg.onPictureTaken(jpegBytes, this);
    }
}
