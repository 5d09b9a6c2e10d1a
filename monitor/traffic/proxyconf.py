"""The proxy's configuration and CA, without mitmproxy's proxy machinery.

The pimon process needs only these (the proxy runs in a process of its own, ``monitor.traffic.proxyproc``);
importing ``monitor.traffic.proxy`` costs mitmproxy's master and addons (seconds, ~50 MB), so it is left to the
proxy's process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from monitor.paths import state_home

DEFAULT_MAX_BODY = 1024 * 1024
OFFLINE_BODY = "{}"

CA_BASENAME = "mitmproxy"  # mitmproxy's file names: mitmproxy-ca.pem, mitmproxy-ca-cert.pem, ...
START_TIMEOUT = 30.0
_ACTIVE = threading.Lock()


def default_confdir() -> Path:
    return state_home() / "mitmproxy"


def ensure_ca(confdir: Path | None = None) -> Path:
    """Create the CA in ``confdir`` unless it exists; return the path of its certificate (PEM).

    Under an exclusive file lock: concurrent pimon processes (parallel test workers, two runs) sharing
    the confdir must not read a CA another one is still writing."""
    confdir = Path(confdir or default_confdir())
    confdir.mkdir(parents=True, exist_ok=True)
    with open(confdir / ".pimon-ca.lock", "a+b") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: no lock
            pass
        cert = confdir / f"{CA_BASENAME}-ca-cert.pem"
        if _nonempty(confdir / f"{CA_BASENAME}-ca.pem") and _nonempty(cert):
            return cert  # made before (mitmproxy writes the key first, this certificate after it): every later run
        from mitmproxy import certs  # ~0.2 s of import and key loading, in the proxy's process anyway

        store = certs.CertStore.from_store(confdir, CA_BASENAME, 2048)
        if not _nonempty(cert):  # a CA whose certificate file went (a pimon killed while mitmproxy wrote it, or
            # removed by hand): mitmproxy keeps the CA it finds and does not write it again; the certificate is the
            # CA's own (devices set up with it keep trusting it), written from the store that holds it
            tmp = cert.with_name(cert.name + ".tmp")
            tmp.write_bytes(store.default_ca.to_pem())
            tmp.replace(cert)
    return cert


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


@dataclass(frozen=True)
class ProxyConfig:
    listen_host: str = "127.0.0.1"
    listen_port: int = 0  # 0 = ephemeral
    confdir: Path | None = None  # None = state_home()/"mitmproxy"
    offline: bool = True
    max_body: int = DEFAULT_MAX_BODY  # bytes of each body recorded
    hard_body_limit: str | None = "512m"  # larger bodies are refused by mitmproxy (413), run intact
    offline_body: str = OFFLINE_BODY
    # Online: upstream certificates are verified (system CAs); a PEM here is trusted too (a lab's own
    # servers with a private CA). Never turned off.
    upstream_ca: Path | None = None
