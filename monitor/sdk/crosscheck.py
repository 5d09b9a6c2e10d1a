"""Cross-check the SDK database against the Exodus Privacy tracker list (issue 20 gap 7).

Exodus publishes its trackers as JSON (``GET https://reports.exodus-privacy.eu.org/api/trackers``):
``{"trackers": {"<id>": {"name", "code_signature", "network_signature", "website", ...}}}``, where
``code_signature`` is ``|``-separated Java package prefixes (a regular expression: ``\\.`` or ``.`` between
labels) and ``network_signature`` ``|``-separated host patterns. pimon ships no copy of that list (no network
here, and no package registry carries it): save the API's answer and run

    python -m monitor.sdk.crosscheck trackers.json [--missing-only]

Each tracker is classified against :func:`monitor.sdk.db.load` — ``covered`` (every prefix owned by an SDK of
the database), ``partial`` (some prefixes owned: the database misses the others), ``missing`` (none) — and each
database fact that cites ``exodus:<id>`` is checked against that tracker (``stale``: the id is not in the list).
The functions are pure; the command only reads the file and prints.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.sdk.db import SdkDatabase, load

_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_$]+)*\.?$")


@dataclass(frozen=True)
class Tracker:
    key: str
    name: str
    prefixes: tuple[str, ...]
    hosts: tuple[str, ...] = ()
    website: str = ""


@dataclass(frozen=True)
class Check:
    tracker: Tracker
    status: str  # covered | partial | missing | no-code-signature
    owners: dict[str, str] = field(default_factory=dict)  # prefix -> sdk id
    unowned: tuple[str, ...] = ()


def signature_prefixes(signature: str) -> tuple[str, ...]:
    """``"com.umeng.|com\\.uc\\.crashsdk\\."`` -> ``("com.umeng.", "com.uc.crashsdk.")``: regex escapes and anchors
    dropped, each ending in ``.``; parts that are not plain package names (wildcards, classes in brackets) skipped."""
    out: list[str] = []
    for part in signature.split("|"):
        p = part.strip().lstrip("^").rstrip("$").replace("\\.", ".").replace("\\$", "$")
        if not p or not _PREFIX.match(p):
            continue
        p = p if p.endswith(".") else p + "."
        if p not in out:
            out.append(p)
    return tuple(out)


def signature_hosts(signature: str) -> tuple[str, ...]:
    """``"umeng\\.com|\\.umeng\\.co"`` -> ``("umeng.com", "umeng.co")`` (plain host suffixes only)."""
    out: list[str] = []
    for part in signature.split("|"):
        h = part.strip().lstrip("^").rstrip("$").replace("\\.", ".").strip(".").lower()
        if h and re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", h) and h not in out:
            out.append(h)
    return tuple(out)


def parse_exodus(data: Mapping[str, Any]) -> list[Tracker]:
    """Trackers of an Exodus API answer (``{"trackers": {...}}``, or the inner mapping itself)."""
    inner = data.get("trackers", data)
    if not isinstance(inner, Mapping):
        raise TypeError("not an Exodus tracker list: 'trackers' is not an object")
    out = []
    for key, t in inner.items():
        if not isinstance(t, Mapping):
            raise TypeError(f"tracker {key!r}: not an object")
        out.append(Tracker(key=str(t.get("id", key)), name=str(t.get("name", "")),
                           prefixes=signature_prefixes(str(t.get("code_signature") or "")),
                           hosts=signature_hosts(str(t.get("network_signature") or "")),
                           website=str(t.get("website") or "")))
    return out


def check(db: SdkDatabase, trackers: Iterable[Tracker]) -> list[Check]:
    """Each tracker against the database: which of its prefixes an SDK owns (a class right under the prefix)."""
    out = []
    for t in trackers:
        if not t.prefixes:
            out.append(Check(t, "no-code-signature"))
            continue
        owners: dict[str, str] = {}
        for p in t.prefixes:
            sdk = db.match_class(p + "X")
            if sdk is not None:
                owners[p] = sdk.id
        unowned = tuple(p for p in t.prefixes if p not in owners)
        status = "covered" if not unowned else "partial" if owners else "missing"
        out.append(Check(t, status, owners, unowned))
    return out


def stale_sources(db: SdkDatabase, trackers: Iterable[Tracker]) -> list[tuple[str, str]]:
    """(sdk id, ``exodus:<key>``) for every database source citing a tracker id the list does not have."""
    keys = {t.key for t in trackers}
    out = []
    for sdk in db:
        for refs in (sdk.source or {}).values():
            for ref in refs:
                if ref.startswith("exodus:") and ref.split(":", 1)[1] not in keys:
                    out.append((sdk.id, ref))
    return out


def render(checks: list[Check], stale: list[tuple[str, str]], missing_only: bool = False) -> str:
    lines = []
    order = {"missing": 0, "partial": 1, "covered": 2, "no-code-signature": 3}
    for c in sorted(checks, key=lambda c: (order[c.status], c.tracker.name.lower())):
        if missing_only and c.status not in ("missing", "partial"):
            continue
        t = c.tracker
        owned = ", ".join(f"{p}->{s}" for p, s in c.owners.items())
        lines.append(f"{c.status:9} exodus:{t.key} {t.name!r} unowned={list(c.unowned)}"
                     + (f" owned=[{owned}]" if owned else "") + (f" hosts={list(t.hosts)}" if t.hosts else ""))
    counts = {s: sum(c.status == s for c in checks) for s in order}
    lines.append("total: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + f"; stale sources: {len(stale)}")
    lines += [f"stale     {sid} cites {ref}, absent from the list" for sid, ref in stale]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m monitor.sdk.crosscheck", description=__doc__.split("\n\n")[0])
    ap.add_argument("trackers", type=Path, help="the Exodus API's tracker list (JSON)")
    ap.add_argument("--missing-only", action="store_true", help="list only trackers the database misses")
    args = ap.parse_args(argv)
    try:
        trackers = parse_exodus(json.loads(args.trackers.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as e:  # json.JSONDecodeError is a ValueError
        print(f"error: {args.trackers}: {e}", file=sys.stderr)
        return 2
    db = load()
    print(render(check(db, trackers), stale_sources(db, trackers), args.missing_only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
