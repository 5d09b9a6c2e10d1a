"""Scenario actions on a :class:`ScenarioContext` — the Python API for scenarios.

Every function takes the context first; YAML steps are dispatched to these by the engine.
Waiting polls the UI hierarchy every ``POLL`` seconds until a condition holds or a timeout passes, and looks
again at once when the device reports that its screen may have changed (``UiDriver.wait_change``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from monitor.errors import DeviceError, PimonError, UiUnreadable
from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.detect import detect_permission_nodes
from monitor.scenarios.hierarchy import HierarchyError, Node, clickable_target, parse
from monitor.scenarios.model import Selector
from monitor.scenarios.screen import covering_window, same_node, signature
from monitor.scenarios.selectors import find

POLL = 0.2
T = TypeVar("T")


class ScenarioError(PimonError):
    """A step could not be carried out (a node never appeared, a fatal assertion failed)."""


def dump(ctx: ScenarioContext) -> str | None:
    """The current screen, or None when the device cannot give one because the app died meanwhile.

    A UI driver that fails while the app runs is no "empty screen" (that would turn into a finding
    such as "no consent dialog"): one retry, then its DeviceError ends the scenario and the run
    fails (#11 defect 4)."""
    for attempt in (1, 2):
        try:
            return ctx.ui.dump_hierarchy()
        except DeviceError:
            if not ctx.app_alive():
                return None
            if attempt == 2:
                raise
            time.sleep(POLL)
    return None


def wait_until(ctx: ScenarioContext, probe: Callable[[str], T | None], timeout: float,
               *, stop_if_dead: bool = True) -> tuple[T, str] | None:
    """Poll the screen until ``probe(xml)`` gives something; (result, xml) or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        seen = ctx.ui.changes()
        xml = dump(ctx)
        if xml is not None:
            try:
                found = probe(xml)
            except HierarchyError:  # a garbled dump from the device: look again
                found = None
            if found is not None and found is not False:
                return found, xml
        if time.monotonic() >= deadline or (stop_if_dead and not ctx.app_alive()):
            return None
        # every POLL s, or as soon as the device says a window or an activity came or went since this dump
        ctx.ui.wait_change(seen, min(POLL, max(0.0, deadline - time.monotonic())))


def poll(cond: Callable[[], bool], timeout: float) -> bool:
    """True as soon as ``cond()`` holds (checked at once, then every POLL s), False after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))
    return True


def wait_change(ctx: ScenarioContext, before: str, timeout: float) -> str | None:
    """Wait until the screen differs from ``before`` in what matters (controls, labels, bounds; not
    the status-bar clock, a countdown's digits or an animation); the new dump, or None."""
    try:
        old = signature(parse(before))
    except HierarchyError:
        old = None
    got = wait_until(ctx, lambda xml: xml if signature(parse(xml)) != old else None, timeout)
    return got[1] if got else None


def node_probe(sel: Selector) -> Callable[[str], Node | None]:
    return lambda xml: find(parse(xml), sel)


def click_node(ctx: ScenarioContext, kind: str, node: Node, xml: str | None, extra: dict | None = None) -> int:
    """Record the action (before acting), then tap the node's centre; the action id.

    Just before the tap the screen is dumped again: the node is tapped where it is *now*, and never
    through another window on top of it (a system permission dialog raised meanwhile would take the
    tap meant for the app's dialog, #11 defect 7): that stops the step with a ScenarioError."""
    fresh = dump(ctx)
    if fresh is not None:
        try:
            nodes = parse(fresh)
        except HierarchyError:
            nodes = []
        now = same_node(nodes, node) if nodes else None
        if now is not None:
            cover = covering_window(nodes, now)
            if cover is not None:
                if detect_permission_nodes(nodes).dialog:
                    ctx.record_dialog("permission", False, fresh)
                what = node.label or node.resource_id or node.cls
                ctx.mark(f"tap on {what!r} withheld: a window of {cover.package} is on top of it")
                raise ScenarioError(f"not tapping {what!r}: a window of {cover.package} covers it "
                                    "(a permission dialog asked before consent? answer it first)")
            node, xml = now, fresh
    target = {**node.target(), **(extra or {})}
    action_id = ctx.record_action(kind, target, xml)
    try:
        ctx.ui.click(*node.bounds.center)
    except DeviceError as exc:
        if ctx.app_alive():
            raise
        # The app ended inside the tapped control's click handler: an observation, not a failed step.
        ctx.mark(f"the app ended while handling the tap ({kind}: {type(exc).__name__})")
    return action_id


def launch(ctx: ScenarioContext, *, cold: bool = True, clear_data: bool = False) -> int:
    action_id = ctx.record_action("launch", {"cold": cold, "clear_data": clear_data}, None)
    ctx.launch(cold=cold, clear_data=clear_data)
    return action_id


def relaunch(ctx: ScenarioContext) -> int:
    action_id = ctx.record_action("relaunch", None, None)
    ctx.relaunch()
    return action_id


def reboot(ctx: ScenarioContext) -> None:
    ctx.mark("reboot")  # not a user action on the app: what starts afterwards started by itself
    ctx.reboot()


