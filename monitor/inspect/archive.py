"""Open an APK or a pimon emulator app jar and hand back its manifest, class names, strings and files.

An APK has a binary (AXML) ``AndroidManifest.xml`` and ``classes*.dex``; a pimon app jar has the
manifest as plain XML at its root and ``.class`` files. Both are ZIPs; anything else -- a missing,
empty, truncated or non-APK file -- raises ``ConfigError`` with a one-line message.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loguru import logger
from lxml import etree

from monitor.errors import ConfigError
from monitor.inspect.dex import DexError, read_dex

logger.disable("androguard")  # androguard logs through loguru at DEBUG/INFO by default

_AXML_MAGIC = b"\x03\x00\x08\x00"
_CLASS_STRING = re.compile(rb"[\x20-\x7e]{6,}")  # printable runs in a class file's constant pool


@dataclass
class Archive:
    path: Path
    format: str  # "apk" | "pimon-jar"
    sha256: str
    manifest: Any  # lxml element of <manifest>
    class_names: list[str] = field(default_factory=list)  # Java names: com.a.B$C
    strings: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as err:
        raise ConfigError(f"corrupt entry {name} ({err})", path=str(path)) from None


_ANDROID_NS = b'xmlns:android="http://schemas.android.com/apk/res/android"'


def _plain_manifest(data: bytes, path: Path) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as err:
        if "Namespace prefix android" not in str(err) or b"<manifest" not in data:
            raise ConfigError(f"AndroidManifest.xml: {err}", path=str(path)) from None
        try:  # a hand-written manifest that uses android: without declaring it
            root = etree.fromstring(data.replace(b"<manifest", b"<manifest " + _ANDROID_NS, 1), parser=parser)
        except etree.XMLSyntaxError as err2:
            raise ConfigError(f"AndroidManifest.xml: {err2}", path=str(path)) from None
    if root.tag != "manifest":
        raise ConfigError("AndroidManifest.xml has no <manifest> root", path=str(path))
    return root


def _open_jar(zf: zipfile.ZipFile, path: Path, names: list[str], manifest: bytes) -> Archive:
    root = _plain_manifest(manifest, path)
    classes, strings = [], set()
    for name in names:
        if name.endswith(".class") and not name.startswith("META-INF/"):
            classes.append(name[:-6].replace("/", "."))
            for m in _CLASS_STRING.finditer(_read(zf, name, path)):
                strings.add(m.group().decode("ascii"))
    return Archive(path, "pimon-jar", "", root, classes, strings, names)


def _open_apk(path: Path, names: list[str], zf: zipfile.ZipFile) -> Archive:
    from androguard.core.apk import APK

    try:
        apk = APK(str(path))
        root = apk.get_android_manifest_xml()
    except Exception as err:  # noqa: BLE001 -- androguard raises assorted errors on damaged input
        raise ConfigError(f"cannot parse APK: {type(err).__name__}: {err}".splitlines()[0], path=str(path)) from None
    if root is None or root.tag != "manifest":
        raise ConfigError("cannot decode the binary AndroidManifest.xml", path=str(path))
    classes: list[str] = []
    strings: set[str] = set()
    for name in names:  # classes.dex, classes2.dex, ... (what the runtime loads)
        if re.fullmatch(r"classes\d*\.dex", name):
            try:
                found, table = read_dex(_read(zf, name, path))
            except DexError as err:
                raise ConfigError(f"{name}: {err}", path=str(path)) from None
            classes.extend(found)
            strings.update(table)
    return Archive(path, "apk", "", root, classes, strings, names)


def open_archive(path: str | Path) -> Archive:
    """Open ``path`` as an APK or a pimon app jar; ``ConfigError`` (exit 2) when it is neither."""
    p = Path(path)
    if not p.exists():
        raise ConfigError("no such file", path=str(p))
    if not p.is_file():
        raise ConfigError("not a file", path=str(p))
    if p.stat().st_size == 0:
        raise ConfigError("empty file (0 bytes): not an APK", path=str(p))
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile:
        raise ConfigError("not a ZIP archive (truncated or not an APK)", path=str(p)) from None
    except OSError as err:
        raise ConfigError(f"cannot read: {err.strerror}", path=str(p)) from None
    with zf:
        names = zf.namelist()
        if "AndroidManifest.xml" not in names:
            raise ConfigError("ZIP archive without AndroidManifest.xml: not an APK or app jar", path=str(p))
        manifest = _read(zf, "AndroidManifest.xml", p)
        if manifest[:4] == _AXML_MAGIC:
            if not any(n.startswith("classes") and n.endswith(".dex") for n in names):
                raise ConfigError("APK without classes.dex", path=str(p))
            archive = _open_apk(p, names, zf)
        elif manifest.lstrip()[:1] == b"<":
            archive = _open_jar(zf, p, names, manifest)
        else:
            raise ConfigError("AndroidManifest.xml is neither binary AXML nor XML", path=str(p))
    archive.sha256 = _sha256(p)
    return archive
