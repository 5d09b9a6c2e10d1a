"""pimon's store: runs, events, UI actions, consent transitions, lifecycle, dialogs, marks, findings.

SQLite by default (WAL, foreign keys on), any SQLAlchemy URL accepted; Alembic migrations in
``migrations/`` are applied to head on open. API (``ts``: device epoch ms, or None for now)::

    from monitor.store import open_store
    store = open_store("sqlite:///runs.db")      # or a path, or None -> $PIMON_HOME/pimon.db
                                                 # ConfigError (one line) if malformed/unreachable
    run_id = store.create_run("com.example.app", device_kind="emulator", app_label=None,
                              device_serial=None, scenario="first-launch-refuse", config={...})
    store.add_events(run_id, events, package=None)   # §2 dicts or objects with the same attribute
                                                 # names (``cls``/``class_`` for class); caller
                                                 # attributed at insert; returns the number stored
    ui = store.add_ui_action(run_id, ts, "tap", target={"text": "Agree"}, evidence=xml)   # -> id
    store.add_consent_transition(run_id, ts, "pre-consent", "consented", ui_action_id=ui,
                                 source="scenario")   # or "manual"; states: schema.CONSENT_STATES
    store.add_lifecycle(run_id, ts, "background", data={...})   # kinds: schema.LIFECYCLE_KINDS
    store.add_dialog(run_id, ts, "consent", preselected=False, evidence=xml)   # schema.DIALOG_KINDS
    store.add_mark(run_id, ts, "note")
    store.finish_run(run_id, "completed", reason=None)   # running|completed|app-crashed|detached|failed
    store.replace_findings(run_id, findings)     # list[Finding] or dicts of the same fields
    store.get_findings(run_id) -> list[Finding]
    store.get_run(run_id) -> RunInfo             # KeyError if absent
    store.list_runs(app_package=None, limit=100) -> list[RunInfo]   # newest first, with counts
    store.load_timeline(run_id) -> Timeline
    store.count_events(run_id) -> int
    store.close()
    # flows (proxy traffic): monitor.store.flows.add_flows(store, run_id, ...) / get_flows(store, run_id)

Migrations run under a lock (SQLite ``BEGIN EXCLUSIVE``, PostgreSQL advisory lock), so several
processes may open a new database at once.

Adding a table: add the model to ``schema.py`` (or its own module imported there, as ``flows``), bump ``SCHEMA_VERSION``, and write
``migrations/versions/000N_<what>.py`` with ``down_revision`` the previous one (``alembic -c`` is not
needed: see ``tests/store/test_migrations.py`` for the autogenerate check that keeps them in sync).
"""

from __future__ import annotations

from pathlib import Path

from monitor.store.engine import default_url, make_engine, parse_url, upgrade
from monitor.store.schema import SCHEMA_VERSION
from monitor.store.store import RunInfo, Store, now_ms


def open_store(url: str | Path | None = None) -> Store:
    """Open (and create or upgrade) the database at ``url``; ConfigError if it cannot be used."""
    engine = make_engine(parse_url(url))
    upgrade(engine)
    return Store(engine)


__all__ = ["SCHEMA_VERSION", "RunInfo", "Store", "default_url", "now_ms", "open_store"]
