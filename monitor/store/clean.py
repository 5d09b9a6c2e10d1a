"""Make app-controlled values storable: bounded length, no lone surrogates, no NUL (PostgreSQL refuses it)."""

from __future__ import annotations

from typing import Any

from monitor.timeline.model import Frame


def clean(value: Any, limit: int) -> str:
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
    f = Frame.of(raw)
    return {"class": clean(f.cls, 512), "method": clean(f.method, 255),
            "file": None if f.file is None else clean(f.file, 255),
            "line": f.line if isinstance(f.line, int) else None}
