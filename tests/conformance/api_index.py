"""A signature index of the Android API (level 36) read from chaquopy-stubs-android's .pyi files.

The stubs are parsed with ``ast`` -- never imported. Java types are recovered from chaquopy's
annotation conventions:

* parameters: ``int | java.jint | java.lang.Integer`` -> ``int`` (the ``java.jX`` member names the
  primitive), ``str | java.lang.String`` -> ``java.lang.String``, ``java.chaquopy.JavaArrayJByte`` ->
  ``byte[]``, ``java.chaquopy.JavaArray[X]`` -> ``X[]``, generics erased, type variables -> ``?``;
* return types are coarser (``int`` for any integral type, ``str`` for String/char), so returns are
  compared through :func:`return_kind` on both sides;
* ``@staticmethod`` marks static methods, ``typing.ClassVar`` static fields, ``__init__`` constructors;
* nested classes become ``Outer$Inner``; a class's bases are kept so inherited members are found.
"""

from __future__ import annotations

import ast
import importlib.metadata
import keyword
from dataclasses import dataclass, field
from pathlib import Path

PRIMS = {"jboolean": "boolean", "jbyte": "byte", "jchar": "char", "jshort": "short", "jint": "int",
         "jlong": "long", "jfloat": "float", "jdouble": "double"}
_ARRAYS = {"JavaArrayJ" + p[1:].capitalize(): n for p, n in PRIMS.items()}
_PY_BUILTINS = {"int", "str", "bool", "float", "bytes", "None", "object"}
WILD = "?"


@dataclass(frozen=True)
class Method:
    params: tuple[str, ...]
    ret: str  # return_kind()
    static: bool


@dataclass
class ApiClass:
    name: str  # binary name: android.provider.Settings$Secure
    bases: list[str] = field(default_factory=list)
    methods: dict[str, list[Method]] = field(default_factory=dict)
    ctors: list[tuple[str, ...]] = field(default_factory=list)
    fields: dict[str, tuple[bool, str]] = field(default_factory=dict)  # name -> (static, kind)


def return_kind(java_type: str) -> str:
    """The precision at which the stubs state a return/field type, from a Java type name."""
    if java_type in ("byte", "short", "int", "long", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
                     "java.lang.Long"):
        return "int"
    if java_type in ("float", "double", "java.lang.Float", "java.lang.Double"):
        return "float"
    if java_type in ("boolean", "java.lang.Boolean"):
        return "bool"
    if java_type in ("char", "java.lang.Character", "java.lang.String"):
        return "str"
    if java_type == "void":
        return "None"
    return java_type


class _Module:
    def __init__(self, package: str, tree: ast.Module, packages: set[str]) -> None:
        self.package = package
        self.packages = packages
        self.toplevel = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        self.typevars: set[str] = set()
        self.imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    getattr(node.value.func, "attr", "") == "TypeVar":
                self.typevars.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def dotted(self, parts: list[str]) -> str:
        """'android.view.ViewGroup.LayoutParams' -> 'android.view.ViewGroup$LayoutParams'."""
        parts = [p[:-1] if p.endswith("_") and p[:-1].isidentifier() else p for p in parts]  # print_ -> print
        for i in range(len(parts) - 1, 0, -1):
            pkg = ".".join(parts[:i])
            if pkg in self.packages:
                return pkg + "." + "$".join(parts[i:])
        head = parts[0]
        if head in self.toplevel:
            return f"{self.package}.{head}" + "".join("$" + p for p in parts[1:])
        if head in self.imported:
            return self.dotted(self.imported[head].split(".") + parts[1:])
        return ".".join(parts)

    def java_type(self, node: ast.AST | None) -> str:
        if node is None:
            return WILD
        if isinstance(node, ast.Constant):
            if node.value is None:
                return "py:None"
            if isinstance(node.value, str):  # forward reference in quotes
                return self.java_type(ast.parse(node.value, mode="eval").body)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            members = []
            stack = [node]
            while stack:
                n = stack.pop()
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
                    stack.extend([n.right, n.left])
                else:
                    members.append(self.java_type(n))
            for m in members:
                if m in PRIMS.values():
                    return m
            java = [m for m in members if not m.startswith("py:")]
            if "java.lang.Object" in java:
                return "java.lang.Object"
            if java:
                return java[0]
            return members[0] if members else WILD
        if isinstance(node, ast.Subscript):
            base = self.java_type(node.value)
            if base == "java.chaquopy.JavaArray":
                return self.java_type(node.slice) + "[]"
            if base == "typing.Type":
                return "java.lang.Class"
            if base in ("typing.ClassVar", "typing.Optional"):
                return self.java_type(node.slice)
            if base.startswith("typing."):
                return WILD
            return base  # erase generics
        if isinstance(node, (ast.Name, ast.Attribute)):
            parts: list[str] = []
            n: ast.AST = node
            while isinstance(n, ast.Attribute):
                parts.append(n.attr)
                n = n.value
            if not isinstance(n, ast.Name):
                return WILD
            parts.append(n.id)
            parts.reverse()
            if parts[0] == "java" and len(parts) == 2 and parts[1] in PRIMS:
                return PRIMS[parts[1]]
            if parts[-1] in _ARRAYS and parts[:-1] in (["java", "chaquopy"], []):
                return _ARRAYS[parts[-1]] + "[]"
            if parts[:2] == ["java", "chaquopy"] or parts == ["JavaArray"]:
                return "java.chaquopy." + parts[-1]
            if len(parts) == 1 and parts[0] in self.typevars:
                return WILD
            if parts == ["object"]:
                return "java.lang.Object"
            if len(parts) == 1 and parts[0] in _PY_BUILTINS and parts[0] not in self.toplevel:
                return "py:" + parts[0]
            if parts == ["typing", "Type"]:
                return "java.lang.Class"
            if parts[0] == "typing":
                return WILD if parts[-1] in ("Any", "TypeVar") else "typing." + parts[-1]
            return self.dotted(parts)
        return WILD

    def ret(self, node: ast.AST | None) -> str:
        t = self.java_type(node)
        if isinstance(node, ast.BinOp):  # "X | None" -> X
            parts = [self.java_type(n) for n in (node.left, node.right)]
            parts = [p for p in parts if p != "py:None"]
            t = parts[0] if len(parts) == 1 else t
        if t.startswith("py:"):
            return t[3:]
        return t if t == WILD else return_kind(t)


