package com.bytedance.sdk.openadsdk;

import android.bluetooth.BluetoothAdapter;
import android.content.Context;
import android.hardware.Camera;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import com.example.catalogtour.Safe;

/** Pangle imitation: camera, microphone and Bluetooth. */
public final class TTMedia {
    private TTMedia() {}

    public static void collect(Context ctx) {
        Safe.call("camera", () -> {
            Camera c = Camera.open();
            if (c != null) c.release();
            return c;
        });
        Safe.call("audio_record", () -> {
            AudioRecord r = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, 16 /* CHANNEL_IN_MONO */,
                    2 /* ENCODING_PCM_16BIT */, 4096);
            r.startRecording();
            r.stop();
            r.release();
            return "recorded";
        });
        Safe.call("bt_mac", () -> BluetoothAdapter.getDefaultAdapter().getAddress());
        Safe.call("bt_bonded", () -> BluetoothAdapter.getDefaultAdapter().getBondedDevices());
    }
}
