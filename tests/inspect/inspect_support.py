"""Test support: locate uiautomator2's bundled APK; parse Debian aapt's `dump badging` / `dump xmltree`
output (the independent second opinion)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def uiautomator_apk() -> Path:
    import uiautomator2

    path = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
    if not path.is_file():
        pytest.skip(f"uiautomator2 does not ship {path.name} in this version")
    return path

_ELEM = re.compile(r"^(\s*)E: (\S+) \(line=\d+\)")
_ATTR = re.compile(r"^(\s*)A: (?:[\w-]+:)?([\w-]+)(?:\(0x[0-9a-f]+\))?=(.*)$")


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]


def _value(raw: str):
    raw = raw.strip()
    m = re.match(r'^"(.*)" \(Raw: ".*"\)$', raw)
    if m:
        return m.group(1)
    m = re.match(r"^\(type 0x([0-9a-f]+)\)0x([0-9a-f]+)$", raw)
    if m:
        typ, val = int(m.group(1), 16), int(m.group(2), 16)
        return bool(val) if typ == 0x12 else val
    return raw  # @0x7f... references and anything else, verbatim


def xmltree(aapt: str, apk) -> Node:
    out = subprocess.run([aapt, "dump", "xmltree", str(apk), "AndroidManifest.xml"],
                         capture_output=True, text=True, check=True).stdout
    root = Node("<root>")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in out.splitlines():
        m = _ELEM.match(line)
        if m:
            depth = len(m.group(1))
            while stack[-1][0] >= depth:
                stack.pop()
            node = Node(m.group(2))
            stack[-1][1].children.append(node)
            stack.append((depth, node))
            continue
        m = _ATTR.match(line)
        if m and len(stack) > 1:
            stack[-1][1].attrs[m.group(2)] = _value(m.group(3))
    return root.children[0]


def badging(aapt: str, apk) -> dict:
    out = subprocess.run([aapt, "dump", "badging", str(apk)], capture_output=True, text=True, check=True).stdout
    info: dict = {}
    for line in out.splitlines():
        if line.startswith("package:"):
            info.update(re.findall(r"(\w+)='([^']*)'", line))
        elif line.startswith("sdkVersion:"):
            info["sdkVersion"] = line.split("'")[1]
        elif line.startswith("targetSdkVersion:"):
            info["targetSdkVersion"] = line.split("'")[1]
    return info
