"""Tamper evidence: a hash chain over everything a run stored, sealed at its end (optionally signed).

Every stored record of a run — the run itself (genesis: its id, app, device, scenario, times, status), then
each event, flow, UI action, consent transition, lifecycle row, dialog and mark, table by table in id order —
is hashed together with the hash before it (the transparency-log / forensic-evidence practice)::

    h0 = SHA-256("pimon-chain-v1" | canonical(run))
    hi = SHA-256(h(i-1) | table | canonical(record i))      canonical = sorted-key JSON of every column

so changing, removing, adding or reordering any record changes the head. :func:`seal_run` stores the seal in
the run's ``config.seal`` — head, record count, a digest of the run's findings, and (when a lab key is set,
``$PIMON_LAB_KEY``: an Ed25519 private key in PEM) a signature over both and the public key's fingerprint.
:func:`verify_run` recomputes and compares; :func:`seal_document` / :func:`verify_document` do the same for a
``findings.json`` (a digest of the document without its ``seal``). Without a lab key the seal catches any
edit made without recomputing it; with one, any edit at all (the key never enters the database).
Records are read in batches: verification runs in bounded memory on runs of any size.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text

from monitor.errors import ConfigError

VERSION = "pimon-chain-v1"
#: Tables whose rows are evidence, in chain order (each with ``id`` and ``run_id``).
TABLES = ("events", "flows", "ui_actions", "consent_transitions", "lifecycle", "dialogs", "marks")
RUN_FIELDS = ("id", "app_package", "device_kind", "device_serial", "scenario", "pimon_version", "started_ms",
              "ended_ms", "status", "status_reason")
BATCH = 2000
#: Nullable columns added to a chained table later (a NULL there is left out, so older seals still verify).
_LATER_COLUMNS = {"events": ("count", "times", "exception")}


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(_plain(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _tables(store: Any) -> dict[str, Table]:
    from monitor.store import flows as _flows  # noqa: F401 - registers the flows table on the metadata
    from monitor.store import schema as S

    md = S.Base.metadata
    return {name: md.tables[name] for name in (*TABLES, "runs", "findings") if name in md.tables}


def _rows(store: Any, table: Table, run_id: int) -> Iterator[dict[str, Any]]:
    """The run's rows of ``table`` in id order, as the database holds them (no type decoding, so a byte changed
    in a JSON column is seen as such), in batches."""
    last = -(2**63)
    sql = text(f"SELECT * FROM {table.name} WHERE run_id = :run AND id > :last ORDER BY id LIMIT {BATCH}")
    with store.engine.connect() as conn:
        while True:
            batch = conn.execute(sql, {"run": run_id, "last": last}).mappings().all()
            if not batch:
                return
            for row in batch:
                yield dict(row)
            last = batch[-1]["id"]


def chain_head(store: Any, run_id: int) -> tuple[str, int]:
    """(head hash hex, records chained) of run ``run_id``; KeyError when there is no such run."""
    tables = _tables(store)
    with store.engine.connect() as conn:
        run = conn.execute(text("SELECT * FROM runs WHERE id = :id"), {"id": run_id}).mappings().first()
    if run is None:
        raise KeyError(run_id)
    h = hashlib.sha256(VERSION.encode() + canonical({k: run[k] for k in RUN_FIELDS if k in run})).digest()
    n = 1
    for name in TABLES:
        if name not in tables:
            continue
        tag = name.encode() + b"\0"
        for row in _rows(store, tables[name], run_id):
            for col in _LATER_COLUMNS.get(name, ()):  # columns added after v1: absent = as before they existed
                if row.get(col) is None:
                    row.pop(col, None)
            h = hashlib.sha256(h + tag + canonical(row)).digest()
            n += 1
    return h.hex(), n


def findings_digest(store: Any, run_id: int) -> str:
    """SHA-256 over the run's stored findings (every column but the row id), in id order."""
    table = _tables(store)["findings"]
    h = hashlib.sha256(b"findings\0")
    for row in _rows(store, table, run_id):
        row.pop("id", None)
        h.update(canonical(row) + b"\n")
    return h.hexdigest()


# ---- lab key -----------------------------------------------------------------------------------------------

def _lab_key() -> Any:
    path = os.environ.get("PIMON_LAB_KEY")
    if not path:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"cannot load the lab key: {exc}", path=path) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError("the lab key must be an Ed25519 private key (PEM)", path=path)
    return key


def _public_raw(key: Any) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _sign(message: bytes) -> dict[str, str]:
    key = _lab_key()
    if key is None:
        return {}
    pub = _public_raw(key)
    return {"signature": key.sign(message).hex(), "public_key": pub.hex(),
            "key_id": hashlib.sha256(pub).hexdigest()[:16]}


