package android.media;

import com.pimon.emulator.Permissions;
import java.util.Arrays;

/** Raw microphone capture; needs RECORD_AUDIO. Reads return quiet samples. */
public class AudioRecord {
    public static final int STATE_UNINITIALIZED = 0;
    public static final int STATE_INITIALIZED = 1;
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;
    public static final int SUCCESS = 0;
    public static final int ERROR = -1;
    public static final int ERROR_BAD_VALUE = -2;
    public static final int ERROR_INVALID_OPERATION = -3;

    private final int audioSource;
    private int recordingState = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat, int bufferSizeInBytes) {
        Permissions.enforce("android.permission.RECORD_AUDIO");
        this.audioSource = audioSource;
    }

    public static int getMinBufferSize(int sampleRateInHz, int channelConfig, int audioFormat) {
        return Math.max(640, sampleRateInHz / 25);
    }

    public int getState() {
        return STATE_INITIALIZED;
    }

    public int getRecordingState() {
        return recordingState;
    }

    public int getAudioSource() {
        return audioSource;
    }

    public void startRecording() {
        recordingState = RECORDSTATE_RECORDING;
    }

    public void stop() {
        recordingState = RECORDSTATE_STOPPED;
    }

    public void release() {
        recordingState = RECORDSTATE_STOPPED;
    }

    public int read(byte[] audioData, int offsetInBytes, int sizeInBytes) {
        if (recordingState != RECORDSTATE_RECORDING) return ERROR_INVALID_OPERATION;
        Arrays.fill(audioData, offsetInBytes, offsetInBytes + sizeInBytes, (byte) 0);
        return sizeInBytes;
    }

    public int read(short[] audioData, int offsetInShorts, int sizeInShorts) {
        if (recordingState != RECORDSTATE_RECORDING) return ERROR_INVALID_OPERATION;
        Arrays.fill(audioData, offsetInShorts, offsetInShorts + sizeInShorts, (short) 0);
        return sizeInShorts;
    }
}
