"""Consent-dialog and permission-dialog detection on a uiautomator hierarchy dump. Pure functions.

How a consent dialog is recognised: the screen mentions privacy (隐私政策, 用户协议, Privacy Policy …,
or a sentence asking to 同意/agree) and offers an *agree* control (同意, 同意并继续, Accept …, or,
failing that, a neutral one such as 确定/Continue next to the privacy text or a consent checkbox).
The refuse control is searched in the smallest part of the tree that holds both, then outwards.
It works the same for AlertDialogs, full-screen activities, bottom sheets and WebViews with native
buttons, because it looks at the nodes, not at the window type. The "are you sure?" screen that
some apps show after 不同意 is reported with ``kind == "refuse-confirm"``; its ``refuse`` is the
control that confirms the refusal (仍然拒绝, 退出应用 …).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from monitor.scenarios import vocab
from monitor.scenarios.hierarchy import (
    Bounds,
    Node,
    ancestors,
    clickable_target,
    common_ancestor,
    parse,
    subtree,
)

_SYSTEM_UI = (*vocab.PERMISSION_PACKAGES, "com.android.systemui")


@dataclass(frozen=True)
class Control:
    """A control on screen: what it says and where to tap."""

    text: str
    bounds: Bounds
    resource_id: str = ""
    checked: bool | None = None

    @classmethod
    def of(cls, node: Node, label_node: Node | None = None, *, with_checked: bool = False) -> Control:
        return cls(text=(label_node or node).label, bounds=node.bounds, resource_id=node.resource_id,
                   checked=node.checked if with_checked else None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "bounds": self.bounds.as_list()}
        if self.resource_id:
            out["resource_id"] = self.resource_id
        if self.checked is not None:
            out["checked"] = self.checked
        return out


@dataclass(frozen=True)
class ConsentDialog:
    dialog: bool
    kind: str | None = None  # "consent" | "refuse-confirm"
    agree: Control | None = None
    refuse: Control | None = None
    checkbox: Control | None = None  # a consent checkbox; .checked tells whether it is preselected
    policy: Control | None = None  # the node that carries the link to the privacy policy

    @property
    def preselected(self) -> bool:
        return bool(self.checkbox and self.checkbox.checked)

    def signature(self) -> tuple[str, ...]:
        """Identifies the dialog's wording, to tell a new screen from the same one shown again."""
        return tuple(c.text if c else "" for c in (self.agree, self.refuse, self.checkbox, self.policy))

    def to_json(self) -> dict[str, Any]:
        return {
            "dialog": self.dialog, "kind": self.kind,
            "agree": self.agree.to_json() if self.agree else None,
            "refuse": self.refuse.to_json() if self.refuse else None,
            "checkbox": self.checkbox.to_json() if self.checkbox else None,
            "preselected": self.preselected if self.dialog else None,
            "policy": self.policy.to_json() if self.policy else None,
        }


@dataclass(frozen=True)
class PermissionDialog:
    dialog: bool
    allow: Control | None = None
    deny: Control | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"dialog": self.dialog, "message": self.message,
                "allow": self.allow.to_json() if self.allow else None,
                "deny": self.deny.to_json() if self.deny else None}


NO_DIALOG = ConsentDialog(dialog=False)


def _app_nodes(nodes: list[Node]) -> list[Node]:
    return [n for n in nodes if n.package not in _SYSTEM_UI and not vocab.is_permission_package(n.package)
            and n.bounds.area > 0 and n.enabled]


def _is_cue(node: Node) -> bool:
    label = node.label
    if vocab.contains(vocab.PRIVACY_CUE, label):
        return True
    return len(vocab.normalise(label)) > 12 and vocab.contains(vocab.CONSENT_SENTENCE, label)


def _buttons(nodes: list[Node], pattern: Any) -> list[Node]:
    return [n for n in nodes if n.label and not n.checkable and vocab.full(pattern, n.label)]


def _distance(nodes: list[Node], a: Node, b: Node) -> int:
    """Tree distance through the lowest common ancestor (smaller: closer together)."""
    lca = common_ancestor(nodes, a, b)
    if lca is None:
        return 10_000
    return (a.depth - lca.depth) + (b.depth - lca.depth)


def _window(nodes: list[Node], node: Node) -> int:
    chain = ancestors(nodes, node)
    return chain[-1].index if chain else node.index


def _pick(nodes: list[Node], candidates: list[Node], anchor: Node) -> Node | None:
    """The candidate nearest to the anchor; later (drawn on top) wins a tie."""
    if not candidates:
        return None
    return min(candidates, key=lambda n: (_distance(nodes, n, anchor), -n.index))


def _region(nodes: list[Node], a: Node, b: Node) -> list[Node]:
    lca = common_ancestor(nodes, a, b)
    return subtree(nodes, lca) if lca is not None else nodes


def _checkbox(nodes: list[Node], region: list[Node], agree: Node) -> Node | None:
    boxes = [n for n in region if n.checkable and not vocab.full(vocab.REFUSE_STRONG, n.label)]
    return _pick(nodes, boxes, agree)


def _policy(nodes: list[Node], region: list[Node]) -> Node | None:
    links = [n for n in region if vocab.contains(vocab.POLICY_LINK, n.label)]
    if not links:
        return None
    return min(links, key=lambda n: (not n.clickable, len(n.label), n.index))


