package android.content.pm;

import android.os.Parcel;
import android.os.Parcelable;
import java.util.Arrays;

/**
 * A package's signing certificate, as raw bytes (on Android the DER of the X.509 certificate). The emulator's
 * installed packages carry a deterministic stand-in per package and device seed, not a real certificate:
 * a vendor SDK that compares it with the real one (WeChat's signature check) sees a different signer.
 */
public class Signature implements Parcelable {
    private final byte[] signature;

    public Signature(byte[] signature) {
        this.signature = signature.clone();
    }

    public Signature(String text) {
        if (text.length() % 2 != 0) throw new IllegalArgumentException("text size " + text.length() + " is not even");
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        this.signature = out;
    }

    public byte[] toByteArray() {
        return signature.clone();
    }

    public char[] toChars() {
        return toCharsString().toCharArray();
    }

    public char[] toChars(char[] existingArray, int[] outLen) {
        char[] chars = toChars();
        if (outLen != null) outLen[0] = chars.length;
        if (existingArray != null && existingArray.length >= chars.length) {
            System.arraycopy(chars, 0, existingArray, 0, chars.length);
            return existingArray;
        }
        return chars;
    }

    public String toCharsString() {
        StringBuilder sb = new StringBuilder(signature.length * 2);
        for (byte b : signature) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return sb.toString();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Signature && Arrays.equals(signature, ((Signature) obj).signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public int describeContents() {
        return 0;
    }

    @Override
    public void writeToParcel(Parcel dest, int flags) {
        dest.writeByteArray(signature);
    }

    public static final Parcelable.Creator<Signature> CREATOR = new Parcelable.Creator<Signature>() {
        @Override
        public Signature createFromParcel(Parcel source) {
            return new Signature(source.createByteArray());
        }

        @Override
        public Signature[] newArray(int size) {
            return new Signature[size];
        }
    };
}