def _is_static(fn: ast.FunctionDef) -> bool:
    return any(getattr(d, "id", None) == "staticmethod" for d in fn.decorator_list)


def _collect(mod: _Module, cls: ast.ClassDef, name: str, out: dict[str, ApiClass]) -> None:
    api = ApiClass(name, bases=[mod.java_type(b) for b in cls.bases])
    for node in cls.body:
        if isinstance(node, ast.ClassDef):
            _collect(mod, node, f"{name}${node.name}", out)
        elif isinstance(node, ast.FunctionDef):
            static = _is_static(node)
            args = node.args.posonlyargs + node.args.args
            if not static and args and args[0].arg == "self":
                args = args[1:]
            params = tuple(mod.java_type(a.annotation) for a in args)
            if node.args.vararg is not None:
                params += (mod.java_type(node.args.vararg.annotation) + "[]",)
            mname = node.name
            if mname.endswith("_") and (keyword.iskeyword(mname[:-1]) or mname[:-1] in ("exec", "print")):
                mname = mname[:-1]  # chaquopy escapes Python keywords: exec_ -> exec
            if mname == "__init__":
                api.ctors.append(params)
            else:
                api.methods.setdefault(mname, []).append(Method(params, mod.ret(node.returns), static))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            ann = node.annotation
            static = isinstance(ann, ast.Subscript) and mod.java_type(ann.value) == "typing.ClassVar"
            api.fields[node.target.id] = (static, mod.ret(ann.slice if static else ann))
    out[name] = api


def stub_root() -> Path:
    dist = importlib.metadata.distribution("chaquopy-stubs-android")
    return Path(str(dist.locate_file(""))).resolve()


def build_index(root: Path | None = None) -> dict[str, ApiClass]:
    """Every class of the stubs by binary name."""
    root = root or stub_root()
    files = {}
    for top in ("android", "java", "javax", "dalvik", "org"):
        base = root / f"{top}-stubs"
        for f in base.rglob("*.pyi"):
            rel = tuple(p.removesuffix("_") for p in f.relative_to(base).parent.parts)
            files[".".join((top, *rel))] = f
    packages = set(files)
    out: dict[str, ApiClass] = {}
    for package, f in files.items():
        tree = ast.parse(f.read_text(encoding="utf-8"))
        mod = _Module(package, tree, packages)
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                _collect(mod, node, f"{package}.{node.name}", out)
    return out


def lineage(index: dict[str, ApiClass], name: str) -> list[ApiClass]:
    """The class and all its ancestors (breadth first), as far as the stubs know them."""
    seen, queue, out = set(), [name], []
    while queue:
        n = queue.pop(0)
        if n in seen or n not in index:
            continue
        seen.add(n)
        out.append(index[n])
        queue.extend(index[n].bases)
    if "java.lang.Object" not in seen and "java.lang.Object" in index:
        out.append(index["java.lang.Object"])
    return out


BOXED = {"java.lang.Boolean": "boolean", "java.lang.Byte": "byte", "java.lang.Character": "char",
         "java.lang.Short": "short", "java.lang.Integer": "int", "java.lang.Long": "long",
         "java.lang.Float": "float", "java.lang.Double": "double"}


def type_match(api: str, ours: str) -> bool:
    """Equal, or a type variable on either side (``?``, ``?[]`` matches any array of that depth).

    chaquopy renders a boxed parameter exactly like the primitive (``int | java.jint |
    java.lang.Integer`` for both ``int`` and ``Integer``), so the two cannot be told apart here.
    """
    if api == ours or BOXED.get(ours) == api or BOXED.get(api) == ours:
        return True
    for wild, other in ((api, ours), (ours, api)):
        if wild.startswith(WILD):
            dims = wild.count("[]")
            return other.endswith("[]" * dims) if dims else True
    return False


def params_match(api: tuple[str, ...], ours: tuple[str, ...]) -> bool:
    return len(api) == len(ours) and all(type_match(a, o) for a, o in zip(api, ours, strict=True))