def _refuse(nodes: list[Node], scope: list[Node], agree: Node) -> tuple[Node | None, bool]:
    """(refuse node, whether it confirms a refusal) nearest to agree, strongest wording first."""
    for pattern, confirm in ((vocab.REFUSE_CONFIRM, True), (vocab.REFUSE_STRONG, False), (vocab.REFUSE_WEAK, False)):
        found = _pick(nodes, [n for n in _buttons(scope, pattern) if n is not agree], agree)
        if found is not None:
            return found, confirm
    return None, False


def detect_consent(xml: str) -> ConsentDialog:
    """Is a consent dialog on screen, and which are its controls."""
    return detect_consent_nodes(parse(xml))


def detect_consent_nodes(nodes: list[Node]) -> ConsentDialog:
    app = _app_nodes(nodes)
    cues = [n for n in app if _is_cue(n)]
    if not cues:
        return NO_DIALOG
    agree_strong = _buttons(app, vocab.AGREE_STRONG)
    candidates = agree_strong or [n for n in _buttons(app, vocab.AGREE_WEAK)]
    best: tuple[int, int, Node, Node] | None = None
    for cand in candidates:
        cue = _pick(nodes, cues, cand)
        if cue is None or _window(nodes, cue) != _window(nodes, cand):
            continue
        score = (_distance(nodes, cand, cue), -cand.index)
        if best is None or score < best[:2]:
            best = (*score, cand, cue)
    if best is None:
        return NO_DIALOG
    agree, cue = best[2], best[3]
    region = _region(nodes, agree, cue)
    box = _checkbox(nodes, region, agree)
    if not agree_strong and box is None and len(region) > 60:
        return NO_DIALOG  # a neutral button far from any consent control: an ordinary page
    window = [n for n in app if _window(nodes, n) == _window(nodes, agree)]
    in_window = {n.index for n in window}
    refuse, confirm = None, False
    for lca in [common_ancestor(nodes, agree, cue), *ancestors(nodes, agree)[:6]]:
        if lca is None:
            continue
        refuse, confirm = _refuse(nodes, [n for n in subtree(nodes, lca) if n.index in in_window], agree)
        if refuse is not None:
            break
    if refuse is None:
        refuse, confirm = _refuse(nodes, window, agree)
    policy = _policy(nodes, region) or _policy(nodes, window)
    return ConsentDialog(
        dialog=True,
        kind="refuse-confirm" if confirm and _is_confirmation(agree, refuse, box) else "consent",
        agree=_control(nodes, agree),
        refuse=_control(nodes, refuse) if refuse is not None else None,
        checkbox=Control.of(box, _box_label(nodes, box), with_checked=True) if box is not None else None,
        policy=Control.of(policy) if policy is not None else None,
    )


def _is_confirmation(agree: Node, refuse: Node | None, box: Node | None) -> bool:
    """An "are you sure?" screen: it insists (仍然拒绝, Decline anyway), or it offers only to leave
    (退出, Exit app) against a way back (去同意, Go back) and has no consent checkbox."""
    if refuse is None:
        return False
    if vocab.full(vocab.REFUSE_INSIST, refuse.label):
        return True
    return box is None and not vocab.full(vocab.AGREE_STRONG, agree.label)


def _control(nodes: list[Node], node: Node) -> Control:
    return Control.of(clickable_target(nodes, node), node)


def _box_label(nodes: list[Node], box: Node) -> Node:
    if box.label or box.parent is None:
        return box
    siblings = [nodes[i] for i in nodes[box.parent].children if nodes[i].label]
    return siblings[0] if siblings else box


def detect_permission(xml: str) -> PermissionDialog:
    """Is the system's runtime-permission dialog on screen, and where are Allow and Deny."""
    return detect_permission_nodes(parse(xml))


def detect_permission_nodes(nodes: list[Node]) -> PermissionDialog:
    system = [n for n in nodes if vocab.is_permission_package(n.package)]
    if not system:
        return PermissionDialog(dialog=False)

    def by_id(ids: tuple[str, ...]) -> Node | None:
        for wanted in ids:
            for n in system:
                if n.resource_id.rsplit("/", 1)[-1] == wanted:
                    return n
        return None

    allow = by_id(vocab.ALLOW_IDS) or next((n for n in system if vocab.full(vocab.ALLOW_TEXT, n.label)), None)
    deny = by_id(vocab.DENY_IDS) or next((n for n in system if vocab.full(vocab.DENY_TEXT, n.label)), None)
    if allow is None and deny is None:
        return PermissionDialog(dialog=False)
    msg = next((n.text for n in system if n.resource_id.endswith("permission_message")), "")
    return PermissionDialog(
        dialog=True, message=msg,
        allow=_control(nodes, allow) if allow is not None else None,
        deny=_control(nodes, deny) if deny is not None else None,
    )


def detect(xml: str) -> dict[str, Any]:
    """Both detections as one JSON-able object (what ``pimon ui detect`` prints)."""
    nodes = parse(xml)
    out = detect_consent_nodes(nodes).to_json()
    out["permission"] = detect_permission_nodes(nodes).to_json()
    return out
