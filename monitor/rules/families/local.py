"""Article 7(2): operations on the user's data on the device (contacts, SMS, call log, calendar, media,
shared storage) that no user action asked for."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from monitor.rules.common import call_hit, is_permission_answer
from monitor.rules.config import RuleConfig
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.timeline import Call, Timeline

WRITE = "user-data-write"
ASSISTED = ("shared-storage", "media")
_NOT_ASKING = ("launch", "relaunch", "reboot", "home", "back", "foreground", "consent")


def _asked_by_user(tl: Timeline, c: Call, window_ms: int) -> bool:
    """A user action (a tap or typed text on the app, not a consent or permission answer, not a launch)
    shortly before the call asked for it."""
    for a in tl.ui_actions:
        if c.ts - window_ms <= a.ts <= c.ts and not a.kind.startswith(_NOT_ASKING) and not is_permission_answer(a):
            return True
    return False


def _own_dir(c: Call, pkg: str) -> bool:
    path = c.args[0] if c.args else ""
    return f"/Android/data/{pkg}" in path or f"/Android/media/{pkg}" in path or f"/data/{pkg}/" in path


@rule(code="PI-7.2-LOCAL-OPERATION", name="local-operation-on-user-data", article="7(2)", severity="high",
      message="{caller} {op} the user's {target} on the device ({api}) with no user action asking for it ({count}×)")
def local_operation(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Writes, updates and deletes on the user's data that nobody asked for.

    Fires for every ``ContentResolver`` insert/bulkInsert/update/delete on the contacts, SMS, call-log,
    calendar or media providers (catalog category ``user-data-write``) with no user action in the
    ``local_operation.window_s`` seconds before it (default 3; consent and permission answers and
    launches do not count): auto. Reads and writes of shared storage outside the app's own directories
    (catalog ``shared-storage``, MediaStore queries) without a user action fire as *assisted*: a
    reviewer checks whether the function in use needed them. Article 7(2): no operations on the
    user's data on the device (deleting, altering, reading) beyond what the service needs, and none
    without the user's knowledge. Severity high. Fix: touch the user's data only when they asked.
    """
    win = int(cfg.local_operation.window_s * 1000)
    pkg = tl.app_package
    for c in tl.calls:
        if c.category == WRITE:
            if not _asked_by_user(tl, c, win):
                op = "deleted" if c.api.endswith(".delete") else "wrote"
                yield call_hit(tl, c, op=op, target=(c.pi or "data").rsplit("-", 1)[0])
        elif c.category in ASSISTED and not _own_dir(c, pkg) and not _asked_by_user(tl, c, win):
            hit = call_hit(tl, c, op="read", target="shared storage" if c.category == "shared-storage" else "media")
            yield dataclasses.replace(hit, kind="assisted")
