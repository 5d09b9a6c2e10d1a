"""Resolve a :class:`~monitor.scenarios.model.Selector` on hierarchy nodes. Pure."""

from __future__ import annotations

import re

from monitor.scenarios import vocab
from monitor.scenarios.hierarchy import Node
from monitor.scenarios.model import Selector


def _matches(node: Node, sel: Selector) -> bool:
    label = node.label
    if sel.text is not None and sel.text.strip() not in (node.text.strip(), node.desc.strip()):
        return False
    if sel.text_contains is not None and sel.text_contains not in label:
        return False
    if sel.text_regex is not None and not re.search(sel.text_regex, label):
        return False
    if sel.resource_id is not None:
        rid = node.resource_id
        if sel.resource_id != rid and (":" in sel.resource_id or rid.rsplit("/", 1)[-1] != sel.resource_id):
            return False
    if sel.class_ is not None and sel.class_ != node.cls and node.cls.rsplit(".", 1)[-1] != sel.class_:
        return False
    if sel.description is not None and sel.description != node.desc:
        return False
    if sel.description_contains is not None and sel.description_contains not in node.desc:
        return False
    return sel.alias is None or any(vocab.full(p, label) for p in vocab.ALIASES[sel.alias])


def find_all(nodes: list[Node], sel: Selector) -> list[Node]:
    """Matching visible nodes in screen order (top to bottom, left to right)."""
    hits = [n for n in nodes if n.bounds.area > 0 and _matches(n, sel)]
    return sorted(hits, key=lambda n: (n.bounds.top, n.bounds.left, n.index))


def find(nodes: list[Node], sel: Selector) -> Node | None:
    hits = find_all(nodes, sel)
    return hits[sel.index] if len(hits) > sel.index else None
