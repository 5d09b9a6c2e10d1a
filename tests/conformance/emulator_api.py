"""The public/protected API the emulator defines, read with ``javap`` from its compiled classes, and
its comparison against the stub index (see api_index.py)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.conformance.api_index import ApiClass, lineage, params_match, return_kind, type_match

_HEADER = re.compile(r"^(?P<mods>(?:[a-z]+ )*)(?:class|interface|enum) (?P<name>[\w.$]+)")
_MODS = {"public", "protected", "private", "static", "final", "abstract", "native", "synchronized",
         "transient", "volatile", "strictfp", "default", "sealed", "non-sealed"}


@dataclass
class Member:
    kind: str  # method | ctor | field
    name: str
    params: tuple[str, ...] = ()
    type: str = ""  # return / field type (Java)
    static: bool = False
    line: str = ""


@dataclass
class EmuClass:
    name: str
    public: bool
    members: list[Member] = field(default_factory=list)


def erase(text: str) -> str:
    """Drop generic arguments (nested too): ``java.util.Map<K, java.util.List<V>>`` -> ``java.util.Map``."""
    prev = None
    while prev != text:
        prev, text = text, re.sub(r"<[^<>]*>", "", text)
    return text


def _java(t: str, typevars: set[str]) -> str:
    t = t.strip().replace("...", "[]")
    base = t.rstrip("[]")
    dims = t[len(base):]
    if base in typevars or ("." not in base and base not in
                            ("boolean", "byte", "char", "short", "int", "long", "float", "double", "void")):
        return "?" + dims
    return t


def parse_javap(text: str) -> list[EmuClass]:
    classes: list[EmuClass] = []
    cur: EmuClass | None = None
    typevars: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        m = _HEADER.match(line)
        if m and line.endswith("{"):
            typevars = set(re.findall(r"[<,]\s*(\w+)(?:\s+extends[^,>]*)?", line.split(" extends ")[0]))
            cur = EmuClass(erase(m.group("name")), "public" in m.group("mods").split() or
                           "protected" in m.group("mods").split())
            classes.append(cur)
            continue
        if cur is None or not line.endswith(";") or line.startswith("static {}"):
            continue
        decl = line[:-1]
        decl = decl.split(" throws ")[0]
        method_vars = set(re.findall(r"^(?:[a-z]+ )*<([^>]*)>", decl)[0].replace(" ", "").split(",")) \
            if re.match(r"^(?:[a-z]+ )*<", decl) else set()
        method_vars = {v.split("extends")[0] for v in method_vars}
        decl = erase(decl)
        words = decl.split("(")[0].split()
        mods = [w for w in words if w in _MODS]
        rest = [w for w in words if w not in _MODS]
        static = "static" in mods
        tv = typevars | method_vars
        if "(" in decl:
            params_text = decl[decl.index("(") + 1: decl.rindex(")")]
            params = tuple(_java(p, tv) for p in params_text.split(",") if p.strip())
            if len(rest) == 1:  # constructor: just the (qualified) class name
                cur.members.append(Member("ctor", "<init>", params, static=False, line=line))
            else:
                cur.members.append(Member("method", rest[-1], params, _java(rest[-2], tv), static, line))
        elif len(rest) >= 2:
            cur.members.append(Member("field", rest[-1], (), _java(rest[-2], tv), static, line))
    return classes


def javap_classes(classpath: Path, prefix: str = "android/") -> list[EmuClass]:
    """Public/protected members of every class under ``prefix`` in a classes directory or a jar."""
    if classpath.is_dir():
        files = [str(p.relative_to(classpath)) for p in classpath.rglob("*.class")]
    else:
        with zipfile.ZipFile(classpath) as zf:
            files = zf.namelist()
    names = sorted(f[:-6].replace("/", ".") for f in files if f.startswith(prefix) and f.endswith(".class"))
    classes_dir = classpath
    out: list[EmuClass] = []
    for i in range(0, len(names), 200):
        proc = subprocess.run(["javap", "-protected", "-cp", str(classes_dir), *names[i:i + 200]],
                              capture_output=True, text=True, check=True)
        out.extend(parse_javap(proc.stdout))
    return out


def _find_method(index: dict[str, ApiClass], cls: str, m: Member):
    """(found overload, candidates) for a method of ``cls`` in the API, searching its ancestors."""
    candidates = []
    for api in lineage(index, cls):
        for api_m in api.methods.get(m.name, []):
            candidates.append(api_m)
            if params_match(api_m.params, m.params):
                return api_m, candidates
    return None, candidates


def check_class(index: dict[str, ApiClass], emu: EmuClass, hidden: dict | None = None,
                hidden_classes: dict | None = None) -> list[str]:
    """Every way ``emu`` differs from API 36 (empty: conforms).

    ``hidden`` maps (class, method) to a sourced non-SDK entry (non_sdk_api.yaml) that may stand in;
    ``hidden_classes`` maps a hidden framework class to its entry: its methods are then checked
    against the public type it implements (plus ``hidden``), its constructors and fields not at all.
    """
    hidden = hidden or {}
    hidden_classes = hidden_classes or {}
    if emu.name not in index and emu.name in hidden_classes:
        stand_in = hidden_classes[emu.name]["implements"]
        emu = EmuClass(emu.name, emu.public, [m for m in emu.members if m.kind == "method"])
        index = {**index, emu.name: ApiClass(emu.name, bases=[stand_in])}
    if emu.name not in index:
        return [f"{emu.name}: class does not exist in API 36"]
    problems = []
    own = index[emu.name]
    # covariant overrides come with compiler bridges (same name and parameters, wider return type):
    # a method conforms if any of its same-signature declarations has the API's return type
    returns: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for m in emu.members:
        if m.kind == "method":
            returns.setdefault((m.name, m.params), []).append(m.type)
    for m in emu.members:
        where = f"{emu.name}.{m.name}({', '.join(m.params)})"
        if m.kind == "ctor":
            if not any(params_match(c, m.params) for c in own.ctors):
                problems.append(f"{emu.name}({', '.join(m.params)}): no such public constructor in API 36 "
                                f"(API has {[', '.join(c) for c in own.ctors] or 'none'})")
        elif m.kind == "method":
            if m.name in ("values", "valueOf") and m.static:
                continue  # enum methods the compiler generates
            found, candidates = _find_method(index, emu.name, m)
            listed = hidden.get((emu.name, m.name))
            if found is None and listed is not None:
                ovs = [tuple(o) for o in listed.get("overloads", [])]
                if not ovs or any(params_match(o, m.params) for o in ovs):
                    continue
            if found is None:
                have = sorted({"(" + ", ".join(c.params) + ")" for c in candidates})
                problems.append(f"{where}: no such method/overload in API 36"
                                + (f" (API has {', '.join(have)})" if have else ""))
                continue
            if found.static != m.static:
                problems.append(f"{where}: {'static' if m.static else 'instance'} here, "
                                f"{'static' if found.static else 'instance'} in API 36")
            if not any(type_match(found.ret, return_kind(t)) for t in returns[(m.name, m.params)]):
                problems.append(f"{where}: returns {m.type}, API 36 returns {found.ret}")
        else:
            api_field = next((a.fields[m.name] for a in lineage(index, emu.name) if m.name in a.fields), None)
            if api_field is None:
                problems.append(f"{emu.name}.{m.name}: no such field in API 36")
                continue
            static, kind = api_field
            if static != m.static:
                problems.append(f"{emu.name}.{m.name}: field static-ness differs from API 36")
            if not type_match(kind, return_kind(m.type)):
                problems.append(f"{emu.name}.{m.name}: field type {m.type}, API 36 has {kind}")
    return problems
