"""Parse a uiautomator hierarchy dump (the XML of ``dump_hierarchy()``) into flat, typed nodes.

Pure functions: the XML comes from the device (app-controlled strings), so no DTDs or entities are
accepted and sizes are bounded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from monitor.errors import ConfigError

MAX_DUMP_CHARS = 8_000_000
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # apps put them in labels
_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


class HierarchyError(ConfigError):
    """The dump is not a uiautomator hierarchy."""


@dataclass(frozen=True)
class Bounds:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def center(self) -> tuple[int, int]:
        return (self.left + self.right) // 2, (self.top + self.bottom) // 2

    @property
    def area(self) -> int:
        return max(0, self.right - self.left) * max(0, self.bottom - self.top)

    def contains(self, other: Bounds) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and self.right >= other.right and self.bottom >= other.bottom)

    def as_list(self) -> list[int]:
        return [self.left, self.top, self.right, self.bottom]

    def __str__(self) -> str:
        return f"[{self.left},{self.top}][{self.right},{self.bottom}]"


@dataclass(eq=False)
class Node:
    """One ``<node>``; ``index`` is its position in document order, ``parent`` that of its parent."""

    index: int
    parent: int | None
    depth: int
    text: str
    resource_id: str
    cls: str
    package: str
    desc: str
    checkable: bool
    checked: bool
    clickable: bool
    enabled: bool
    scrollable: bool
    bounds: Bounds
    children: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What a user reads on it: its text, else its content description."""
        return self.text or self.desc

    def target(self) -> dict[str, object]:
        """A JSON-able description used as an action's target."""
        out: dict[str, object] = {"text": self.label, "bounds": self.bounds.as_list()}
        if self.resource_id:
            out["resource_id"] = self.resource_id
        if self.cls:
            out["class"] = self.cls
        return out


def _flag(el: ET.Element, name: str) -> bool:
    return el.get(name, "false") == "true"


def _bounds(raw: str | None) -> Bounds:
    m = _BOUNDS.fullmatch((raw or "").strip())
    if not m:
        return Bounds(0, 0, 0, 0)
    return Bounds(*(int(g) for g in m.groups()))


def parse(xml: str) -> list[Node]:
    """All nodes of a dump in document order. Raises :class:`HierarchyError` on anything else."""
    if len(xml) > MAX_DUMP_CHARS:
        raise HierarchyError(f"hierarchy dump too large ({len(xml)} chars)")
    if "<!DOCTYPE" in xml or "<!ENTITY" in xml:
        raise HierarchyError("hierarchy dump must not contain a DTD")
    try:
        root = ET.fromstring(_INVALID_XML_CHARS.sub("", xml))
    except ET.ParseError as exc:
        raise HierarchyError(f"not a uiautomator hierarchy: {exc}") from None
    if root.tag not in ("hierarchy", "node"):
        raise HierarchyError(f"not a uiautomator hierarchy: root element <{root.tag}>")
    nodes: list[Node] = []

    def walk(el: ET.Element, parent: int | None, depth: int) -> None:
        for child in el:
            if child.tag != "node":
                continue
            node = Node(
                index=len(nodes), parent=parent, depth=depth,
                text=child.get("text", ""), resource_id=child.get("resource-id", ""),
                cls=child.get("class", ""), package=child.get("package", ""),
                desc=child.get("content-desc", ""), checkable=_flag(child, "checkable"),
                checked=_flag(child, "checked"), clickable=_flag(child, "clickable"),
                enabled=child.get("enabled", "true") != "false", scrollable=_flag(child, "scrollable"),
                bounds=_bounds(child.get("bounds")),
            )
            nodes.append(node)
            if parent is not None:
                nodes[parent].children.append(node.index)
            walk(child, node.index, depth + 1)

    if root.tag == "node":
        wrapper = ET.Element("hierarchy")
        wrapper.append(root)
        root = wrapper
    walk(root, None, 0)
    return nodes


def ancestors(nodes: list[Node], node: Node) -> list[Node]:
    """The node's ancestors, nearest first."""
    out = []
    cur = node.parent
    while cur is not None:
        out.append(nodes[cur])
        cur = nodes[cur].parent
    return out


def subtree(nodes: list[Node], root: Node) -> list[Node]:
    """The node and all its descendants in document order."""
    out = [root]
    stack = list(reversed(root.children))
    while stack:
        n = nodes[stack.pop()]
        out.append(n)
        stack.extend(reversed(n.children))
    return out


def common_ancestor(nodes: list[Node], a: Node, b: Node) -> Node | None:
    """The lowest node that contains both (a node counts as its own ancestor)."""
    chain_a = [a, *ancestors(nodes, a)]
    ids_b = {b.index, *(n.index for n in ancestors(nodes, b))}
    for n in chain_a:
        if n.index in ids_b:
            return n
    return None


def clickable_target(nodes: list[Node], node: Node) -> Node:
    """The node a tap on this label lands on: itself if clickable, else its nearest clickable ancestor
    whose bounds contain it and are not much larger (a row or a button frame)."""
    if node.clickable:
        return node
    for anc in ancestors(nodes, node)[:3]:
        if anc.clickable and anc.bounds.contains(node.bounds) and anc.bounds.area <= max(node.bounds.area, 1) * 40:
            return anc
    return node
