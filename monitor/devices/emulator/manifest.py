"""Reading an emulator app's AndroidManifest.xml from its jar (package, label, components)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from monitor.errors import ConfigError

ANDROID_NS = "{http://schemas.android.com/apk/res/android}"
BOOT_ACTIONS = ("android.intent.action.BOOT_COMPLETED", "android.intent.action.LOCKED_BOOT_COMPLETED")


@dataclass(frozen=True)
class AppManifest:
    package: str
    label: str
    application: str | None
    permissions: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    boot_receivers: tuple[str, ...] = ()
    services: tuple[str, ...] = field(default=())


def _qualify(package: str, name: str) -> str:
    if name.startswith("."):
        return package + name
    return name if "." in name else f"{package}.{name}"


def _actions(element: ElementTree.Element) -> set[str]:
    return {a.get(ANDROID_NS + "name", "") for f in element.findall("intent-filter") for a in f.findall("action")}


def parse_manifest(xml: bytes, source: str) -> AppManifest:
    """Parses manifest XML; ConfigError naming ``source`` (and the line) if it is not usable."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as err:
        raise ConfigError(f"AndroidManifest.xml is not well-formed XML: {err}", path=source, line=err.position[0]) from None
    package = root.get("package", "").strip()
    if root.tag != "manifest" or not package:
        raise ConfigError("AndroidManifest.xml needs a <manifest package=...> root", path=source)
    from monitor.textsafe import check_package

    check_package(package, source)
    app = root.find("application")
    name = lambda e: _qualify(package, e.get(ANDROID_NS + "name", ""))
    return AppManifest(
        package=package,
        label=(app.get(ANDROID_NS + "label") if app is not None else None) or package,
        application=name(app) if app is not None and app.get(ANDROID_NS + "name") else None,
        permissions=tuple(p.get(ANDROID_NS + "name", "") for p in root.findall("uses-permission")),
        activities=tuple(name(a) for a in (app.findall("activity") if app is not None else [])),
        boot_receivers=tuple(
            name(r) for r in (app.findall("receiver") if app is not None else []) if _actions(r) & set(BOOT_ACTIONS)
        ),
        services=tuple(name(s) for s in (app.findall("service") if app is not None else [])),
    )


def read_manifest(jar: Path) -> AppManifest:
    """The manifest at the root of an emulator app jar."""
    try:
        with zipfile.ZipFile(jar) as z:
            xml = z.read("AndroidManifest.xml")
    except FileNotFoundError:
        raise ConfigError("no such file", path=str(jar)) from None
    except KeyError:
        raise ConfigError("not an emulator app: no AndroidManifest.xml at the root of the jar", path=str(jar)) from None
    except zipfile.BadZipFile:
        raise ConfigError("not an emulator app: not a jar/zip file", path=str(jar)) from None
    return parse_manifest(xml, f"{jar}!/AndroidManifest.xml")
