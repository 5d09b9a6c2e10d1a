"""The SDK database's documented integration for ``pimon sdk audit`` without ``--init``.

Each SDK file given (the SDK and its vendor libraries) is matched to the database by the package prefixes of
its classes (the SDK owning most of them); every matched SDK with an ``integration`` contributes its pre-init
and init entry points and placeholder keys, in the order the files were given. Several SDKs audited together
(one harness, as an app embedding them) are attributed apart by package prefix as in any run.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from monitor.audit.harness import sdk_jars
from monitor.errors import ConfigError


@dataclass(frozen=True)
class DocumentedIntegration:
    sdks: tuple[str, ...]  # database ids, in the order their files were given
    inits: tuple[str, ...]
    pre_inits: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]  # the database's source references of the entry points


def class_names(path: Path) -> list[str]:
    """The binary class names of an SDK file (a jar, or an aar's jars)."""
    names = []
    for _, data in sdk_jars(path):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names += [n[:-6].replace("/", ".") for n in zf.namelist()
                      if n.endswith(".class") and not n.startswith("META-INF/")]
    return names


def owner_of(names: Sequence[str], db) -> str | None:
    """The database id owning most of ``names`` (ties: the first in database order), or None."""
    counts = Counter(s.id for s in map(db.match_class, names) if s is not None)
    if not counts:
        return None
    order = {s.id: i for i, s in enumerate(db)}
    return min(counts, key=lambda i: (-counts[i], order[i]))


def documented(files: Sequence[Path], db=None, keys: Sequence[tuple[str, str]] = ()) -> DocumentedIntegration:
    """The entry points the database documents for ``files``; ``keys`` (from ``--key``) override its
    placeholders. ConfigError naming the files when none of them has a documented integration."""
    if db is None:
        from monitor.sdk.db import load

        db = load()
    ids: list[str] = []
    for f in files:
        sdk_id = owner_of(class_names(f), db)
        if sdk_id is not None and sdk_id not in ids:
            ids.append(sdk_id)
    documented_ids = [i for i in ids if db.get(i).integration is not None]
    if not documented_ids:
        known = f" (recognised: {', '.join(ids)})" if ids else " (no SDK of the database recognised in them)"
        raise ConfigError(f"no --init given and monitor/sdk/sdks.yaml documents no integration for "
                          f"{', '.join(str(f) for f in files)}{known}: give --init")
    inits: list[str] = []
    pre: list[str] = []
    merged: dict[str, str] = {}
    sources: list[str] = []
    for i in documented_ids:
        sdk = db.get(i)
        inits += sdk.integration.init
        pre += sdk.integration.pre_init
        for name, value in sdk.integration.keys.items():
            merged.setdefault(name, value)
        sources += sdk.source.get("integration", ())
    given = dict(keys)
    merged.update(given)
    return DocumentedIntegration(sdks=tuple(documented_ids), inits=tuple(inits), pre_inits=tuple(pre),
                                 keys=tuple(merged.items()), sources=tuple(sources))
