"""Facts a scenario or the run puts on the timeline for the rules, as marks ``fact:<name> <json>``.

    ctx.mark(fact_note("upgrade", {"from": "1.0", "to": "1.1", ...}))   # a scenario step
    for ts, data in facts(timeline, "upgrade"): ...                      # a rule

Marks are the timeline's free-form notes (they show in every report); a fact is one whose text a rule
can read back. Unparseable fact marks are ignored (a person may write any note).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from monitor.timeline import Timeline

PREFIX = "fact:"


def fact_note(name: str, data: dict[str, Any]) -> str:
    return f"{PREFIX}{name} {json.dumps(data, ensure_ascii=False, sort_keys=True)}"


def facts(tl: Timeline, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(ts, data)`` of every ``fact:<name>`` mark, in time order."""
    head = f"{PREFIX}{name} "
    for m in tl.marks:
        if m.note.startswith(head):
            try:
                data = json.loads(m.note[len(head):])
            except ValueError:
                continue
            if isinstance(data, dict):
                yield m.ts, data
