"""Make app-controlled values storable: bounded length, no lone surrogates, no NUL (PostgreSQL refuses it)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from monitor.timeline.model import Frame


def clean(value: Any, limit: int) -> str:
    if type(value) is str and len(value) <= limit and value.isascii() and "\x00" not in value:
        return value  # the common case, fast
    s = value if isinstance(value, str) else str(value)
    if len(s) > limit:
        s = s[:limit]
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return s.replace("\x00", "\ufffd") if "\x00" in s else s


def clean_tree(value: Any, limit: int = 65536, depth: int = 0) -> Any:
    """Clean every string (keys too) of a JSON-like value."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return clean(value, limit)
    if depth > 20:
        return clean(repr(value), 256)
    if isinstance(value, dict):
        return {clean(k, 256): clean_tree(v, limit, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [clean_tree(v, limit, depth + 1) for v in value]
    return clean(str(value), limit)


def frame_dict(raw: Any) -> dict[str, Any]:
    """A stored frame: ``{"class", "method", "file", "line"}``, bounded and clean (shared, do not mutate)."""
    if isinstance(raw, dict):  # the agent's shape: the fast path
        line, file = raw.get("line"), raw.get("file")
        return _frame((_s(raw.get("class") or raw.get("cls") or ""), _s(raw.get("method") or ""),
                       None if file is None else _s(file), line if type(line) is int else None))
    f = Frame.of(raw)
    return _frame((f.cls, f.method, f.file, f.line if type(f.line) is int else None))


def _s(v: Any) -> str:
    return v if type(v) is str else str(v)


@lru_cache(maxsize=8192)
def _frame(key: tuple[Any, Any, Any, int | None]) -> dict[str, Any]:
    cls, method, file, line = key
    return {"class": clean(cls, 512), "method": clean(method, 255),
            "file": None if file is None else clean(file, 255), "line": line}


_JSON: dict[int, tuple[Any, str]] = {}


def share_json(value: Any) -> None:
    """``value`` (a stored stack, shared by the rows of a hot loop) is written many times: serialise it once.
    It must not change afterwards; the entry keeps it alive, so its id is not reused while cached."""
    if len(_JSON) >= 8192:
        _JSON.clear()
    _JSON[id(value)] = (value, json.dumps(value))


def json_dumps(value: Any) -> str:
    """The engines' JSON serialiser: ``json.dumps`` (SQLAlchemy's default), once per shared value."""
    hit = _JSON.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    return json.dumps(value)
