"""Java KeyStore (JKS) files, as ``keytool -storetype JKS`` writes them: enough to add a trusted certificate.

The emulator's apps trust the CAs in a JKS truststore; adding the run's proxy CA with ``keytool`` costs a JVM
start (one to two seconds) on every run. The format is small (``sun.security.provider.JavaKeyStore``):

    0xFEEDFEED, version 2, entry count, entries, SHA-1(password as UTF-16BE + "Mighty Aphrodite" + all before)

an entry being ``tag`` (1 private key, 2 trusted certificate), alias (modified UTF-8), time (ms), then the key
and its chain, or the certificate. Entries this module does not write are kept byte for byte; a file it cannot
read raises :class:`JksError` (the caller falls back to ``keytool``).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

MAGIC = 0xFEEDFEED
VERSION = 2
PRIVATE_KEY, TRUSTED_CERT = 1, 2
_WHITENER = b"Mighty Aphrodite"


class JksError(ValueError):
    """Not a JKS file this module can read (wrong magic, version, digest, or entry kind)."""


@dataclass(frozen=True)
class Entry:
    tag: int
    alias: str
    body: bytes  # everything after the alias: time, then the key and chain or the certificate


def _digest(password: str, data: bytes) -> bytes:
    return hashlib.sha1(password.encode("utf-16-be") + _WHITENER + data).digest()


def _utf(text: str) -> bytes:
    raw = text.encode("utf-8")  # aliases and "X.509" are ASCII: Java's modified UTF-8 is the same
    return struct.pack(">H", len(raw)) + raw


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise JksError("truncated keystore")
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def u2(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def u4(self) -> int:
        return struct.unpack(">I", self.take(4))[0]

    def utf(self) -> str:
        return self.take(self.u2()).decode("utf-8", "surrogateescape")

    def blob(self) -> None:
        self.take(self.u4())


def read(data: bytes, password: str) -> list[Entry]:
    """The entries of a JKS file; checks its integrity digest against ``password``."""
    r = _Reader(data)
    if len(data) < 12 + 20 or r.u4() != MAGIC:
        raise JksError("not a JKS keystore")
    if r.u4() != VERSION:
        raise JksError("unsupported JKS version")
    entries = []
    for _ in range(r.u4()):
        tag = r.u4()
        alias = r.utf()
        start = r.at
        r.take(8)  # time
        if tag == TRUSTED_CERT:
            r.utf()  # certificate type
            r.blob()
        elif tag == PRIVATE_KEY:
            r.blob()  # protected key
            for _ in range(r.u4()):
                r.utf()
                r.blob()
        else:
            raise JksError(f"unsupported JKS entry kind {tag}")
        entries.append(Entry(tag, alias, data[start:r.at]))
    end = r.at
    if r.take(20) != _digest(password, data[:end]):
        raise JksError("keystore digest mismatch (wrong password or damaged file)")
    if r.at != len(data):
        raise JksError("trailing bytes after the keystore digest")
    return entries


def trusted_cert(alias: str, der: bytes, time_ms: int) -> Entry:
    """A trusted-certificate entry (``keytool -importcert``); JKS aliases are lower case."""
    return Entry(TRUSTED_CERT, alias.lower(), struct.pack(">q", time_ms) + _utf("X.509") + struct.pack(">I", len(der)) + der)


def write(entries: list[Entry], password: str) -> bytes:
    """A JKS file of ``entries``, sealed with ``password``."""
    out = bytearray(struct.pack(">III", MAGIC, VERSION, len(entries)))
    for e in entries:
        out += struct.pack(">I", e.tag) + _utf(e.alias) + e.body
    return bytes(out) + _digest(password, bytes(out))
