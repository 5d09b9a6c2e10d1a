package android.hardware.camera2;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import com.pimon.emulator.Permissions;
import java.util.concurrent.Executor;

/** Camera enumeration and opening (camera2 API); opening needs the CAMERA permission. */
public final class CameraManager {
    CameraManager(Context context) {}

    public String[] getCameraIdList() {
        return new String[] {"0", "1"};
    }

    public void openCamera(String cameraId, CameraDevice.StateCallback callback, Handler handler) {
        Permissions.enforce("android.permission.CAMERA");
        check(cameraId, callback);
        Handler h = handler != null ? handler : new Handler(Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper());
        h.post(() -> callback.onOpened(new OpenCamera(cameraId)));
    }

    public void openCamera(String cameraId, Executor executor, CameraDevice.StateCallback callback) {
        Permissions.enforce("android.permission.CAMERA");
        check(cameraId, callback);
        executor.execute(() -> callback.onOpened(new OpenCamera(cameraId)));
    }

    private void check(String cameraId, CameraDevice.StateCallback callback) {
        if (callback == null) throw new IllegalArgumentException("callback was null");
        if (!"0".equals(cameraId) && !"1".equals(cameraId)) {
            throw new IllegalArgumentException("Camera id " + cameraId + " does not exist");
        }
    }
}
