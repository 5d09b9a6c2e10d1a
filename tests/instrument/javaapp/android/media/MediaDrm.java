package android.media;

public final class MediaDrm {
    public byte[] getPropertyByteArray(String name) {
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (i * 7 + 1);
        return out;
    }
}
