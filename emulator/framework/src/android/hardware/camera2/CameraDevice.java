package android.hardware.camera2;

/** An open camera (camera2 API). */
public abstract class CameraDevice implements AutoCloseable {
    public static final int TEMPLATE_PREVIEW = 1;
    public static final int TEMPLATE_STILL_CAPTURE = 2;
    public static final int TEMPLATE_RECORD = 3;

    CameraDevice() {}

    public abstract String getId();

    @Override
    public abstract void close();

    /** Open/close/error notifications. */
    public abstract static class StateCallback {
        public static final int ERROR_CAMERA_IN_USE = 1;
        public static final int ERROR_MAX_CAMERAS_IN_USE = 2;
        public static final int ERROR_CAMERA_DISABLED = 3;
        public static final int ERROR_CAMERA_DEVICE = 4;
        public static final int ERROR_CAMERA_SERVICE = 5;

        public StateCallback() {}

        public abstract void onOpened(CameraDevice camera);

        public void onClosed(CameraDevice camera) {}

        public abstract void onDisconnected(CameraDevice camera);

        public abstract void onError(CameraDevice camera, int error);
    }
}

/** The camera2 device handed to StateCallback.onOpened. */
final class OpenCamera extends CameraDevice {
    private final String id;

    OpenCamera(String id) {
        this.id = id;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {}
}
