"""A JVM class-file reader for static reachability: what a class declares and what each method references.

Reads the constant pool, the fields and methods, and each method's bytecode (``Code`` attribute) for the
instructions that reference the pool: invocations, field accesses, ``new``/``checkcast``/``instanceof``
and ``ldc`` of classes and strings. Pure functions over bytes; a malformed class raises ClassFormatError
naming the offset. Obfuscated Java-7 class files (no stack maps) read like any other.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

MAGIC = 0xCAFEBABE


class ClassFormatError(ValueError):
    pass


@dataclass(frozen=True)
class MemberRef:
    kind: str  # method | field
    owner: str  # binary name with dots: android.telephony.TelephonyManager, a.b.C$D
    name: str
    desc: str


@dataclass
class Method:
    name: str
    desc: str
    access: int
    refs: list[MemberRef] = field(default_factory=list)  # in bytecode order, duplicates kept once
    classes: set[str] = field(default_factory=set)  # new / checkcast / instanceof / ldc class
    strings: set[str] = field(default_factory=set)  # ldc string constants


@dataclass
class ClassInfo:
    name: str
    super_name: str | None
    interfaces: list[str]
    access: int
    major: int
    fields: list[tuple[str, str]]  # (name, descriptor)
    methods: list[Method]
    class_refs: set[str]  # every CONSTANT_Class in the pool (arrays reduced to their element class)

    def member_refs(self) -> set[MemberRef]:
        return {r for m in self.methods for r in m.refs}


def _dotted(internal: str) -> str | None:
    """``[Ljava/lang/String;`` -> java.lang.String; ``[I`` -> None; ``a/b/C`` -> a.b.C."""
    name = internal.lstrip("[")
    if name != internal:  # an array descriptor
        if not (name.startswith("L") and name.endswith(";")):
            return None
        name = name[1:-1]
    return name.replace("/", ".")


def _utf8(raw: bytes) -> str:
    # modified UTF-8: NUL as C0 80, supplementary characters as surrogate pairs
    return raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass").encode(
        "utf-16", "surrogatepass").decode("utf-16", "replace")


# instruction lengths (opcode included) of everything but tableswitch, lookupswitch and wide
_LEN = [1] * 256
for _op in (0x10, 0x12, *range(0x15, 0x1A), *range(0x36, 0x3B), 0xA9, 0xBC):
    _LEN[_op] = 2
for _op in (0x11, 0x13, 0x14, 0x84, *range(0x99, 0xA9), *range(0xB2, 0xB9), 0xBB, 0xBD, 0xC0, 0xC1, 0xC6, 0xC7):
    _LEN[_op] = 3
_LEN[0xC5] = 4
for _op in (0xB9, 0xBA, 0xC8, 0xC9):
    _LEN[_op] = 5
_MEMBER_OPS = {0xB2: "field", 0xB3: "field", 0xB4: "field", 0xB5: "field",
               0xB6: "method", 0xB7: "method", 0xB8: "method", 0xB9: "method"}
_CLASS_OPS = {0xBB, 0xBD, 0xC0, 0xC1, 0xC5}


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ClassFormatError(f"truncated at offset {self.pos}")
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return out

    def u1(self) -> int:
        return self.take(">B")[0]

    def u2(self) -> int:
        return self.take(">H")[0]

    def u4(self) -> int:
        return self.take(">I")[0]

    def raw(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ClassFormatError(f"truncated at offset {self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def _pool(r: _Reader) -> list:
    count = r.u2()
    pool: list = [None] * count
    i = 1
    while i < count:
        tag = r.u1()
        if tag == 1:
            pool[i] = ("utf8", _utf8(r.raw(r.u2())))
        elif tag in (3, 4):
            pool[i] = ("num", r.raw(4))
        elif tag in (5, 6):
            pool[i] = ("num", r.raw(8))
            i += 1  # 8-byte constants take two slots
        elif tag in (7, 8, 16, 19, 20):
            pool[i] = ({7: "class", 8: "string", 16: "mtype", 19: "module", 20: "package"}[tag], r.u2())
        elif tag in (9, 10, 11, 12, 17, 18):
            kind = {9: "field", 10: "method", 11: "method", 12: "nat", 17: "dynamic", 18: "indy"}[tag]
            pool[i] = (kind, r.u2(), r.u2())
        elif tag == 15:
            pool[i] = ("mhandle", r.u1(), r.u2())
        else:
            raise ClassFormatError(f"unknown constant-pool tag {tag} at offset {r.pos - 1}")
        i += 1
    return pool


class _Pool:
    def __init__(self, entries: list) -> None:
        self.e = entries

    def get(self, i: int, kind: str) -> tuple:
        if not 0 < i < len(self.e) or self.e[i] is None or self.e[i][0] != kind:
            raise ClassFormatError(f"constant-pool index {i} is not a {kind}")
        return self.e[i]

    def utf8(self, i: int) -> str:
        return self.get(i, "utf8")[1]

    def class_name(self, i: int) -> str:
        return self.utf8(self.get(i, "class")[1])

    def member(self, i: int) -> MemberRef | None:
        entry = self.e[i] if 0 < i < len(self.e) else None
        if entry is None or entry[0] not in ("field", "method"):
            raise ClassFormatError(f"constant-pool index {i} is not a member reference")
        internal = self.class_name(entry[1])
        _, name_i, desc_i = self.get(entry[2], "nat")
        if internal.startswith("["):  # a method of an array type (clone): not a class member
            return None
        return MemberRef(entry[0], internal.replace("/", "."), self.utf8(name_i), self.utf8(desc_i))


def _code_refs(code: bytes, pool: _Pool, method: Method) -> None:
    seen: set[MemberRef] = set()
    pc = 0
    n = len(code)
    while pc < n:
        op = code[pc]
        if op == 0xAA or op == 0xAB:  # tableswitch / lookupswitch: 0-3 pad bytes to a 4-byte boundary
            base = pc + 1 + (-(pc + 1)) % 4
            if base + 12 > n:
                raise ClassFormatError("truncated switch")
            if op == 0xAA:
                low, high = struct.unpack_from(">ii", code, base + 4)
                pc = base + 12 + 4 * (high - low + 1)
            else:
                npairs = struct.unpack_from(">i", code, base + 4)[0]
                pc = base + 8 + 8 * npairs
            continue
        if op == 0xC4:  # wide
            pc += 6 if pc + 1 < n and code[pc + 1] == 0x84 else 4
            continue
        size = _LEN[op]
        if pc + size > n:
            raise ClassFormatError(f"truncated instruction {op:#x} at pc {pc}")
        if op in _MEMBER_OPS:
            ref = pool.member(struct.unpack_from(">H", code, pc + 1)[0])
            if ref is not None and ref not in seen:
                seen.add(ref)
                method.refs.append(ref)
        elif op in _CLASS_OPS:
            name = _dotted(pool.class_name(struct.unpack_from(">H", code, pc + 1)[0]))
            if name:
                method.classes.add(name)
        elif op in (0x12, 0x13):  # ldc, ldc_w
            idx = code[pc + 1] if op == 0x12 else struct.unpack_from(">H", code, pc + 1)[0]
            entry = pool.e[idx] if 0 < idx < len(pool.e) else None
            if entry and entry[0] == "string":
                method.strings.add(pool.utf8(entry[1]))
            elif entry and entry[0] == "class":
                name = _dotted(pool.utf8(entry[1]))
                if name:
                    method.classes.add(name)
        pc += size


def _attributes(r: _Reader, pool: _Pool) -> dict[str, bytes]:
    out = {}
    for _ in range(r.u2()):
        name = pool.utf8(r.u2())
        out[name] = r.raw(r.u4())
    return out


def parse(data: bytes) -> ClassInfo:
    r = _Reader(data)
    if r.u4() != MAGIC:
        raise ClassFormatError("not a class file (bad magic)")
    _minor, major = r.u2(), r.u2()
    pool = _Pool(_pool(r))
    access = r.u2()
    name = _dotted(pool.class_name(r.u2())) or "?"
    super_i = r.u2()
    super_name = _dotted(pool.class_name(super_i)) if super_i else None
    interfaces = [_dotted(pool.class_name(r.u2())) or "?" for _ in range(r.u2())]
    fields = []
    for _ in range(r.u2()):
        _acc, n_i, d_i = r.u2(), r.u2(), r.u2()
        _attributes(r, pool)
        fields.append((pool.utf8(n_i), pool.utf8(d_i)))
    methods = []
    for _ in range(r.u2()):
        acc, n_i, d_i = r.u2(), r.u2(), r.u2()
        m = Method(pool.utf8(n_i), pool.utf8(d_i), acc)
        code = _attributes(r, pool).get("Code")
        if code is not None:
            if len(code) < 8:
                raise ClassFormatError(f"{name}.{m.name}: truncated Code attribute")
            length = struct.unpack_from(">I", code, 4)[0]
            _code_refs(code[8:8 + length], pool, m)
        methods.append(m)
    class_refs = {n for e in pool.e if e and e[0] == "class" for n in [_dotted(pool.utf8(e[1]))] if n}
    return ClassInfo(name, super_name, interfaces, access, major, fields, methods, class_refs)


#: Constant-pool entries that need class-file version 51 or later (method handles, invokedynamic).
_JAVA7_ONLY = ("mtype", "mhandle", "dynamic", "indy")


def inference_verifiable(data: bytes) -> bytes:
    """A Java 7 class file (major 51) without method handles or invokedynamic, relabelled as major 50.

    Android tool chains (ProGuard with ``-dontpreverify``, obfuscators) ship Java 7 class files without
    valid ``StackMapTable`` frames: ART infers the types itself, HotSpot's type-checking verifier rejects
    them (``VerifyError: Expecting a stackmap frame``). For major 50 HotSpot falls back to its type-*inference*
    verifier when the frames do not check (``-XX:+FailOverToOldVerifier``, the default), so such a class is
    still fully verified, as ART would — nothing is loaded unverified. Version 51 adds nothing else a class
    without those constants can use. Other class files are returned unchanged.
    """
    r = _Reader(data)
    if r.u4() != 0xCAFEBABE:
        raise ClassFormatError("not a class file (bad magic)")
    r.u2()
    if r.u2() != 51:
        return data
    if any(e is not None and e[0] in _JAVA7_ONLY for e in _pool(r)):
        return data
    return data[:6] + (50).to_bytes(2, "big") + data[8:]
