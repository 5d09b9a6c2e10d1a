"""frida-server for a device: which build it needs, where to get it, how to check a binary.

The build must match the host's ``frida`` Python package exactly (the protocol is versioned) and
the device's primary ABI; a mismatch is the classic "unable to inject library" or
"not executable: 64-bit ELF file".
"""

from __future__ import annotations

import lzma
import os
import urllib.error
import urllib.request
from pathlib import Path

import frida

from monitor.errors import ConfigError, DeviceError, ToolMissing
from monitor.paths import state_home

DEVICE_PATH = "/data/local/tmp/frida-server"
RELEASES = "https://github.com/frida/frida/releases/download"
ABI_ARCH = {"arm64-v8a": "arm64", "armeabi-v7a": "arm", "armeabi": "arm", "x86": "x86", "x86_64": "x86_64"}
ELF_ARCH = {183: "arm64", 40: "arm", 3: "x86", 62: "x86_64"}  # ELF e_machine -> frida arch


def host_version() -> str:
    return frida.__version__


def arch_for_abi(abi: str) -> str:
    try:
        return ABI_ARCH[abi]
    except KeyError:
        raise DeviceError(f"no frida-server build for ABI {abi!r} (known: {', '.join(ABI_ARCH)})") from None


def asset_name(version: str, arch: str) -> str:
    return f"frida-server-{version}-android-{arch}.xz"


def release_url(version: str, arch: str, base: str | None = None) -> str:
    base = (base or os.environ.get("PIMON_FRIDA_RELEASES") or RELEASES).rstrip("/")
    return f"{base}/{version}/{asset_name(version, arch)}"


def cache_dir() -> Path:
    return state_home() / "frida-server"


def download(version: str, arch: str, *, base: str | None = None, timeout: float = 30) -> Path:
    """Fetch (or reuse from the cache) the .xz for version/arch; one-line ToolMissing when offline."""
    target = cache_dir() / asset_name(version, arch)
    if target.is_file() and target.stat().st_size > 0:
        return target
    url = release_url(version, arch, base)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            data = resp.read()
    except urllib.error.HTTPError as exc:
        raise ToolMissing(
            f"cannot download frida-server {version} for {arch}: HTTP {exc.code} from {url}; "
            "pass --frida-server FILE with a local copy"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ToolMissing(
            f"cannot download frida-server {version} for {arch} ({reason}): offline? "
            f"fetch {url} elsewhere and pass --frida-server FILE"
        ) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def load_binary(path: Path) -> bytes:
    """The executable from a local file: ``.xz`` (as released) is decompressed, an ELF taken as is."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read frida-server ({exc.strerror})", path=str(path)) from exc
    if data[:6] == b"\xfd7zXZ\x00":
        try:
            data = lzma.decompress(data)
        except lzma.LZMAError as exc:
            raise ConfigError(f"broken .xz archive ({exc})", path=str(path)) from exc
    if data[:4] != b"\x7fELF":
        raise ConfigError("not a frida-server binary (no ELF header)", path=str(path))
    return data


def elf_arch(header: bytes) -> str | None:
    """The frida arch of an ELF from its first 20 bytes (e_machine), None if unknown/not ELF."""
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    order = "little" if header[5] == 1 else "big"
    return ELF_ARCH.get(int.from_bytes(header[18:20], order))


def parse_version(output: str) -> str | None:
    """The version ``frida-server --version`` printed, None if it printed an error instead."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    if lines and all(ch.isdigit() or ch == "." for ch in lines[-1]) and lines[-1].count(".") == 2:
        return lines[-1]
    return None