def _check_signature(seal: dict[str, Any], message: bytes, pinned: bytes | None) -> str | None:
    """None when fine (or unsigned and nothing pinned), else why not."""
    if "signature" not in seal:
        return "the seal is not signed, but a lab public key was given" if pinned else None
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    pub = bytes.fromhex(str(seal.get("public_key", "")))
    if pinned is not None and pub != pinned:
        return "the seal was signed by another key than the lab key given"
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(bytes.fromhex(str(seal["signature"])), message)
    except (InvalidSignature, ValueError):
        return "the seal's signature does not match"
    return None


def load_public_key(path: str | Path) -> bytes:
    """A lab public key (PEM, or the private key's PEM) as raw Ed25519 bytes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_private_key,
        load_pem_public_key,
    )

    data = Path(path).read_bytes()
    try:
        key: Any = load_pem_public_key(data)
    except ValueError:
        try:
            key = load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"not an Ed25519 key: {exc}", path=str(path)) from None
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError("not an Ed25519 key", path=str(path))
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


# ---- run seal ----------------------------------------------------------------------------------------------

def _seal_message(seal: dict[str, Any]) -> bytes:
    return f"{VERSION}|{seal['run']}|{seal['head']}|{seal['records']}|{seal['findings']}".encode()


def make_seal(store: Any, run_id: int) -> dict[str, Any]:
    head, n = chain_head(store, run_id)
    seal: dict[str, Any] = {"version": VERSION, "run": run_id, "head": head, "records": n,
                            "findings": findings_digest(store, run_id)}
    seal.update(_sign(_seal_message(seal)))
    return seal


def seal_run(store: Any, run_id: int) -> dict[str, Any]:
    """Compute the run's seal and store it in ``config.seal``; returns it."""
    seal = make_seal(store, run_id)
    store.update_run_config(run_id, {"seal": seal})
    return seal


@dataclass
class Verdict:
    ok: bool
    problems: list[str]
    seal: dict[str, Any] | None
    records: int = 0


def verify_run(store: Any, run_id: int, *, public_key: bytes | None = None) -> Verdict:
    """Recompute run ``run_id``'s chain and findings digest and compare them with its stored seal."""
    seal = (store.get_run(run_id).config or {}).get("seal")
    if not isinstance(seal, dict) or "head" not in seal:
        return Verdict(False, ["the run has no seal (it was stored before sealing, or the seal was removed)"], None)
    try:
        head, n = chain_head(store, run_id)
        findings = findings_digest(store, run_id)
    except KeyError:
        raise
    except Exception as exc:  # noqa: BLE001 - records a changed byte made unreadable are tampered records
        return Verdict(False, [f"the stored records cannot be read: {type(exc).__name__}"], seal)
    problems = []
    if seal.get("run") != run_id:
        problems.append(f"the seal belongs to run {seal.get('run')}")
    if n != seal.get("records"):
        problems.append(f"{n} records stored, {seal.get('records')} sealed")
    if head != seal.get("head"):
        problems.append("the stored records differ from the sealed ones (changed, removed, added or reordered)")
    if findings != seal.get("findings"):
        problems.append("the stored findings differ from the sealed ones")
    why = _check_signature(seal, _seal_message(seal), public_key) if "head" in seal else None
    if why:
        problems.append(why)
    return Verdict(not problems, problems, seal, n)


# ---- findings.json -----------------------------------------------------------------------------------------

def _document_digest(doc: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in doc.items() if k != "seal"})).hexdigest()


def seal_document(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (a findings.json document) with a ``seal``: the run's seal and a digest of the document."""
    run_seal = ((doc.get("run") or {}).get("config") or {}).get("seal") or {}
    seal: dict[str, Any] = {"version": VERSION, "run_head": run_seal.get("head"), "document": _document_digest(doc)}
    seal.update(_sign(f"{VERSION}|document|{seal['document']}|{seal['run_head']}".encode()))
    return {**doc, "seal": seal}


def verify_document(doc: dict[str, Any], *, public_key: bytes | None = None, store: Any = None) -> Verdict:
    seal = doc.get("seal")
    if not isinstance(seal, dict) or "document" not in seal:
        return Verdict(False, ["the document has no seal"], None)
    problems = []
    if _document_digest(doc) != seal.get("document"):
        problems.append("the document differs from the sealed one")
    why = _check_signature(seal, f"{VERSION}|document|{seal['document']}|{seal.get('run_head')}".encode(), public_key)
    if why:
        problems.append(why)
    run_seal = ((doc.get("run") or {}).get("config") or {}).get("seal") or {}
    if run_seal.get("head") != seal.get("run_head"):
        problems.append("the run seal inside the document differs from the sealed one")
    if store is not None and (doc.get("run") or {}).get("id") is not None:
        try:
            stored = verify_run(store, int(doc["run"]["id"]), public_key=public_key)
        except KeyError:
            problems.append(f"run {doc['run']['id']} is not in the database")
        else:
            problems += [f"database: {p}" for p in stored.problems]
            if stored.seal and stored.seal.get("head") != seal.get("run_head"):
                problems.append("database: the run's seal differs from the document's")
    return Verdict(not problems, problems, seal)
