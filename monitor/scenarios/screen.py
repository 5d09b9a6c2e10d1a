"""What matters on a screen, from a uiautomator dump (pure functions).

* :func:`signature` — whether the screen *changed*: the labelled and actionable controls of the app's
  and the system dialogs' windows with their bounds, not the status bar's clock, nor a splash
  countdown's digits ("跳过 3" -> "跳过 #"), nor unlabelled decoration that animates.
* :func:`covering_window` — whether a tap aimed at a node would land on another window on top of it
  (a permission dialog shown before the consent dialog, a system alert). Windows appear in a
  uiautomator dump as top-level nodes, the top-most window first (``AccessibilityService.getWindows``
  order), so a window listed before the target's one and containing the tap point covers it.
"""

from __future__ import annotations

import re

from monitor.scenarios.hierarchy import Node

STATUS_BAR = ("com.android.systemui",)
_DIGITS = re.compile(r"\d+")

Signature = tuple[tuple[str, str, str, str, tuple[int, int, int, int], bool, bool], ...]


def signature(nodes: list[Node]) -> Signature:
    """The screen as a comparable value: what a user can read or act on, and where it is."""
    out = []
    for n in nodes:
        if n.package in STATUS_BAR or n.bounds.area == 0:
            continue
        if not (n.label or n.clickable or n.checkable or n.scrollable):
            continue
        label = _DIGITS.sub("#", n.label)
        b = n.bounds
        out.append((n.package, n.cls, n.resource_id, label, (b.left, b.top, b.right, b.bottom), n.checked, n.enabled))
    return tuple(out)


def root_of(nodes: list[Node], node: Node) -> Node:
    while node.parent is not None:
        node = nodes[node.parent]
    return node


def covering_window(nodes: list[Node], target: Node) -> Node | None:
    """The root node of a window of another package on top of ``target``'s centre, if any."""
    x, y = target.bounds.center
    mine = root_of(nodes, target) if 0 <= target.index < len(nodes) and nodes[target.index] is target else None
    for root in (n for n in nodes if n.parent is None):
        if mine is not None and root is mine:
            return None  # the target's own window comes first: nothing above it
        if root.package in STATUS_BAR or root.package == target.package:
            continue
        b = root.bounds
        if b.left <= x < b.right and b.top <= y < b.bottom:
            return root
    return None


def same_node(nodes: list[Node], target: Node) -> Node | None:
    """``target`` in a fresh dump: same package, class, id and label (its bounds may have moved)."""
    for n in nodes:
        if (n.package, n.cls, n.resource_id, n.label) == (target.package, target.cls, target.resource_id, target.label):
            return n
    return None


CANVAS_CLASSES = ("SurfaceView", "TextureView", "GLSurfaceView", "FlutterView", "FlutterSurfaceView",
                  "FlutterTextureView", "UnityPlayer", "Cocos2dxGLSurfaceView", "GameActivity", "WebGLView")
"""Views that draw everything themselves: without an accessibility tree of their own (Flutter without
semantics, Unity, Cocos, a game engine) a uiautomator dump shows one opaque node."""
CANVAS_REASON = "the app draws its screen on a canvas"


def unreadable(xml: str | None, package: str) -> str | None:
    """Why the screen cannot be read for ``package`` (pure), or None when it can (or shows another app).

    Unreadable: an empty or garbled dump, a screen with no window content at all (uiautomator got no
    root node: a window hidden from accessibility), or the app's window drawn on a canvas
    (:data:`CANVAS_CLASSES`) with nothing labelled or actionable in it. A blank window of ordinary views
    is readable (there is nothing on it yet)."""
    from monitor.scenarios.hierarchy import HierarchyError, parse

    if xml is None or not xml.strip():
        return "the UI dump is empty"
    try:
        nodes = parse(xml)
    except HierarchyError as exc:
        return f"the UI dump cannot be read ({exc})"
    shown = [n for n in nodes if n.package not in STATUS_BAR and n.bounds.area > 0]
    if not shown:
        return "no window content in the UI dump (uiautomator got no root node: a window hidden from accessibility)"
    mine = [n for n in shown if n.package == package]
    if not mine:
        return None  # another app (or the launcher) is in front: readable, just not the app
    if any(n.label or n.clickable or n.checkable or n.scrollable for n in mine):
        return None
    canvas = next((n.cls for n in mine if n.cls.rsplit(".", 1)[-1] in CANVAS_CLASSES), None)
    if canvas:
        return f"{CANVAS_REASON} ({canvas}) with no accessibility tree: nothing to read or tap"
    return None  # a blank window (a splash, a screen still loading): readable, there is nothing on it yet
