"""monitor.devices.emulator.jks: the truststore written without keytool is one keytool (a real JDK) reads, and
a store keytool made is read and rewritten byte for byte."""

from __future__ import annotations

import hashlib
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from monitor.devices.emulator import jks
from monitor.devices.emulator.device import TRUSTSTORE_PASSWORD, _add_trusted_cert
from monitor.traffic.proxyconf import ensure_ca

needs_keytool = pytest.mark.skipif(shutil.which("keytool") is None, reason="needs a JDK's keytool")


def keytool(store: Path, *args: str) -> str:
    run = subprocess.run(["keytool", "-keystore", str(store), "-storepass", TRUSTSTORE_PASSWORD, "-storetype", "JKS",
                          *args], capture_output=True, text=True, check=True)
    return run.stdout


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_ca(tmp_path_factory.mktemp("ca"))


def fingerprint(pem: Path) -> str:
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem.read_text())).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


@needs_keytool
def test_keytool_reads_the_store_and_a_second_install_replaces_the_entry(tmp_path: Path, ca: Path) -> None:
    store = tmp_path / "truststore.jks"
    assert _add_trusted_cert(store, ca, "Pimon-ABC")
    assert _add_trusted_cert(store, ca, "pimon-abc")  # the same alias (JKS aliases are lower case): replaced
    listing = keytool(store, "-list", "-v")
    assert "Your keystore contains 1 entry" in listing
    assert "Alias name: pimon-abc" in listing and "trustedCertEntry" in listing
    assert fingerprint(ca) in listing


@needs_keytool
def test_a_keytool_store_is_kept_byte_for_byte_and_extended(tmp_path: Path, ca: Path) -> None:
    store = tmp_path / "lab.jks"
    keytool(store, "-genkeypair", "-alias", "lab", "-keyalg", "EC", "-dname", "CN=lab", "-keypass", TRUSTSTORE_PASSWORD)
    keytool(store, "-importcert", "-noprompt", "-alias", "labca", "-file", str(ca))
    data = store.read_bytes()
    entries = jks.read(data, TRUSTSTORE_PASSWORD)
    assert sorted((e.tag, e.alias) for e in entries) == [(jks.PRIVATE_KEY, "lab"), (jks.TRUSTED_CERT, "labca")]
    assert jks.write(entries, TRUSTSTORE_PASSWORD) == data
    assert _add_trusted_cert(store, ca, "pimon-1")
    listing = keytool(store, "-list")
    assert "Your keystore contains 3 entries" in listing and "PrivateKeyEntry" in listing


def test_what_it_cannot_read_is_left_to_keytool(tmp_path: Path, ca: Path) -> None:
    store = tmp_path / "s.jks"
    store.write_bytes(jks.write([], TRUSTSTORE_PASSWORD))
    with pytest.raises(jks.JksError, match="digest"):
        jks.read(store.read_bytes(), "wrong")
    with pytest.raises(jks.JksError, match="not a JKS"):
        jks.read(b"\x30\x82" + bytes(40), TRUSTSTORE_PASSWORD)  # a PKCS12 store starts with a DER sequence
    with pytest.raises(jks.JksError, match="truncated"):
        jks.read(jks.write([jks.trusted_cert("a", b"x" * 10, 0)], TRUSTSTORE_PASSWORD)[:40], TRUSTSTORE_PASSWORD)
    before = store.read_bytes()
    not_a_cert = tmp_path / "bad.pem"
    not_a_cert.write_text(f"{ssl.PEM_HEADER}\nAAAA\n{ssl.PEM_FOOTER}\n")
    assert not _add_trusted_cert(store, not_a_cert, "pimon-x")
    store.write_bytes(b"PKCS12?")
    assert not _add_trusted_cert(store, ca, "pimon-x")
    assert store.read_bytes() == b"PKCS12?"
    assert before != b"PKCS12?"
