"""Bounds for every YAML file pimon reads (scenarios, suites, disclosures, rule configs, timelines).

A "billion laughs" document is small on disk and enormous once its aliases are expanded (our loaders turn
the YAML tree into plain data, which expands every alias); a huge scenario is slow to parse. Before the real
loader sees a document, :func:`check_yaml` walks libyaml's event stream (C, linear in the text) and stops
at the first limit it crosses, naming ``file:line``:

- ``MAX_BYTES`` of text (checked on the file's size before it is read: :func:`read_bounded`),
- ``MAX_NODES`` nodes *after* alias expansion (each alias counts the size of what it points to),
- ``MAX_ALIASES`` aliases, ``MAX_DEPTH`` levels of nesting.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from monitor.errors import ConfigError

MAX_BYTES = 1 << 20
MAX_NODES = 50_000
MAX_ALIASES = 1_000
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_bounded(path: str | Path, *, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """The text of ``path`` (UTF-8), refused without reading it when larger than ``max_bytes``."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(f"cannot read {what}: no such file", path=str(p)) from None
    except IsADirectoryError:
        raise ConfigError(f"is a directory, not a {what}", path=str(p)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror or exc}", path=str(p)) from None
    if len(data) > max_bytes:
        raise ConfigError(f"{what} is larger than {max_bytes // 1024} KiB; pimon refuses it", path=str(p), line=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(p)) from None


def check_yaml(text: str, source: str, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES,
               max_aliases: int = MAX_ALIASES, max_depth: int = MAX_DEPTH) -> None:
    """ConfigError (``source:line``) when ``text`` crosses a bound; syntax errors are left to the real loader."""
    if len(text) > max_bytes:
        raise ConfigError(f"YAML text is larger than {max_bytes // 1024} KiB; pimon refuses it", path=source, line=1)
    anchors: dict[str, int] = {}
    stack: list[list] = []  # [anchor, size so far] per open collection
    total = aliases = 0

    def count(size: int, line: int | None) -> None:
        nonlocal total
        total += size
        if total > max_nodes:
            raise ConfigError(f"YAML expands to more than {max_nodes} nodes (aliases included); pimon refuses it",
                              path=source, line=line)

    def add(size: int, line: int | None) -> None:
        count(size, line)
        if stack:
            stack[-1][1] += size

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            line = ev.start_mark.line + 1 if ev.start_mark is not None else None
            if isinstance(ev, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    raise ConfigError(f"more than {max_aliases} YAML aliases; pimon refuses it", path=source, line=line)
                add(anchors.get(ev.anchor, 1), line)
            elif isinstance(ev, yaml.ScalarEvent):
                if ev.anchor:
                    anchors[ev.anchor] = 1
                add(1, line)
            elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= max_depth:
                    raise ConfigError(f"YAML nested deeper than {max_depth} levels; pimon refuses it",
                                      path=source, line=line)
                count(1, line)  # the collection node itself; its size reaches its parent at its end
                stack.append([ev.anchor, 1])
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = stack.pop()
                if anchor:
                    anchors[anchor] = size
                if stack:
                    stack[-1][1] += size
    except yaml.YAMLError:
        return  # not YAML libyaml reads: the real loader reports it with its own file:line

