"""Fixtures: a fake adb server on loopback with one scripted device, and pimon's state in tmp."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from adbutils import AdbClient

from .fake_adb import FakeAdbServer, FakeDevice


@pytest.fixture(autouse=True)
def pimon_home(tmp_path, monkeypatch):
    home = tmp_path / "pimon-home"
    monkeypatch.setenv("PIMON_HOME", str(home))
    monkeypatch.delenv("ANDROID_SERIAL", raising=False)
    return home


@pytest.fixture
def adb_server(monkeypatch) -> Iterator[FakeAdbServer]:
    with FakeAdbServer() as srv:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(srv.port))
        yield srv


@pytest.fixture
def phone(adb_server: FakeAdbServer) -> FakeDevice:
    """A rooted (Magisk su) Android 14 arm64 phone with nothing set up."""
    return adb_server.add(FakeDevice("R5CT1234"))


@pytest.fixture
def client(adb_server: FakeAdbServer) -> AdbClient:
    return AdbClient("127.0.0.1", adb_server.port)


@pytest.fixture(scope="session")
def ca_pem(tmp_path_factory):
    """A mitmproxy-like CA certificate (PEM), made with cryptography."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "mitmproxy"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mitmproxy"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path_factory.mktemp("ca") / "mitmproxy-ca-cert.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def frida_xz(tmp_path):
    """A released-style frida-server-<host version>-android-arm64.xz (a stand-in ELF inside)."""
    import lzma

    import frida

    from .fake_shell import fake_frida_server

    path = tmp_path / f"frida-server-{frida.__version__}-android-arm64.xz"
    path.write_bytes(lzma.compress(fake_frida_server(frida.__version__, "arm64-v8a")))
    return path


@pytest.fixture
def u2_agent(phone):
    from .fake_u2 import FakeU2Agent

    with FakeU2Agent(phone) as agent:
        yield agent


APP_C = r"""
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
    char path[4096];
    snprintf(path, sizeof path, "%s.started", argv[0]);
    FILE *f = fopen(path, "w"); fputs("started", f); fclose(f);
    if (strstr(argv[0], "quick")) return 3;
    for (;;) pause();
}
"""


@pytest.fixture(scope="session")
def apps(tmp_path_factory) -> dict[str, Path]:
    """Two native 'apps' for the local Frida device: one that runs until killed, one that exits."""
    if not shutil.which("cc"):
        pytest.skip("no C compiler to build the local stand-in app")
    d = tmp_path_factory.mktemp("apps")
    (d / "app.c").write_text(APP_C)
    out = {}
    for name in ("com.example.longrun", "com.example.quick"):
        subprocess.run(["cc", "-O0", "-o", str(d / name), str(d / "app.c")], check=True)
        out[name] = d / name
    return out
