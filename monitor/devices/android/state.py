"""The record of what ``pimon setup`` changed on a device, so ``pimon teardown`` can undo exactly that.

One JSON file per device serial under ``state_home()/android/``. Every change is appended and saved
the moment it is made, so a setup that fails half-way can still be torn down.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.paths import state_home


def state_path(serial: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", serial)
    return state_home() / "android" / f"{safe}.json"


@dataclass
class SetupState:
    serial: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None

    @classmethod
    def load(cls, serial: str) -> SetupState:
        path = state_path(serial)
        if not path.exists():
            return cls(serial, [], path)
        try:
            data = json.loads(path.read_text())
            changes = list(data["changes"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"unreadable setup record ({exc}); fix or delete it", path=str(path)) from exc
        return cls(serial, changes, path)

    def find(self, kind: str) -> dict[str, Any] | None:
        return next((c for c in self.changes if c["kind"] == kind), None)

    def record(self, kind: str, **data: Any) -> dict[str, Any]:
        change = {"kind": kind, "at": int(time.time()), **data}
        self.changes.append(change)
        self.save()
        return change

    def drop(self, change: dict[str, Any]) -> None:
        self.changes.remove(change)
        self.save()

    def save(self) -> None:
        path = self.path or state_path(self.serial)
        if not self.changes:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"serial": self.serial, "changes": self.changes}, indent=2) + "\n")
        tmp.replace(path)