def press(ctx: ScenarioContext, key: str) -> int:
    action_id = ctx.record_action(key, None, None)
    ctx.ui.press(key)
    return action_id


def foreground(ctx: ScenarioContext) -> int:
    action_id = ctx.record_action("foreground", None, None)
    ctx.ui.foreground(ctx.package)
    return action_id


def check_readable(ctx: ScenarioContext, what: str) -> None:
    """After a wait for something on the screen timed out: :class:`UiUnreadable` if the app is alive and
    its screen cannot be read (``monitor.scenarios.screen.unreadable``) — "not found" would be no evidence."""
    from monitor.scenarios.screen import CANVAS_REASON, unreadable

    xml = dump(ctx) if ctx.app_alive() else None  # None: the app is gone, nothing of it to read
    why = unreadable(xml, ctx.package) if xml is not None else None
    if why is None or not ctx.app_alive():
        return
    if not why.startswith(CANVAS_REASON) and not _in_front(ctx):
        return  # an empty dump while another app is in front says nothing about the app
    raise UiUnreadable(f"{what}: {why}")


def _in_front(ctx: ScenarioContext) -> bool:
    try:
        return bool(ctx.ui.is_foreground(ctx.package))
    except DeviceError:
        return False


def wait_for(ctx: ScenarioContext, sel: Selector, *, timeout: float = 10, gone: bool = False) -> bool:
    if gone:
        return wait_until(ctx, lambda xml: find(parse(xml), sel) is None, timeout) is not None
    if wait_until(ctx, node_probe(sel), timeout) is not None:
        return True
    check_readable(ctx, f"waiting for {sel.describe()}")
    return False


def tap(ctx: ScenarioContext, sel: Selector, *, timeout: float = 5) -> int | None:
    got = wait_until(ctx, node_probe(sel), timeout)
    if got is None:
        check_readable(ctx, f"tap {sel.describe()}")
        return None
    node, xml = got
    return click_node(ctx, "tap", clickable_target(parse(xml), node), xml, {"selector": sel.describe()})


def type_text(ctx: ScenarioContext, text: str, *, into: Selector | None = None, secret: bool = False,
              timeout: float = 5) -> int | None:
    if into is not None and tap(ctx, into, timeout=timeout) is None:
        return None
    action_id = ctx.record_action("type", {"text": "***" if secret else text}, None)
    ctx.ui.send_text(text)
    return action_id


def scroll_and_find(ctx: ScenarioContext, sel: Selector, *, max_swipes: int = 10, direction: str = "up",
                    tap_it: bool = False) -> Node | None:
    swipe = getattr(ctx.ui, "swipe", None)
    for attempt in range(max_swipes + 1):
        xml = dump(ctx)
        if xml is None:
            return None
        nodes = parse(xml)
        node = find(nodes, sel)
        if node is not None:
            if tap_it:
                click_node(ctx, "tap", clickable_target(nodes, node), xml, {"selector": sel.describe()})
            return node
        if attempt == max_swipes:
            return None
        if swipe is None:
            raise ScenarioError("scroll_and_find: this device's UI driver cannot swipe")
        scrollable = [n for n in nodes if n.scrollable and n.bounds.area > 0]
        b = scrollable[-1].bounds if scrollable else None
        x = b.center[0] if b else 540
        top, bottom = (b.top, b.bottom) if b else (300, 1700)
        y_from, y_to = (bottom - (bottom - top) // 5, top + (bottom - top) // 5)
        if direction == "down":
            y_from, y_to = y_to, y_from
        ctx.record_action("scroll", {"direction": direction}, None)
        try:
            swipe(x, y_from, x, y_to)
        except NotImplementedError:  # the UiDriver base class's default: this driver cannot swipe
            raise ScenarioError("scroll_and_find: this device's UI driver cannot swipe") from None
        if wait_change(ctx, xml, 1.0) is None:
            return None  # the end of the list: nothing moved
    return None


def permission(ctx: ScenarioContext, action: str, *, timeout: float = 3, settle: float = 2) -> int:
    """Answer the system permission dialog (``grant``/``deny``) or every one that comes
    (``grant_all``/``deny_all``). Returns how many dialogs were answered."""
    allow = action.startswith("grant")
    many = action.endswith("_all")
    answered = 0
    wait = timeout
    while answered < 12:
        got = wait_until(ctx, lambda xml: (d if (d := detect_permission_nodes(parse(xml))).dialog else None), wait)
        if got is None:
            break
        dialog, xml = got
        control = dialog.allow if allow else dialog.deny
        if control is None:
            ctx.mark(f"permission dialog without a {'grant' if allow else 'deny'} button")
            break
        ctx.record_dialog("permission", False, xml)
        target = {**control.to_json(), "message": dialog.message}
        ctx.record_action("permission-grant" if allow else "permission-deny", target, xml)
        ctx.ui.click(*control.bounds.center)
        answered += 1
        if not many:
            break
        if wait_change(ctx, xml, settle) is None:
            ctx.mark("the permission dialog did not go away after the tap")
            break
        wait = min(timeout, settle) if settle > 0 else timeout
    if answered == 0 and not many:
        ctx.mark(f"no permission dialog within {timeout:g}s")
    return answered
