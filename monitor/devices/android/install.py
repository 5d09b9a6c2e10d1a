"""Installing an app on a device: one APK, split APKs, and the bundles stores hand out (.xapk, .apks).

* one ``.apk``: pushed, ``pm install -r -t -d`` (``-d``: a lab reinstalls older builds);
* a set (``.xapk``: APKPure's zip with ``manifest.json`` and the APKs; ``.apks``: SAI/bundletool's zip;
  or several ``.apk`` files of one package): ``pm install-create`` / ``install-write`` / ``install-commit``,
  the shell equivalent of ``adb install-multiple`` (works through any adb server, one session);
* Android 14 refuses apps targeting SDK < 23 (``INSTALL_FAILED_DEPRECATED_SDK_VERSION``): retried once
  with ``--bypass-low-target-sdk-block``, and said so;
* MIUI/HyperOS refuses adb installs until "Install via USB" is on (``INSTALL_FAILED_USER_RESTRICTED``):
  a one-line error saying where to switch it on.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from adbutils import AdbDevice, AdbError

from monitor.devices.android.adb import sh
from monitor.errors import ConfigError, DeviceError

TMP = "/data/local/tmp/pimon-install"
BUNDLES = (".xapk", ".apks", ".apkm")
MAX_APK = 4 * 1024**3  # zip-bomb guard on what a bundle claims to hold
FAILURE = re.compile(r"(INSTALL_[A-Z_]+|Failure \[[^\]]*\])")


@dataclass(frozen=True)
class ApkPart:
    name: str  # file name inside the set, e.g. base.apk, config.arm64_v8a.apk
    data: bytes


def parts_of(path: Path) -> list[ApkPart]:
    """The APKs to install for ``path`` (an .apk, or a bundle zip); ConfigError naming the file if none."""
    if path.suffix.lower() not in BUNDLES:
        return [ApkPart(path.name, _read(path))]
    try:
        with zipfile.ZipFile(path) as z:
            infos = [
                i for i in z.infolist()
                if i.filename.lower().endswith(".apk") and not i.filename.startswith(("standalones/", "universal"))
            ]
            if sum(i.file_size for i in infos) > MAX_APK:
                raise ConfigError("the bundle claims more than 4 GiB of APKs", path=str(path))
            parts = [ApkPart(i.filename.rsplit("/", 1)[-1], z.read(i)) for i in infos]
    except (zipfile.BadZipFile, OSError) as exc:
        raise ConfigError(f"not an app bundle ({exc})", path=str(path)) from exc
    if not parts:
        raise ConfigError("no .apk inside this bundle", path=str(path))
    return parts


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the app ({exc.strerror})", path=str(path)) from exc


def package_of(parts: list[ApkPart], path: Path) -> str:
    """The package all parts belong to (from their manifests); ConfigError if unreadable or mixed."""
    from androguard.core.apk import APK

    names = set()
    for part in parts:
        try:
            names.add(APK(part.data, raw=True).get_package())
        except Exception as exc:  # androguard raises assorted types on a bad file
            what = "not an installable APK" if part.name == path.name else f"{part.name} is not an installable APK"
            raise ConfigError(f"{what} ({type(exc).__name__})", path=str(path)) from exc
    if len(names) != 1:
        raise ConfigError(f"the APKs belong to several packages: {', '.join(sorted(map(str, names)))}", path=str(path))
    return names.pop()


def install(dev: AdbDevice, path: Path) -> tuple[str, list[str]]:
    """Install ``path``; (package, notes). DeviceError with the device's reason on failure."""
    parts = parts_of(path)
    package = package_of(parts, path)
    flags = "-r -t -d"
    out = _attempt(dev, parts, flags)
    notes = []
    if "INSTALL_FAILED_DEPRECATED_SDK_VERSION" in out:  # Android 14+: targetSdk < 23 is blocked
        out = _attempt(dev, parts, flags + " --bypass-low-target-sdk-block")
        notes.append("the app targets an old SDK: installed with --bypass-low-target-sdk-block (Android 14+)")
    if "Success" not in out:
        raise DeviceError(explain(path.name, out))
    return package, notes


def explain(name: str, out: str) -> str:
    m = FAILURE.search(out)
    reason = m.group(1) if m else (out.strip().splitlines()[-1] if out.strip() else "no answer")
    if "INSTALL_FAILED_USER_RESTRICTED" in out:
        return (f"installing {name} failed: {reason}: on MIUI/HyperOS turn on Developer options > 'Install via USB' "
                "(needs a Mi account and a SIM), then run again")
    if "INSTALL_FAILED_VERSION_DOWNGRADE" in out:
        return f"installing {name} failed: {reason}: a newer version is installed and this build is not debuggable; "\
               "uninstall it first (`adb uninstall PACKAGE`)"
    if "INSTALL_FAILED_UPDATE_INCOMPATIBLE" in out:
        return f"installing {name} failed: {reason}: signed with another key than the installed app; uninstall it first"
    return f"installing {name} failed: {reason}"


def _attempt(dev: AdbDevice, parts: list[ApkPart], flags: str) -> str:
    remote = [f"{TMP}-{i}.apk" for i in range(len(parts))]
    try:
        for part, dest in zip(parts, remote, strict=True):
            try:
                dev.sync.push(part.data, dest, mode=0o644)
            except (AdbError, OSError) as exc:
                raise DeviceError(f"pushing {part.name} failed: {exc}") from exc
        if len(parts) == 1:
            return sh(dev, f"pm install {flags} {remote[0]}", timeout=300).out
        total = sum(len(p.data) for p in parts)
        created = sh(dev, f"pm install-create {flags} -S {total}").out
        m = re.search(r"\[(\d+)\]", created)
        if not m:
            return created
        session = m.group(1)
        for i, (part, dest) in enumerate(zip(parts, remote, strict=True)):
            w = sh(dev, f"pm install-write -S {len(part.data)} {session} {i}_{_safe(part.name)} {dest}", timeout=300)
            if "Success" not in w.out:
                sh(dev, f"pm install-abandon {session}")
                return w.out
        return sh(dev, f"pm install-commit {session}", timeout=300).out
    finally:
        sh(dev, "rm -f " + " ".join(remote))


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)
