package com.bun.miitmdid.interfaces;

/** MSA (移动安全联盟) identifier supplier: OAID, VAID, AAID. */
public interface IdSupplier {
    boolean isSupported();

    boolean isLimited();

    String getOAID();

    String getVAID();

    String getAAID();
}
