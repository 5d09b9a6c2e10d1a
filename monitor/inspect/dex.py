"""Read only what the inventory needs from a DEX file: the defined class names and the string table.

androguard's ``DEX`` parses every method's code as well, which takes seconds per 10 MB of DEX; the
two tables used here are fixed-layout (https://source.android.com/docs/core/runtime/dex-format:
header, ``string_ids``, ``type_ids``, ``class_defs``), so reading them directly is ~20x faster. The
tests check the result against androguard's own parse of the same files.
"""

from __future__ import annotations

import struct

_MAGIC_PREFIX = b"dex\n"


class DexError(ValueError):
    """The blob is not a well-formed DEX file."""


def _uleb128(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise DexError("truncated uleb128")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift > 35:
            raise DexError("uleb128 too long")


def _mutf8(raw: bytes) -> str:
    """Decode Modified UTF-8 (``C0 80`` for NUL, surrogate pairs as two 3-byte sequences)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _table(data: bytes, count: int, offset: int, item: int, what: str) -> None:
    if count and (offset < 0x70 or offset + count * item > len(data)):
        raise DexError(f"{what} table out of bounds")


def read_dex(data: bytes) -> tuple[list[str], list[str]]:
    """``(class names, strings)`` of one DEX file; class names in Java form (``com.a.B$C``)."""
    if len(data) < 0x70 or not data.startswith(_MAGIC_PREFIX):
        raise DexError("not a DEX file (bad magic or too short)")
    (string_ids_size, string_ids_off, type_ids_size, type_ids_off) = struct.unpack_from("<IIII", data, 0x38)
    (class_defs_size, class_defs_off) = struct.unpack_from("<II", data, 0x60)
    _table(data, string_ids_size, string_ids_off, 4, "string_ids")
    _table(data, type_ids_size, type_ids_off, 4, "type_ids")
    _table(data, class_defs_size, class_defs_off, 32, "class_defs")

    offsets = struct.unpack_from(f"<{string_ids_size}I", data, string_ids_off)
    strings: list[str] = []
    for off in offsets:
        if off >= len(data):
            raise DexError("string data out of bounds")
        _, start = _uleb128(data, off)
        end = data.find(b"\x00", start)
        if end < 0:
            raise DexError("unterminated string")
        strings.append(_mutf8(data[start:end]))

    type_desc = struct.unpack_from(f"<{type_ids_size}I", data, type_ids_off)
    classes: list[str] = []
    for i in range(class_defs_size):
        (class_idx,) = struct.unpack_from("<I", data, class_defs_off + 32 * i)
        if class_idx >= type_ids_size or type_desc[class_idx] >= string_ids_size:
            raise DexError("class_def refers to a missing type")
        desc = strings[type_desc[class_idx]]
        if desc.startswith("L") and desc.endswith(";"):
            classes.append(desc[1:-1].replace("/", "."))
    return classes, strings
