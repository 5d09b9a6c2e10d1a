package android.content.pm;

/** The signing certificates of a package (the emulator's stand-in: one signer, no rotation). */
public final class SigningInfo {
    private final Signature[] signers;

    public SigningInfo() {
        this.signers = new Signature[0];
    }

    public SigningInfo(SigningInfo orig) {
        this.signers = orig.signers.clone();
    }

    SigningInfo(Signature[] signers) {
        this.signers = signers.clone();
    }

    public boolean hasMultipleSigners() {
        return signers.length > 1;
    }

    public boolean hasPastSigningCertificates() {
        return false;
    }

    public Signature[] getSigningCertificateHistory() {
        return hasMultipleSigners() ? null : signers.clone();
    }

    public Signature[] getApkContentsSigners() {
        return signers.clone();
    }
}
