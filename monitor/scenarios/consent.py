"""The consent step: find the privacy dialog, keep the dump as evidence, agree / refuse / withdraw."""

from __future__ import annotations

import time
from collections.abc import Callable

from monitor.errors import DeviceError
from monitor.scenarios import vocab
from monitor.scenarios.actions import check_readable, click_node, dump, wait_change, wait_until
from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.detect import (
    ConsentDialog,
    Control,
    PermissionDialog,
    detect_consent_nodes,
    detect_permission_nodes,
)
from monitor.scenarios.hierarchy import Node, clickable_target, parse
from monitor.scenarios.model import Selector
from monitor.scenarios.selectors import find

MAX_CONFIRM_SCREENS = 3


def tap_answer(ctx: ScenarioContext, control: Control | Node, what: str) -> bool:
    """Tap a consent control. The app may end inside that control's click handler (a crash, or a deliberate
    "不同意并退出"): that is an observation the timeline records (process-exit, crash), not a failure of the
    scenario — marked, and False returned. Any other failure of the tap still raises."""
    try:
        ctx.ui.click(*control.bounds.center)
        return True
    except DeviceError as exc:
        if ctx.app_alive():
            raise
        ctx.mark(f"the app ended while handling the tap on {what} ({type(exc).__name__})")
        return False


def _control_node(control: Control) -> Node:
    return Node(index=-1, parent=None, depth=0, text=control.text, resource_id=control.resource_id, cls="",
                package="", desc="", checkable=control.checked is not None, checked=bool(control.checked),
                clickable=True, enabled=True, scrollable=False, bounds=control.bounds)


def _with_overrides(xml: str, agree: Selector | None, refuse: Selector | None) -> ConsentDialog | None:
    nodes = parse(xml)
    found = detect_consent_nodes(nodes)
    a = find(nodes, agree) if agree else None
    r = find(nodes, refuse) if refuse else None
    if a is None and r is None:
        return found if found.dialog else None
    pick = lambda n: Control.of(clickable_target(nodes, n), n)
    return ConsentDialog(dialog=True, kind=found.kind or "consent",
                         agree=pick(a) if a else found.agree, refuse=pick(r) if r else found.refuse,
                         checkbox=found.checkbox, policy=found.policy)


def _probe(agree: Selector | None, refuse: Selector | None, permissions: str) -> Callable[[str], object]:
    def probe(xml: str) -> object:
        if permissions != "leave":
            perm = detect_permission_nodes(parse(xml))
            if perm.dialog:
                return perm
        return _with_overrides(xml, agree, refuse)

    return probe


def find_dialog(ctx: ScenarioContext, timeout: float, agree: Selector | None = None,
                refuse: Selector | None = None, permissions: str = "deny",
                settle: float = 2) -> tuple[ConsentDialog, str] | None:
    """Wait for the consent dialog; answer system permission dialogs that cover it meanwhile."""
    deadline = time.monotonic() + timeout
    for _ in range(12):
        got = wait_until(ctx, _probe(agree, refuse, permissions), max(0.0, deadline - time.monotonic()))
        if got is None:
            check_readable(ctx, "looking for the consent dialog")
            return None
        found, xml = got
        if isinstance(found, ConsentDialog):
            return found, xml
        assert isinstance(found, PermissionDialog)
        control = found.allow if permissions == "grant" else found.deny
        if control is None:
            return None
        ctx.record_dialog("permission", False, xml)
        ctx.record_action(f"permission-{permissions}", {**control.to_json(), "message": found.message}, xml)
        ctx.ui.click(*control.bounds.center)
        wait_change(ctx, xml, settle)
    return None


