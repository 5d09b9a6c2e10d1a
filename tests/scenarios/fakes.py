"""A fake device at the UiDriver boundary (an Android screen we cannot have in unit tests) and a
recording ScenarioContext. The app is a state machine of hierarchy dumps: a tap lands on the
deepest node under the point, and the label there picks the transition."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.devices.base import UiDriver
from monitor.errors import DeviceError
from monitor.scenarios.hierarchy import parse, subtree

DUMPS = Path(__file__).parent / "dumps"
HOME = "<hierarchy rotation=\"0\"><node index=\"0\" text=\"\" resource-id=\"\" class=\"android.widget.FrameLayout\" " \
       "package=\"com.android.launcher3\" content-desc=\"\" checkable=\"false\" checked=\"false\" clickable=\"false\" " \
       "enabled=\"true\" bounds=\"[0,0][1080,1920]\" /></hierarchy>"


def dump(name: str) -> str:
    return (DUMPS / name).read_text(encoding="utf-8")


@dataclass
class FakeApp(UiDriver):
    """screens: name -> XML. moves: (screen, label or key) -> next screen, or "DIE" to end the process.
    delays: screen -> seconds it takes to appear after being entered (the screen before stays shown)."""

    screens: dict[str, str]
    moves: dict[tuple[str, str], str]
    start: str
    package: str = "com.example.app"
    delays: dict[str, float] = field(default_factory=dict)
    current: str = ""
    shown_since: float = 0.0
    previous: str = ""
    alive: bool = False
    in_foreground: bool = False
    clicks: list[tuple[int, int, str]] = field(default_factory=list)
    swipes: int = 0
    remember: dict[tuple[str, str], str] = field(default_factory=dict)  # a move that changes the start screen

    def go(self, screen: str) -> None:
        if screen == "DIE":
            self.alive = False
            self.in_foreground = False
            return
        self.previous, self.current, self.shown_since = self.current, screen, time.monotonic()

    def visible(self) -> str:
        delay = self.delays.get(self.current, 0.0)
        if delay and time.monotonic() - self.shown_since < delay:
            return self.previous
        return self.current

    # UiDriver
    def dump_hierarchy(self) -> str:
        if not self.alive:
            raise DeviceError("app process is gone")
        if not self.in_foreground:
            return HOME
        name = self.visible()
        return self.screens[name] if name else HOME

    def click(self, x: int, y: int) -> None:
        if not self.alive or not self.in_foreground:
            return
        screen = self.visible()
        nodes = parse(self.screens[screen])
        under = [n for n in nodes if n.bounds.left <= x < n.bounds.right and n.bounds.top <= y < n.bounds.bottom]
        if not under:
            return
        def window(n):  # later top-level windows are drawn on top
            while n.parent is not None:
                n = nodes[n.parent]
            return n.index

        hit = max(under, key=lambda n: (window(n), n.depth, n.index))
        label = hit.label or next((n.label for n in subtree(nodes, hit) if n.label), "")
        self.clicks.append((x, y, label))
        target = self.moves.get((screen, label))
        if (screen, label) in self.remember:
            self.start = self.remember[(screen, label)]
        if target is not None:
            self.go(target)

    def send_text(self, text: str) -> None:
        self.clicks.append((-1, -1, f"text:{text}"))

    def press(self, key: str) -> None:
        if key == "home":
            self.in_foreground = False
        elif key == "back":
            target = self.moves.get((self.visible(), "back"))
            if target is not None:
                self.go(target)

    def foreground(self, package: str) -> None:
        if self.alive:
            self.in_foreground = True

    def is_foreground(self, package: str) -> bool:
        return self.alive and self.in_foreground


class SwipingApp(FakeApp):
    """A list that reveals the next screen on each swipe."""

    def swipe(self, x1: int, y1: int, x2: int, y2: int) -> None:
        self.swipes += 1
        target = self.moves.get((self.visible(), "swipe"))
        if target is not None:
            self.go(target)


@dataclass
class RecordingContext:
    """A ScenarioContext that records every call; launch/relaunch drive the FakeApp."""

    ui: FakeApp
    log: list[tuple[Any, ...]] = field(default_factory=list)
    package: str = "com.example.app"
    _next_id: int = 0

    def launch(self, *, cold: bool = True, clear_data: bool = False) -> None:
        self.log.append(("launch", cold, clear_data))
        if cold or not self.ui.alive:
            self.ui.current = ""
            self.ui.go(self.ui.start)
        self.ui.alive = self.ui.in_foreground = True

    def relaunch(self) -> None:
        self.log.append(("relaunch",))
        self.ui.current = ""
        self.ui.go(self.ui.start)
        self.ui.alive = self.ui.in_foreground = True

    def reboot(self) -> None:
        self.log.append(("reboot",))
        self.ui.alive = self.ui.in_foreground = False

    def record_action(self, kind: str, target: dict | None, evidence_xml: str | None) -> int:
        self._next_id += 1
        self.log.append(("action", self._next_id, kind, target, evidence_xml))
        return self._next_id

    def record_consent(self, state: str, action_id: int | None) -> None:
        self.log.append(("consent", state, action_id))

    def record_dialog(self, kind: str, preselected: bool, evidence_xml: str | None) -> None:
        self.log.append(("dialog", kind, preselected, evidence_xml))

    def mark(self, note: str) -> None:
        self.log.append(("mark", note))

    def observe(self, seconds: float) -> None:
        self.log.append(("observe", seconds))

    def app_alive(self) -> bool:
        return self.ui.alive

    # views of the log
    def kinds(self) -> list[str]:
        out = []
        for entry in self.log:
            if entry[0] == "action":
                out.append(f"action:{entry[2]}")
            elif entry[0] in ("consent", "dialog"):
                out.append(f"{entry[0]}:{entry[1]}")
            else:
                out.append(entry[0])
        return out

    def actions(self, kind: str) -> list[tuple[Any, ...]]:
        return [e for e in self.log if e[0] == "action" and e[2] == kind]

    def marks(self) -> list[str]:
        return [e[1] for e in self.log if e[0] == "mark"]
