"""The mitmproxy CA as Android wants it: ``<subject_hash_old>.0`` files, and where they live.

Android names trusted CA files after OpenSSL's *old* subject hash (``openssl x509
-subject_hash_old``): the first four bytes of MD5 over the DER-encoded subject name, read as a
little-endian integer, in 8 hex digits, then ``.0``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509

from monitor.errors import ConfigError
from monitor.paths import state_home

SYSTEM_STORE = "/system/etc/security/cacerts"
APEX_STORE = "/apex/com.android.conscrypt/cacerts"  # Android 14+ (and Mainline-updated 13)
USER_STORE = "/data/misc/user/0/cacerts-added"


def default_ca_pem() -> Path:
    return state_home() / "mitmproxy" / "mitmproxy-ca-cert.pem"


def load_pem(path: Path) -> x509.Certificate:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read the CA certificate ({exc.strerror}); run the proxy once to create it",
            path=str(path),
        ) from exc
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as exc:
        raise ConfigError("not a PEM certificate", path=str(path)) from exc


def subject_hash_old(cert: x509.Certificate) -> str:
    digest = hashlib.md5(cert.subject.public_bytes()).digest()
    return f"{int.from_bytes(digest[:4], 'little'):08x}"


def android_name(cert: x509.Certificate) -> str:
    """The file name Android's trust store expects for this CA, e.g. ``c8750f0d.0``."""
    return subject_hash_old(cert) + ".0"


def android_file(cert: x509.Certificate) -> bytes:
    """The file's content: the PEM (Android's own files add a text dump; PEM alone is read fine)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM)