def agree(ctx: ScenarioContext, *, timeout: float = 10, settle: float = 2, selector: Selector | None = None,
          permissions: str = "deny") -> str | None:
    """Agree to the consent dialog (ticking its consent checkbox first if needed). The state recorded."""
    got = find_dialog(ctx, timeout, agree=selector, permissions=permissions, settle=settle)
    if got is None:
        ctx.mark(f"no consent dialog within {timeout:g}s")
        return None
    dialog, xml = got
    ctx.record_dialog("consent", dialog.preselected, xml)
    ctx.record_consent("pre-consent", None)
    if dialog.agree is None:
        ctx.mark("consent dialog without an agree control")
        return None
    if dialog.checkbox is not None and not dialog.checkbox.checked:
        click_node(ctx, "consent-checkbox", _control_node(dialog.checkbox), xml)
        after = wait_until(ctx, lambda x: _with_overrides(x, selector, None) if x != xml else None, settle)
        if after is not None:
            dialog, xml = after
    if dialog.agree is None:
        return None
    action_id = ctx.record_action("consent-agree", dialog.agree.to_json(), xml)
    ctx.record_consent("consented", action_id)
    tap_answer(ctx, dialog.agree, "agree")
    return "consented"


def refuse(ctx: ScenarioContext, *, timeout: float = 10, settle: float = 2, selector: Selector | None = None,
           permissions: str = "deny") -> str | None:
    """Refuse, and confirm the refusal on an "are you sure?" screen if one follows."""
    got = find_dialog(ctx, timeout, refuse=selector, permissions=permissions, settle=settle)
    if got is None:
        ctx.mark(f"no consent dialog within {timeout:g}s")
        return None
    dialog, xml = got
    ctx.record_dialog("consent", dialog.preselected, xml)
    ctx.record_consent("pre-consent", None)
    if dialog.refuse is None:
        ctx.mark("consent dialog without a refuse control")
        return None
    first = dialog.signature()
    action_id = ctx.record_action("consent-refuse", dialog.refuse.to_json(), xml)
    ctx.record_consent("refused", action_id)
    if not tap_answer(ctx, dialog.refuse, "refuse"):
        return "refused"
    for step in range(MAX_CONFIRM_SCREENS):
        new = wait_change(ctx, xml, settle)
        if new is None:  # nothing that matters changed: the same dialog is (again) on screen?
            again = dump(ctx) if step == 0 else None
            if again is not None and detect_consent_nodes(parse(again)).signature() == first:
                ctx.mark("consent dialog shown again right after the refusal")
            break
        xml = new
        nxt = detect_consent_nodes(parse(xml))
        if not nxt.dialog or nxt.refuse is None:
            break
        if nxt.signature() == first:
            ctx.mark("consent dialog shown again right after the refusal")
            break
        ctx.record_dialog("refuse-confirm", False, xml)
        click_node(ctx, "consent-refuse-confirm", _control_node(nxt.refuse), xml)
    return "refused"


def _withdraw_probe(confirm: Selector | None, before: str | None) -> Callable[[str], Node | None]:
    old = {(n.label, n.bounds) for n in parse(before)} if before else set()

    def probe(xml: str) -> Node | None:
        nodes = [n for n in parse(xml) if (n.label, n.bounds) not in old]
        if confirm is not None:
            return find(nodes, confirm)
        about = any(vocab.contains(vocab.WITHDRAW_TOPIC, n.label) for n in nodes)
        strong = [n for n in nodes if vocab.full(vocab.WITHDRAW_STRONG, n.label)]
        weak = [n for n in nodes if about and vocab.full(vocab.WITHDRAW_CONFIRM, n.label)]
        hits = strong or weak
        return max(hits, key=lambda n: n.index) if hits else None  # the topmost window's

    return probe


def withdraw(ctx: ScenarioContext, *, last_action: int | None, timeout: float = 3,
             confirm: Selector | None = None, before: str | None = None) -> str | None:
    """After the ``via`` steps reached the app's withdraw control: tap the confirmation (a control
    saying 撤回/Withdraw, or 确定/OK on a screen about withdrawal, not already on the ``before``
    screen) and record ``withdrawn`` on the last action."""
    got = wait_until(ctx, _withdraw_probe(confirm, before), timeout)
    if got is not None:  # recorded before the tap, as agree/refuse: the app may act within the tap
        node, xml = got
        target = clickable_target(parse(xml), node)
        action_id = ctx.record_action("consent-withdraw", target.target(), xml)
        ctx.record_consent("withdrawn", action_id)
        tap_answer(ctx, target, "withdraw")
        return "withdrawn"
    if last_action is None:
        ctx.mark("withdraw: found nothing to tap (give the settings path in via:)")
        return None
    ctx.record_consent("withdrawn", last_action)
    return "withdrawn"

