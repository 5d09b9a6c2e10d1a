"""Static reachability of an SDK's bytecode: which catalog APIs it references (with the calling class and
method), and what of the Android platform it needs that pimon's emulator framework does not provide.

Both answers come from the class files alone (``classfile``): the SDK's invocations, against the catalog
and against the framework's classes and members. A reference is matched to a catalog API through the
framework's class hierarchy, so ``PackageManager.getInstalledPackages`` in the SDK matches the catalog's
``ApplicationPackageManager.getInstalledPackages`` (the implementation the call reaches).
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from monitor.audit.classfile import ClassFormatError, ClassInfo, MemberRef, parse

#: Packages the Android platform provides (the emulator's framework must, for an SDK to link).
PLATFORM = ("android.", "org.json.", "org.apache.http.", "org.xmlpull.", "dalvik.", "com.android.internal.")
#: Provided by the JVM itself (Android's libcore differs in details that are not checked here).
JDK = ("java.", "javax.", "sun.", "jdk.")
UI_PACKAGES = ("android.view.", "android.widget.", "android.graphics.", "android.webkit.", "android.text.",
               "android.animation.")


def read_jar(path: Path) -> tuple[dict[str, ClassInfo], dict[str, str]]:
    """Every class in a jar (or an .aar's classes.jar and libs/*.jar); unreadable ones with the reason."""
    classes: dict[str, ClassInfo] = {}
    errors: dict[str, str] = {}
    for entry, data in _class_files(path):
        try:
            info = parse(data)
        except ClassFormatError as exc:
            errors[entry] = str(exc)
            continue
        classes.setdefault(info.name, info)
    return classes, errors


def _class_files(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if path.suffix == ".aar":
            for inner in [n for n in names if n == "classes.jar" or (n.startswith("libs/") and n.endswith(".jar"))]:

                with zipfile.ZipFile(io.BytesIO(zf.read(inner))) as jz:
                    for n in jz.namelist():
                        if n.endswith(".class") and not n.startswith("META-INF/"):
                            yield f"{inner}!{n}", jz.read(n)
            return
        for n in names:
            if n.endswith(".class") and not n.startswith("META-INF/"):
                yield n, zf.read(n)


class Hierarchy:
    """Superclasses and interfaces over a set of classes (names outside it end the walk)."""

    def __init__(self, classes: dict[str, ClassInfo]) -> None:
        self.classes = classes
        self._subs: dict[str, set[str]] = defaultdict(set)
        for c in classes.values():
            for sup in [c.super_name, *c.interfaces]:
                if sup:
                    self._subs[sup].add(c.name)

    def ancestors(self, name: str) -> list[str]:
        out, todo, seen = [], [name], set()
        while todo:
            n = todo.pop(0)
            if n in seen:
                continue
            seen.add(n)
            out.append(n)
            c = self.classes.get(n)
            if c is not None:
                todo += [s for s in [c.super_name, *c.interfaces] if s]
        return out

    def descendants(self, name: str) -> set[str]:
        out, todo = set(), [name]
        while todo:
            for s in self._subs.get(todo.pop(), ()):
                if s not in out:
                    out.add(s)
                    todo.append(s)
        return out


@dataclass(frozen=True)
class ApiReference:
    api: str  # the catalog's class.method
    category: str
    pi: str | None
    conditional: bool  # the catalog entry has an argument filter: the call is this PI only if it matches
    referenced_as: str  # owner.name as the bytecode names it
    caller: str  # the SDK's class.method making the reference


@dataclass
class Linkage:
    """What the SDK needs of the platform that the framework lacks, with the SDK classes needing it."""

    missing_classes: dict[str, set[str]] = field(default_factory=dict)
    missing_members: dict[MemberRef, set[str]] = field(default_factory=dict)
    platform_classes: set[str] = field(default_factory=set)  # every platform class referenced
    platform_members: set[MemberRef] = field(default_factory=set)
    unloadable: dict[str, str] = field(default_factory=dict)  # SDK class -> why it cannot load


def _platform(name: str) -> bool:
    return name.startswith(PLATFORM)


def catalog_references(sdk: dict[str, ClassInfo], framework: dict[str, ClassInfo],
                       catalog: Iterable) -> list[ApiReference]:
    """Each (catalog API, calling method) the SDK's bytecode references, in class and method order."""
    by_method: dict[str, list] = defaultdict(list)
    for e in catalog:
        if not e.native:
            by_method[e.method if e.method != "$init" else "<init>"].append(e)
    h = Hierarchy({**framework, **sdk})
    related: dict[str, set[str]] = {}
    out: list[ApiReference] = []
    for cname in sorted(sdk):
        for m in sdk[cname].methods:
            for ref in m.refs:
                if ref.kind != "method" or ref.name not in by_method:
                    continue
                if ref.owner not in related:
                    related[ref.owner] = {ref.owner, *h.ancestors(ref.owner), *h.descendants(ref.owner)}
                seen = set()
                for e in by_method[ref.name]:
                    if e.class_name in related[ref.owner] and (e.api, e.pi) not in seen:
                        seen.add((e.api, e.pi))
                        out.append(ApiReference(e.api, e.category, e.pi, e.filter is not None,
                                                f"{ref.owner}.{ref.name}", f"{cname}.{m.name}"))
    return out


OBJECT_METHODS = {("equals", "(Ljava/lang/Object;)Z"), ("hashCode", "()I"), ("toString", "()Ljava/lang/String;"),
                  ("getClass", "()Ljava/lang/Class;"), ("clone", "()Ljava/lang/Object;"), ("finalize", "()V"),
                  ("notify", "()V"), ("notifyAll", "()V"), ("wait", "()V"), ("wait", "(J)V"), ("wait", "(JI)V")}


def _has_member(h: Hierarchy, ref: MemberRef) -> bool | None:
    """True/False if the framework resolves ``ref``; None when it may come from a JDK class the framework
    extends (other than Object, whose members are known), which is not checked here."""
    unknown = False
    for n in h.ancestors(ref.owner):
        c = h.classes.get(n)
        if c is None:
            if n == "java.lang.Object":
                if ref.kind == "method" and (ref.name, ref.desc) in OBJECT_METHODS:
                    return True
            elif not _platform(n):
                unknown = True
            continue
        if ref.kind == "method" and any(mm.name == ref.name and mm.desc == ref.desc for mm in c.methods):
            return True
        if ref.kind == "field" and (ref.name, ref.desc) in c.fields:
            return True
    return None if unknown else False


def linkage(sdk: dict[str, ClassInfo], framework: dict[str, ClassInfo]) -> Linkage:
    h = Hierarchy(framework)
    out = Linkage()
    for cname, c in sdk.items():
        for name in c.class_refs:
            if _platform(name) and name not in sdk:
                out.platform_classes.add(name)
                if name not in framework:
                    out.missing_classes.setdefault(name, set()).add(cname)
        for ref in c.member_refs():
            if not _platform(ref.owner) or ref.owner in sdk:
                continue
            out.platform_members.add(ref)
            if ref.owner in framework and _has_member(h, ref) is False:
                out.missing_members.setdefault(ref, set()).add(cname)
    # a class whose superclass or an interface is missing (directly or through another SDK class) cannot load
    def why(name: str, seen: frozenset = frozenset()) -> str | None:
        c = sdk.get(name)
        if c is None or name in seen:
            return None
        for sup in [c.super_name, *c.interfaces]:
            if sup and _platform(sup) and sup not in framework:
                return f"{'superclass' if sup == c.super_name else 'interface'} {sup} is missing"
            inner = why(sup, seen | {name}) if sup in sdk else None
            if inner:
                return f"{sup}: {inner}"
        return None

    for cname in sdk:
        reason = why(cname)
        if reason:
            out.unloadable[cname] = reason
    return out


def is_ui(name: str) -> bool:
    return name.startswith(UI_PACKAGES)


@dataclass(frozen=True)
class ReflectiveReference:
    class_name: str  # a catalog class named by a string constant (Class.forName and friends)
    caller: str


def reflective_references(sdk: dict[str, ClassInfo], catalog: Iterable) -> list[ReflectiveReference]:
    """String constants naming a catalog class outside the SDK: how SDKs reach optional APIs (the
    Google advertising id, vendors' OAID providers) without linking against them."""
    wanted = {e.class_name for e in catalog if not e.native}
    out = []
    for cname in sorted(sdk):
        for m in sdk[cname].methods:
            for s in sorted(m.strings):
                name = s.replace("/", ".")
                if name in wanted and name not in sdk:
                    out.append(ReflectiveReference(name, f"{cname}.{m.name}"))
    return out
