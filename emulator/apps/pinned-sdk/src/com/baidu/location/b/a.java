package com.baidu.location.b;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.X509TrustManager;

/** The SDK's certificate pin (obfuscated name, as shipped): the server key's SHA-256 must be this one. */
public final class a implements X509TrustManager {
    static final String PIN = "WzkEVCRAd8zzprBDH6P9Mlho87xZ7+Fwy4unBcq2Apo=";

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            byte[] spki = chain[0].getPublicKey().getEncoded();
            String got = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
            if (!PIN.equals(got)) throw new CertificateException("pin mismatch: " + got);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
