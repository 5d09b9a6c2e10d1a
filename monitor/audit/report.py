"""The static part of an SDK audit as one JSON-ready document (``pimon sdk reach``)."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from monitor import paths
from monitor.audit import reach
from monitor.errors import ConfigError, ToolMissing


def load_libraries(files: list[Path]) -> tuple[dict[str, reach.ClassInfo], dict[str, str]]:
    """The classes of an SDK and the vendor libraries given with it (first definition wins)."""
    classes: dict[str, reach.ClassInfo] = {}
    errors: dict[str, str] = {}
    for f in files:
        if not f.is_file():
            raise ConfigError(f"no such SDK file: {f}")
        if f.suffix not in (".jar", ".aar"):
            raise ConfigError(f"{f}: an SDK is a .jar or an .aar")
        try:
            got, bad = reach.read_jar(f)
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise ConfigError(f"{f}: not a readable jar/aar: {exc}") from None
        for name, info in got.items():
            classes.setdefault(name, info)
        errors.update({f"{f.name}!{k}": v for k, v in bad.items()})
    return classes, errors


def framework_classes(build_dir: Path | None = None) -> dict[str, reach.ClassInfo]:
    jar = (build_dir or paths.EMULATOR_BUILD) / "framework.jar"
    if not jar.is_file():
        raise ToolMissing(f"the emulator is not built ({jar} is missing): run `make setup`")
    return reach.read_jar(jar)[0]


def static_audit(files: list[Path], catalog: Any, framework: dict[str, reach.ClassInfo]) -> dict[str, Any]:
    sdk, errors = load_libraries(files)
    refs = reach.catalog_references(sdk, framework, catalog)
    refl = reach.reflective_references(sdk, catalog)
    link = reach.linkage(sdk, framework)
    apis: dict[str, dict[str, Any]] = {}
    for r in refs:
        a = apis.setdefault(r.api, {"api": r.api, "categories": [], "pi": [], "personal": False,
                                    "conditional": True, "callers": []})
        for key, value in (("categories", r.category), ("pi", r.pi)):
            if value and value not in a[key]:
                a[key].append(value)
        a["personal"] = a["personal"] or catalog.is_personal(r.category)
        a["conditional"] = a["conditional"] and r.conditional
        if r.caller not in a["callers"]:
            a["callers"].append(r.caller)
    reflective: dict[str, list[str]] = defaultdict(list)
    for rr in refl:
        reflective[rr.class_name].append(rr.caller)
    missing_classes = sorted(link.missing_classes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    missing_members = sorted(link.missing_members.items(),
                             key=lambda kv: (-len(kv[1]), kv[0].owner, kv[0].name, kv[0].desc))
    return {
        "libraries": [str(f) for f in files],
        "classes": len(sdk),
        "unreadable_classes": errors,
        "catalog_apis": sorted(apis.values(), key=lambda a: (not a["personal"], a["api"])),
        "reflective": [{"class": k, "callers": v} for k, v in sorted(reflective.items())],
        "platform": {
            "classes_referenced": len(link.platform_classes),
            "classes_missing": len(link.missing_classes),
            "ui_classes_missing": sum(1 for c in link.missing_classes if reach.is_ui(c)),
            "members_referenced": len(link.platform_members),
            "members_missing": len(link.missing_members),
        },
        "missing_classes": [{"class": c, "ui": reach.is_ui(c), "used_by": len(users), "example": min(users)}
                            for c, users in missing_classes],
        "missing_members": [{"member": f"{m.owner}.{m.name}", "kind": m.kind, "descriptor": m.desc,
                             "used_by": len(users), "example": min(users)} for m, users in missing_members],
        "unloadable": [{"class": c, "why": why} for c, why in sorted(link.unloadable.items())],
    }
