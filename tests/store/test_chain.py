"""Tamper evidence: the hash chain over a run's stored records, its seal, and ``pimon verify``.

Property (hypothesis): any one-byte change to any column of any stored record of a sealed run — event, flow,
UI action, consent transition, lifecycle row, dialog, mark, finding or the run itself — fails verification;
an untouched run passes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.reports import write_reports
from monitor.rules import analyse_run
from monitor.store import open_store
from monitor.store.chain import RUN_FIELDS, TABLES, seal_run, verify_document, verify_run
from monitor.store.flows import add_flows
from tests.store.test_flows import record

EVENT = {"seq": 1, "api": "android.telephony.TelephonyManager.getDeviceId", "method": "getDeviceId",
         "category": "device-id", "pi": "imei", "sensitive": True, "args": ["0"], "ret": "867530012345678",
         "thread": "main", "class": "android.telephony.TelephonyManager",
         "stack": [{"class": "com.umeng.analytics.Agent", "method": "init", "file": "Agent.java", "line": 12}]}


def _populate(db: Path) -> int:
    store = open_store(db)
    run = store.create_run("com.example.app", scenario="first-launch-refuse")
    store.add_events(run, [{**EVENT, "seq": i, "ts": 1_000 + i} for i in range(3)], package="com.example.app")
    action = store.add_ui_action(run, 1_010, "tap", {"text": "Refuse"}, "<hierarchy/>")
    store.add_consent_transition(run, 1_011, "unknown", "refused", action)
    store.add_events(run, [{**EVENT, "seq": 9, "ts": 1_020}], package="com.example.app")
    store.add_lifecycle(run, 1_012, "foreground", {"activity": "Main"})
    store.add_dialog(run, 1_009, "consent", False, "<dialog/>")
    store.add_mark(run, 1_013, "note")
    add_flows(store, run, [(record(1), [], "sdk:umeng")])
    store.finish_run(run, "completed")
    analyse_run(store, run)
    seal_run(store, run)
    store.close()
    return run


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[tuple[str, int, str]]]:
    db = tmp_path_factory.mktemp("chain") / "sealed.db"
    run = _populate(db)
    cells = []
    with sqlite3.connect(db) as c:
        for table in (*TABLES, "findings", "runs"):
            key = "id" if table == "runs" else "run_id"
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
            if table == "runs":
                cols = [col for col in cols if col in RUN_FIELDS]
            for (rowid,) in c.execute(f"SELECT id FROM {table} WHERE {key} = ?", (run,)):
                for col in cols:
                    if table != "runs" and col == "id":
                        continue  # a finding's row id is not evidence (re-evaluation renumbers them)
                    value = c.execute(f"SELECT {col} FROM {table} WHERE id = ?", (rowid,)).fetchone()[0]
                    if value is not None:
                        cells.append((table, rowid, col))
    assert {t for t, _, _ in cells} == {*TABLES, "findings", "runs"}
    return db, run, cells


def _verify(db: Path, run: int):
    store = open_store(db)
    try:
        return verify_run(store, run)
    finally:
        store.close()


def test_an_untouched_run_verifies(sealed) -> None:
    db, run, _ = sealed
    verdict = _verify(db, run)
    assert verdict.ok, verdict.problems
    assert verdict.records == 1 + 4 + 1 + 1 + 1 + 1 + 1 + 1  # run, events, flow, action, transition, lifecycle, dialog, mark


def _flip(value, pos: int, byte: int):
    """``value`` with one byte of its stored form changed (text stays text when it remains UTF-8)."""
    if isinstance(value, int):
        raw = bytearray(struct.pack(">q", value))
        raw[pos % 8] ^= byte or 1
        return struct.unpack(">q", bytes(raw))[0]
    if isinstance(value, float):
        raw = bytearray(struct.pack(">d", value))
        raw[pos % 8] ^= byte or 1
        return struct.unpack(">d", bytes(raw))[0]
    raw = bytearray(value.encode() if isinstance(value, str) else value)
    if not raw:
        return "x" if isinstance(value, str) else b"x"
    raw[pos % len(raw)] ^= byte or 1
    if isinstance(value, str):
        try:
            return raw.decode()
        except UnicodeDecodeError:
            return bytes(raw)
    return bytes(raw)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_one_byte_change_to_a_stored_record_fails(sealed, tmp_path: Path, data) -> None:
    db, run, cells = sealed
    table, rowid, col = data.draw(st.sampled_from(cells), label="cell")
    pos, byte = data.draw(st.integers(0, 10_000), label="pos"), data.draw(st.integers(1, 255), label="xor")
    copy = tmp_path / f"t{abs(hash((table, rowid, col, pos, byte)))}.db"
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as c:
        value = c.execute(f"SELECT {col} FROM {table} WHERE id = ?", (rowid,)).fetchone()[0]
        c.execute(f"UPDATE {table} SET {col} = ? WHERE id = ?", (_flip(value, pos, byte), rowid))
    if table == "runs" and col == "id":
        with pytest.raises(KeyError):
            _verify(copy, run)
        return
    verdict = _verify(copy, run)
    assert not verdict.ok, (table, col)
    copy.unlink()


@pytest.mark.parametrize("how", ["delete", "swap", "reseal-without-key"])
def test_removed_and_reordered_records_fail(sealed, tmp_path: Path, how: str) -> None:
    db, run, _ = sealed
    copy = tmp_path / "t.db"
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as c:
        ids = [r[0] for r in c.execute("SELECT id FROM events WHERE run_id = ? ORDER BY id", (run,))]
        if how == "delete":
            c.execute("DELETE FROM events WHERE id = ?", (ids[1],))
        elif how == "swap":
            a, b = (c.execute("SELECT ts FROM events WHERE id = ?", (i,)).fetchone()[0] for i in ids[:2])
            c.execute("UPDATE events SET ts = ? WHERE id = ?", (b, ids[0]))
            c.execute("UPDATE events SET ts = ? WHERE id = ?", (a, ids[1]))
        else:  # the seal removed from the run's config: "no seal" is a failure too
            cfg = json.loads(c.execute("SELECT config FROM runs WHERE id = ?", (run,)).fetchone()[0])
            cfg.pop("seal")
            c.execute("UPDATE runs SET config = ? WHERE id = ?", (json.dumps(cfg), run))
    assert not _verify(copy, run).ok


def test_signed_seal_and_findings_json(tmp_path: Path, monkeypatch) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    (tmp_path / "lab.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (tmp_path / "lab.pub").write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    monkeypatch.setenv("PIMON_LAB_KEY", str(tmp_path / "lab.pem"))
    db = tmp_path / "p.db"
    run = _populate(db)
    store = open_store(db)
    paths = write_reports(store, run, tmp_path / "out", formats=("json",))
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert doc["seal"]["key_id"] and doc["run"]["config"]["seal"]["signature"]
    assert verify_document(doc, store=store).ok
    store.close()
    ok = CliRunner().invoke(cli, ["verify", str(run), "--db", str(db), "--lab-key", str(tmp_path / "lab.pub")])
    assert ok.exit_code == 0 and "intact" in ok.output and "signed by lab key" in ok.output, ok.output
    ok = CliRunner().invoke(cli, ["verify", str(paths["json"]), "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    # one finding's count edited in findings.json: caught, even with the document digest recomputed
    doc["findings"][0]["count"] += 1
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["verify", str(tampered)])
    assert bad.exit_code == 1 and "TAMPERED" in bad.output
    from monitor.store.chain import _document_digest

    doc["seal"]["document"] = _document_digest(doc)
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["verify", str(tampered)])
    assert bad.exit_code == 1 and "signature" in bad.output, bad.output


def test_the_seal_is_shown_in_report_html(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    run = _populate(db)
    store = open_store(db)
    try:
        head = store.get_run(run).config["seal"]["head"]
        html = write_reports(store, run, tmp_path / "out", formats=("html",))["html"].read_text(encoding="utf-8")
    finally:
        store.close()
    assert head[:16] in html and "pimon verify" in html
