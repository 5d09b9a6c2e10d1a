package android.media;

import com.pimon.emulator.Permissions;
import java.io.File;

/** Records audio/video; audio sources need RECORD_AUDIO, the camera source needs CAMERA. */
public class MediaRecorder {
    private String outputFile;
    private boolean prepared;

    public MediaRecorder() {}

    /** Audio sources. */
    public static final class AudioSource {
        public static final int DEFAULT = 0;
        public static final int MIC = 1;
        public static final int VOICE_UPLINK = 2;
        public static final int VOICE_DOWNLINK = 3;
        public static final int VOICE_CALL = 4;
        public static final int CAMCORDER = 5;
        public static final int VOICE_RECOGNITION = 6;
        public static final int VOICE_COMMUNICATION = 7;
        public static final int UNPROCESSED = 9;

        AudioSource() {}
    }

    /** Video sources. */
    public static final class VideoSource {
        public static final int DEFAULT = 0;
        public static final int CAMERA = 1;
        public static final int SURFACE = 2;

        VideoSource() {}
    }

    /** Container formats. */
    public static final class OutputFormat {
        public static final int DEFAULT = 0;
        public static final int THREE_GPP = 1;
        public static final int MPEG_4 = 2;
        public static final int AMR_NB = 3;
        public static final int AAC_ADTS = 6;

        OutputFormat() {}
    }

    /** Audio codecs. */
    public static final class AudioEncoder {
        public static final int DEFAULT = 0;
        public static final int AMR_NB = 1;
        public static final int AAC = 3;

        AudioEncoder() {}
    }

    public void setAudioSource(int audioSource) {
        Permissions.enforce("android.permission.RECORD_AUDIO");
    }

    public void setVideoSource(int videoSource) {
        if (videoSource == VideoSource.CAMERA) Permissions.enforce("android.permission.CAMERA");
    }

    public void setOutputFormat(int outputFormat) {}

    public void setAudioEncoder(int audioEncoder) {}

    public void setOutputFile(String path) {
        outputFile = path;
    }

    public void setOutputFile(File file) {
        outputFile = file.getPath();
    }

    public void setMaxDuration(int maxDurationMs) {}

    public void prepare() throws java.io.IOException {
        prepared = true;
    }

    public void start() {
        if (!prepared) throw new IllegalStateException("start called in an invalid state");
    }

    public void stop() {}

    public void reset() {
        prepared = false;
    }

    public void release() {}

    public int getMaxAmplitude() {
        return 1200;
    }
}
