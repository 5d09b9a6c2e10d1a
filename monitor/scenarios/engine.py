"""Run a scenario against a :class:`ScenarioContext`: ``run_scenario(scenario, ctx, params)``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.scenarios import actions as act
from monitor.scenarios import consent
from monitor.scenarios.actions import ScenarioError
from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.detect import detect_consent_nodes, detect_permission_nodes
from monitor.scenarios.hierarchy import parse
from monitor.scenarios.loader import PythonScenario, rebind
from monitor.scenarios.model import AssertArgs, Scenario, Step
from monitor.scenarios.selectors import find

# Steps that act on the app's screen: skipped (with a note) once the app has died.
UI_STEPS = {"wait_for", "tap", "type", "back", "scroll_and_find", "consent", "permission", "assert_ui"}


@dataclass
class ScenarioResult:
    name: str
    steps_run: int = 0
    consent: str | None = None  # the last consent state the scenario recorded
    dialog_seen: bool = False
    app_died: bool = False
    failed_assertions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Runner:
    def __init__(self, ctx: ScenarioContext, name: str) -> None:
        self.ctx = ctx
        self.result = ScenarioResult(name)

    def note(self, text: str) -> None:
        self.result.notes.append(text)
        self.ctx.mark(text)

    def where(self, step: Step) -> str:
        return f"step {step.kind}" + (f" (line {step.line})" if step.line else "")

    def run_steps(self, steps: list[Step]) -> int | None:
        """Run steps in order; the id of the last action recorded by them."""
        last: int | None = None
        for step in steps:
            got = self.run_step(step)
            if isinstance(got, int) and not isinstance(got, bool):
                last = got
        return last

    def run_step(self, step: Step) -> Any:
        kind, a = step.kind, step.args
        self.result.steps_run += 1
        if kind in UI_STEPS and not self.ctx.app_alive():
            self.result.app_died = True
            self.note(f"skipped {kind}: the app is not running")
            return None
        ctx = self.ctx
        if kind == "launch":
            return act.launch(ctx, cold=a.cold, clear_data=a.clear_data)
        if kind == "relaunch":
            return act.relaunch(ctx)
        if kind == "reboot":
            return act.reboot(ctx)
        if kind in ("back", "home"):
            return act.press(ctx, kind)
        if kind == "foreground":
            return act.foreground(ctx)
        if kind == "mark":
            return ctx.mark(a.note)
        if kind == "observe":
            return self.observe(a.seconds)
        if kind == "background":
            act.press(ctx, "home")
            self.observe(a.seconds)
            return act.foreground(ctx)
        if kind == "wait_for":
            if not act.wait_for(ctx, a, timeout=a.timeout, gone=a.gone):
                self.fail_or_note(step, a.optional, f"{'still there' if a.gone else 'not found'} "
                                  f"after {a.timeout:g}s: {a.describe()}")
            return None
        if kind == "tap":
            got = act.tap(ctx, a, timeout=a.timeout)
            if got is None:
                self.fail_or_note(step, a.optional, f"nothing to tap within {a.timeout:g}s: {a.describe()}"
                                  + _screen_texts(act.dump(ctx)))
            return got
        if kind == "type":
            return act.type_text(ctx, a.text, into=a.into, secret=a.secret)
        if kind == "scroll_and_find":
            if act.scroll_and_find(ctx, a, max_swipes=a.max_swipes, direction=a.direction, tap_it=a.tap) is None:
                raise ScenarioError(f"{self.where(step)}: not found after {a.max_swipes} swipes: {a.describe()}")
            return None
        if kind == "consent":
            return self.consent(step)
        if kind == "permission":
            return act.permission(ctx, a.action, timeout=a.timeout, settle=a.settle) and None
        if kind == "assert":
            return self.check(step, a)
        raise ScenarioError(f"{self.where(step)}: unsupported step")  # pragma: no cover - model guards it

    def observe(self, seconds: float) -> None:
        self.ctx.observe(seconds)
        if not self.ctx.app_alive():
            self.result.app_died = True

    def fail_or_note(self, step: Step, optional: bool, msg: str) -> None:
        if optional:
            self.note(f"{step.kind}: {msg}")
            return
        if not self.ctx.app_alive():
            self.result.app_died = True
            self.note(f"{step.kind}: {msg} (the app died)")
            return
        raise ScenarioError(f"{self.where(step)}: {msg}")

    def consent(self, step: Step) -> None:
        a = step.args
        if a.action == "agree":
            state = consent.agree(self.ctx, timeout=a.timeout, settle=a.settle, selector=a.agree,
                                  permissions=a.permissions)
        elif a.action == "refuse":
            state = consent.refuse(self.ctx, timeout=a.timeout, settle=a.settle, selector=a.refuse,
                                   permissions=a.permissions)
        else:
            last = self.run_steps(a.via[:-1]) if a.via else None
            before = act.dump(self.ctx) if a.via else None
            if a.via:
                last = self.run_steps(a.via[-1:]) or last
            state = consent.withdraw(self.ctx, last_action=last, timeout=a.settle if a.via else a.timeout,
                                     confirm=a.confirm, before=before)
        if a.action in ("agree", "refuse") and state is not None:
            self.result.dialog_seen = True
        if state is not None:
            self.result.consent = state

    def check(self, step: Step, a: AssertArgs) -> None:
        ok = holds(self.ctx, a)
        what = a.that + (f" {a.selector.describe()}" if a.selector else "")
        self.ctx.mark(f"assert {what}: {'ok' if ok else 'FAILED'}")
        if not ok:
            self.result.failed_assertions.append(f"{self.where(step)}: {what}")
            if a.fatal:
                raise ScenarioError(f"{self.where(step)}: assertion failed: {what}")


def _screen_texts(xml: str | None, limit: int = 12) -> str:
    """``; on screen: "同意", "不同意" …`` — what a failed tap could have hit (empty when nothing is known)."""
    from monitor.scenarios.hierarchy import parse

    if not xml:
        return ""
    try:
        texts = list(dict.fromkeys(t for n in parse(xml) for t in (n.text.strip(),) if t))
    except Exception:  # noqa: BLE001 - a broken dump leaves the message as it was
        return ""
    if not texts:
        return "; nothing with text on screen"
    shown = ", ".join(f'"{t[:40]}"' for t in texts[:limit])
    return f"; on screen: {shown}" + (f" and {len(texts) - limit} more" if len(texts) > limit else "")


def _on_screen(ctx: ScenarioContext, a: AssertArgs, xml: str) -> bool:
    nodes = parse(xml)
    if a.that.endswith("consent_dialog"):
        return detect_consent_nodes(nodes).dialog
    if a.that.endswith("permission_dialog"):
        return detect_permission_nodes(nodes).dialog
    assert a.selector is not None
    return find(nodes, a.selector) is not None


def _state(ctx: ScenarioContext, that: str) -> bool:
    alive = ctx.app_alive()
    if that in ("alive", "exited"):
        return alive == (that == "alive")
    return alive and ctx.ui.is_foreground(ctx.package) == (that == "foreground")


def holds(ctx: ScenarioContext, a: AssertArgs) -> bool:
    """Whether an assertion holds. ``within``: foreground/alive and the no_*/not_visible ones must
    hold throughout that many seconds; the others must come true within them."""
    if a.that in ("foreground", "alive"):
        return not act.poll(lambda: not _state(ctx, a.that), a.within)
    if a.that in ("background", "exited"):
        return act.poll(lambda: _state(ctx, a.that), a.within)
    seen = act.wait_until(ctx, lambda xml: _on_screen(ctx, a, xml) or None, a.within)
    negative = a.that.startswith("no_") or a.that == "not_visible"
    return (seen is None) if negative else (seen is not None)


def run_scenario(scenario: Scenario | PythonScenario, ctx: ScenarioContext,
                 params: Mapping[str, Any] | None = None) -> ScenarioResult:
    """Run every step; raises :class:`ScenarioError` when a required step cannot be carried out.

    ``params`` override the scenario's parameter defaults (names it does not declare are ignored).
    """
    if isinstance(scenario, PythonScenario):
        bound = scenario.bind(params)
        runner = _Runner(ctx, bound.name)
        bound.func(ctx, bound.params)
        return runner.result
    if params:
        scenario = rebind(scenario, params, strict=False)
    runner = _Runner(ctx, scenario.name)
    runner.run_steps(scenario.steps)
    return runner.result
