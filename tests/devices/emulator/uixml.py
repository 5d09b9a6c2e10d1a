"""Selector helpers for the tests: find nodes of a uiautomator dump by text or resource-id."""

from __future__ import annotations

import re
from xml.etree import ElementTree

ATTRS = ("index", "text", "resource-id", "class", "package", "content-desc", "checkable", "checked", "clickable",
         "enabled", "focusable", "focused", "scrollable", "long-clickable", "password", "selected", "bounds")
BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


def nodes(xml: str) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(xml)
    assert root.tag == "hierarchy" and root.get("rotation") == "0"
    return list(root.iter("node"))


def find(xml: str, **attrs: str) -> ElementTree.Element:
    """The first node whose attributes equal ``attrs`` (``resource_id`` for resource-id)."""
    want = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    for n in nodes(xml):
        if all(n.get(k) == v for k, v in want.items()):
            return n
    raise AssertionError(f"no node with {want} in dump:\n{xml[:2000]}")


def center(node: ElementTree.Element) -> tuple[int, int]:
    m = BOUNDS.fullmatch(node.get("bounds", ""))
    assert m, node.attrib
    left, top, right, bottom = (int(g) for g in m.groups())
    return (left + right) // 2, (top + bottom) // 2


def has(xml: str, **attrs: str) -> bool:
    try:
        find(xml, **attrs)
        return True
    except AssertionError:
        return False
