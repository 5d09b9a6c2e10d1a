package com.bun.miitmdid.interfaces;

/** Callback of {@code MdidSdkHelper.InitSdk}. */
public interface IIdentifierListener {
    void OnSupport(boolean isSupport, IdSupplier supplier);
}
