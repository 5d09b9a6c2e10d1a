"""Searching a body too large to keep (issue 12 point 9): chunk by chunk, with overlap (pure).

A request body is stored up to the proxy's ``max_body`` (1 MiB); the rest is spooled to a temporary file as it
streams (``monitor/traffic/recorder.py``: :class:`BodySpool`) and searched here without holding it in memory:
each window is the last ``overlap`` bytes of the previous one plus the next chunk, so a value straddling two
chunks is found once (``overlap`` >= the longest needle - 1), and a match lying wholly in the carried-over bytes
is not reported twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
CHUNK = 1 << 20


def scan_chunks(chunks: Iterable[bytes], search: Callable[[bytes], Iterable[tuple[int, int, T]]], overlap: int,
                base: int = 0) -> Iterator[tuple[int, int, T]]:
    """``(offset, length, item)`` for every hit of ``search`` (``window -> (offset, length, item)``, offsets in the
    window) over the concatenated ``chunks``, offsets counted from ``base``; each occurrence once."""
    tail, tail_start = b"", base
    for chunk in chunks:
        if not chunk:
            continue
        window = tail + chunk if tail else bytes(chunk)
        for off, length, item in search(window):
            if off + length <= len(tail):
                continue  # wholly in the carried-over bytes: the previous window found it
            yield tail_start + off, length, item
        keep = min(max(overlap, 0), len(window))
        tail_start += len(window) - keep
        tail = window[len(window) - keep:] if keep else b""


def file_chunks(path: str | Path, size: int = CHUNK) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def matcher_hits(matcher: Any, location: str) -> Callable[[bytes], list[tuple[int, int, Any]]]:
    """``search`` for :func:`scan_chunks` from a :class:`monitor.traffic.matcher.Matcher` (raw bytes)."""
    return lambda window: [(m.offset, m.length, m) for m in matcher.search(window, location)]
