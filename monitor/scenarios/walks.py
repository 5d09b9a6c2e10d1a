"""Scenario building blocks that walk an app: the bounded search of its settings for a personalisation
switch (Article 8(2)) and the upgrade with data kept (Article 6(3)). Used by the Python scenarios
``scenarios/settings-personalisation.py`` and ``scenarios/upgrade-keep-data.py``; each ends by putting a
``fact:<name>`` mark on the timeline for the rules (``monitor.rules.facts``)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from monitor.rules.facts import fact_note
from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.hierarchy import Node, parse

NAV = re.compile(r"设置|我的|隐私|个性化|推荐管理|广告管理|广告设置|账号与安全|settings|privacy|profile|account|^me$|^ads$",
                 re.IGNORECASE)
TARGET = re.compile(r"个性化推荐|个性化广告|个性化内容|个性化推送|程序化广告|personali[sz]ed", re.IGNORECASE)


def _switch_for(nodes: list[Node], label: Node) -> Node | None:
    """The checkable node that goes with a label: the label itself, else one on the same row."""
    if label.checkable:
        return label
    row = [n for n in nodes if n.checkable and not (n.bounds.bottom <= label.bounds.top or n.bounds.top >= label.bounds.bottom)]
    return row[0] if row else None


def find_switch(ctx: ScenarioContext, max_screens: int = 8, settle: float = 1.0,
                path: list[str] | None = None) -> dict[str, Any]:
    """Walk from the current screen towards a personalisation switch: follow ``path`` (labels to tap in
    order) if given, else tap unvisited controls whose label names settings/privacy/profile, at most
    ``max_screens`` screens. Returns what was found (``found``, ``label``, ``path``, ``checked``, ``screens``)."""
    taken: list[str] = []
    wanted = list(path or [])
    screens = 0
    while screens < max_screens:
        xml = ctx.ui.dump_hierarchy()
        nodes = parse(xml)
        screens += 1
        hit = next((n for n in nodes if TARGET.search(n.label)), None)
        if hit is not None:
            sw = _switch_for(nodes, hit)
            return {"found": True, "label": hit.label[:80], "path": taken, "screens": screens,
                    "checked": sw.checked if sw else None, "_switch": sw, "_xml": xml}
        if wanted:
            step = wanted.pop(0)
            nav = [n for n in nodes if n.label == step]
        else:
            nav = [n for n in nodes if n.clickable and n.package == ctx.package and NAV.search(n.label)
                   and n.label not in taken]
        if not nav:
            break
        node = nav[0]
        taken.append(node.label[:40])
        ctx.record_action("tap", node.target(), xml)
        ctx.ui.click(*node.bounds.center)
        ctx.observe(settle)
    return {"found": False, "path": taken, "screens": screens}


def personalisation(ctx: ScenarioContext, *, max_screens: int = 8, observe: float = 4.0,
                    path: list[str] | None = None) -> dict[str, Any]:
    """Search the switch; if it is on, turn it off and observe as long before and after; record the fact."""
    found = find_switch(ctx, max_screens=max_screens, path=path)
    sw, xml = found.pop("_switch", None), found.pop("_xml", None)
    fact: dict[str, Any] = {**found, "searched": TARGET.pattern}
    if sw is not None and sw.checked:
        ctx.observe(observe)  # the "before" window, on the same screen
        off = int(time.time() * 1000)
        ctx.record_action("tap", sw.target(), xml)
        ctx.ui.click(*sw.bounds.center)
        ctx.observe(observe)
        fact.update(turned_off=True, off_ms=off, window_ms=int(observe * 1000))
    ctx.mark(fact_note("personalisation", fact))
    return fact


def policy_facts(app_file: Path | None) -> dict[str, Any]:
    """SHA-256 and SDK ids of the policy an app file bundles (``{}`` when it has none readable)."""
    from monitor.policy.run import read_run_policy
    from monitor.timeline import Timeline

    policy = read_run_policy(Timeline(app_package=""), app_file) if app_file else None
    if policy is None or not policy.ok:
        return {"status": policy.status if policy else "none"}
    return {"sha": policy.sha256, "sdks": sorted({s.sdk or s.name for s in policy.sdks}), "status": "ok"}


def upgrade(ctx: Any, update: str, version_from: str = "N", version_to: str = "N+1") -> dict[str, Any]:
    """Install ``update`` over the app with its data kept; record ``fact:upgrade`` with both policies."""
    before = policy_facts(ctx.app_file())
    after = policy_facts(ctx.install_update(update))
    fact = {"from": version_from, "to": version_to, "update": update,
            "sha_before": before.get("sha"), "sha_after": after.get("sha"),
            "sdks_before": before.get("sdks", []), "sdks_after": after.get("sdks", []),
            "policy_before": before.get("status"), "policy_after": after.get("status")}
    ctx.mark(fact_note("upgrade", fact))
    return fact
