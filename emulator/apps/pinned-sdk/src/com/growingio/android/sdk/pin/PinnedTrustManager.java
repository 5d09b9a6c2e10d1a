package com.growingio.android.sdk.pin;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.X509TrustManager;

/** GrowingIO's pin on its collector's key (SHA-256 of the SubjectPublicKeyInfo). */
public final class PinnedTrustManager implements X509TrustManager {
    private static final String[] PINS = {"WzkEVCRAd8zzprBDH6P9Mlho87xZ7+Fwy4unBcq2Apo="};

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        String got;
        try {
            got = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(chain[0].getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
        for (String pin : PINS) {
            if (pin.equals(got)) return;
        }
        throw new CertificateException("GrowingIO: certificate pin mismatch");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
