"""The DEX table reader agrees with androguard's full parse, and refuses malformed input."""

from __future__ import annotations

import os
import struct
import zipfile

import pytest
from androguard.core.dex import DEX
from loguru import logger

from monitor.inspect.dex import DexError, read_dex
from tests.inspect.inspect_support import uiautomator_apk

logger.disable("androguard")


def _dex_blobs(path):
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in zf.namelist() if n.endswith(".dex")]


# androguard's full parse (the oracle) takes 20-60 s on each of the three large APKs: by default the two small
# ones (several DEX layouts between them); PIMON_FULL_MATRIX=1 compares all five.
FULL = os.environ.get("PIMON_FULL_MATRIX", "") not in ("", "0")
KEYS = ["uiautomator", "ua2-test"] + (["apidemos", "settings", "ua2-server"] if FULL else [])


@pytest.mark.parametrize("key", KEYS)
def test_same_classes_and_strings_as_androguard(real_apk_paths, key):
    for blob in _dex_blobs(real_apk_paths[key]):
        classes, strings = read_dex(blob)
        dex = DEX(blob)
        assert classes == [n[1:-1].replace("/", ".") for n in dex.get_classes_names()]
        assert strings == list(dex.get_strings())


def test_malformed_dex_is_refused():
    good = _dex_blobs(uiautomator_apk())[0]
    with pytest.raises(DexError, match="bad magic"):
        read_dex(b"PK\x03\x04" + good[4:])
    with pytest.raises(DexError):
        read_dex(good[:200])  # tables point past the end
    broken = bytearray(good)
    struct.pack_into("<I", broken, 0x60, 10**6)  # class_defs_size
    with pytest.raises(DexError, match="class_defs"):
        read_dex(bytes(broken))


def test_modified_utf8():
    from monitor.inspect.dex import _mutf8

    assert _mutf8(b"a\xc0\x80b") == "a\x00b"
    assert _mutf8("é中".encode()) == "é中"
    assert _mutf8(b"\xed\xa0\xbd\xed\xb8\x80") == "\U0001f600"  # a surrogate pair, 3 bytes each
