"""Assemble the static inventory of an app from its archive and the SDK database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from monitor.inspect.archive import Archive, open_archive
from monitor.inspect.manifest import components, declared_permissions, package_info, used_permissions
from monitor.inspect.model import Inventory, NativeLib, OtherPackage, SdkHit, TrackerHost
from monitor.sdk.db import Sdk, SdkDatabase, load

# attribution's framework prefixes (architecture §4) plus common language/runtime libraries
FRAMEWORK_PREFIXES = ("android.", "androidx.", "java.", "javax.", "kotlin.", "kotlinx.", "dalvik.",
                      "com.android.", "sun.", "jdk.", "com.pimon.emulator.", "org.w3c.", "org.xml.",
                      "org.json.", "org.apache.http.", "junit.", "org.junit.", "org.intellij.",
                      "org.jetbrains.annotations.", "_COROUTINE.")
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\"'<>\\^`{|}]*)?")
_HOST = re.compile(r"^(?=.{4,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_LIB = re.compile(r"^lib/([^/]+)/([^/]+\.so)$")
MAX_URLS_PER_HOST = 5


def _hit(sdk: Sdk, prefixes: list[str], class_count: int) -> SdkHit:
    return SdkHit(id=sdk.id, name=sdk.name, vendor=sdk.vendor, category=sdk.category, prefixes=prefixes,
                  class_count=class_count, website=sdk.website, privacy_policy=sdk.privacy_policy,
                  compliance_guide=sdk.compliance_guide)


def sdk_inventory(class_names: list[str], db: SdkDatabase) -> list[SdkHit]:
    """SDKs present by class name: per SDK the matched prefixes and the number of classes."""
    counts: Counter[str] = Counter()
    prefixes: dict[str, set[str]] = defaultdict(set)
    for name in class_names:
        hit = db.match_prefix(name)
        if hit:
            sdk, prefix = hit
            counts[sdk.id] += 1
            prefixes[sdk.id].add(prefix)
    out = []
    for sdk_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        sdk = db.get(sdk_id)
        assert sdk is not None
        out.append(_hit(sdk, sorted(prefixes[sdk_id]), n))
    return out


def other_packages(class_names: list[str], app_package: str, db: SdkDatabase, limit: int = 20) -> list[OtherPackage]:
    """Third-party packages no SDK claims (first three segments), most classes first."""
    counts: Counter[str] = Counter()
    own = app_package + "."
    for name in class_names:
        if name.startswith(own) or name.startswith(FRAMEWORK_PREFIXES) or "." not in name:
            continue
        if db.match_prefix(name):
            continue
        parts = name.split(".")[:-1]
        counts[".".join(parts[:3])] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [OtherPackage(package=p, class_count=n) for p, n in ranked]


def network_hosts(strings: set[str], db: SdkDatabase) -> tuple[list[TrackerHost], list[str]]:
    """Tracker hosts (URLs and bare host names in the code that belong to a known SDK) and all URL hosts."""
    urls_by_host: dict[str, set[str]] = defaultdict(set)
    bare: set[str] = set()
    for s in strings:
        if "://" in s:
            for m in _URL.finditer(s):
                url = m.group()
                host = (urlsplit(url).hostname or "").lower()
                if host:
                    urls_by_host[host].add(url)
        elif "." in s and len(s) < 254 and _HOST.match(s):
            bare.add(s)
    trackers: dict[str, TrackerHost] = {}
    for host in sorted(set(urls_by_host) | bare):
        sdk = db.match_host(host)
        if sdk is None:
            continue
        trackers[host] = TrackerHost(host=host, sdk=sdk.id, urls=sorted(urls_by_host.get(host, ()))[:MAX_URLS_PER_HOST])
    return list(trackers.values()), sorted(urls_by_host)


def native_libs(files: list[str], db: SdkDatabase) -> list[NativeLib]:
    abis: dict[str, list[str]] = defaultdict(list)
    for f in files:
        m = _LIB.match(f)
        if m:
            abis[m.group(2)].append(m.group(1))
    out = []
    for name in sorted(abis):
        sdk = db.match_native_lib(name)
        out.append(NativeLib(name=name, abis=sorted(abis[name]), sdk=sdk.id if sdk else None))
    return out


def build_inventory(archive: Archive, db: SdkDatabase | None = None) -> Inventory:
    db = db or load()
    root = archive.manifest
    info = package_info(root)
    from monitor.textsafe import check_package

    check_package(info["package"], str(getattr(archive, "path", "") or "") or None)
    comps = components(root, info["target_sdk"])
    for c in comps:
        sdk = db.match_class(c.name)
        c.sdk = sdk.id if sdk else None
    sdks = sdk_inventory(archive.class_names, db)
    libs = native_libs(archive.files, db)
    by_id = {s.id: s for s in sdks}
    for lib in libs:
        if lib.sdk and lib.sdk not in by_id:  # present only through its native library
            sdk = db.get(lib.sdk)
            assert sdk is not None
            by_id[lib.sdk] = _hit(sdk, [], 0)
            sdks.append(by_id[lib.sdk])
        if lib.sdk:
            by_id[lib.sdk].native_libs.append(lib.name)
    warnings = [f"packed with {s.name.split(' (')[0]}: the app's own classes are encrypted, so the SDK "
                "inventory and tracker hosts below are incomplete" for s in sdks if s.category == "packer"]
    trackers, hosts = network_hosts(archive.strings, db)
    return Inventory(
        file=str(archive.path), format=archive.format, sha256=archive.sha256, **info,  # type: ignore[arg-type]
        permissions=used_permissions(root), declared_permissions=declared_permissions(root),
        components=comps, sdks=sdks, other_packages=other_packages(archive.class_names, info["package"], db),
        tracker_hosts=trackers, hosts=hosts, native_libs=libs, class_count=len(archive.class_names),
        warnings=warnings)


def inspect_file(path: str | Path, db: SdkDatabase | None = None) -> Inventory:
    """The static inventory of an APK or a pimon app jar (``ConfigError`` on unreadable input)."""
    return build_inventory(open_archive(path), db)
