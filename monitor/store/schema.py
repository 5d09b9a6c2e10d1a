"""The database schema: typed SQLAlchemy 2.0 models, one class per table.

Times are epoch milliseconds of the device clock (``BigInteger``), never formatted strings.
Rows of ``events`` are append-only. ``SCHEMA_VERSION`` counts Alembic revisions of
``monitor/store/migrations/versions``; a new table (e.g. ``flows``) comes with a new revision
and ``SCHEMA_VERSION`` goes up by one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 10
"""Number of the newest migration (``migrations/versions/000N_*.py``) these models match."""

RUN_STATUSES = ("running", "completed", "app-crashed", "instrumentation-detected", "ui-unreadable", "detached", "failed",
                "lost", "interrupted", "sdk-incomplete")
"""``instrumentation-detected``: the app ended right after probing for Frida/root/a debugger (monitor/detection.py);
``ui-unreadable``: a scenario step could not read the screen (secure window, Flutter/game canvas), a screenshot is kept.
``lost``: a queued attempt whose worker died (device unplugged, worker killed); the task is retried elsewhere.
``sdk-incomplete``: an audited SDK's code hit a linkage error (``pimon sdk audit``, ``monitor/audit/outcome.py``)."""
SUITE_RUN_STATUSES = ("running", "completed", "failed")
LIFECYCLE_KINDS = (
    "foreground",
    "background",
    "process-start",
    "process-exit",
    "restart",
    "component-start",
    "permission-request",
    "permission-result",
    "sub-process-start",  # Android: another process of the app (package:push ...), instrumented too
    "sub-process-exit",
    "dialog-shown",  # the device's window events: a second source of consent times (timeline/consent_times.py)
    "dialog-dismissed",
)
DIALOG_KINDS = ("consent", "refuse-confirm", "permission")
CONSENT_STATES = ("unknown", "pre-consent", "consented", "refused", "withdrawn")

# Row ids: 64-bit on servers, INTEGER PRIMARY KEY (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer, "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _run_fk() -> Any:
    return ForeignKey("runs.id", ondelete="CASCADE")


class Run(Base):
    """One app × scenario × device run."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    app_package: Mapped[str] = mapped_column(String(255))
    app_label: Mapped[str | None] = mapped_column(String(255))
    device_kind: Mapped[str] = mapped_column(String(32))
    device_serial: Mapped[str | None] = mapped_column(String(255))
    scenario: Mapped[str | None] = mapped_column(String(255))
    pimon_version: Mapped[str] = mapped_column(String(32))
    started_ms: Mapped[int] = mapped_column(BigInteger)
    ended_ms: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(32), default="running")
    status_reason: Mapped[str | None] = mapped_column(Text)
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    suite_run_id: Mapped[int | None] = mapped_column(Id, ForeignKey("suite_runs.id", ondelete="SET NULL"))
    task_id: Mapped[str | None] = mapped_column(String(128))  # the queue task of this attempt (monitor/fleet)

    __table_args__ = (
        Index("ix_runs_app_package_started", "app_package", "started_ms"),
        Index("ix_runs_status", "status"),
        Index("ix_runs_suite_run_id", "suite_run_id"),
        Index("ix_runs_task_id", "task_id"),
    )


class SuiteRun(Base):
    """One execution of a suite (local or through the queue): its runs point here (``runs.suite_run_id``).
    ``key`` makes a re-submission of the same suite execution find the same row (idempotent)."""

    __tablename__ = "suite_runs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(128), unique=True)
    started_ms: Mapped[int] = mapped_column(BigInteger)
    ended_ms: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="running")
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_suite_runs_name_started", "name", "started_ms"),)


class Event(Base):
    """One call of a catalog API seen by the agent (architecture §2). Append-only."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    seq: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[int] = mapped_column(BigInteger)
    api: Mapped[str] = mapped_column(String(512))
    cls: Mapped[str] = mapped_column("class", String(512))
    method: Mapped[str] = mapped_column(String(255))
    overload: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64))
    pi: Mapped[str | None] = mapped_column(String(64))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=True)
    args: Mapped[list[Any] | None] = mapped_column(JSON)
    ret: Mapped[str | None] = mapped_column(Text)
    thread: Mapped[str | None] = mapped_column(String(255))
    stack: Mapped[list[Any] | None] = mapped_column(JSON)
    caller: Mapped[str] = mapped_column(String(255))
    # An aggregate of repeats (a flooding app): ``count`` calls at ``times`` ([[ts, n], ...]); NULL = one call.
    count: Mapped[int | None] = mapped_column(BigInteger)
    times: Mapped[list[Any] | None] = mapped_column(JSON)
    # What the API threw ("java.lang.SecurityException: …"), as the agent saw it; NULL: it returned.
    exception: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_events_run_ts", "run_id", "ts"),
        Index("ix_events_run_api_caller", "run_id", "api", "caller"),
    )


class UiAction(Base):
    """Something the scenario (or a person) did on the screen: tap, text, key, launch …"""

    __tablename__ = "ui_actions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    evidence: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_ui_actions_run_ts", "run_id", "ts"),)


class ConsentTransition(Base):
    """A change of the consent state, tied to the UI action that caused it."""

    __tablename__ = "consent_transitions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    ui_action_id: Mapped[int | None] = mapped_column(Id, ForeignKey("ui_actions.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16), default="scenario")

    __table_args__ = (Index("ix_consent_transitions_run_ts", "run_id", "ts"),)


class Lifecycle(Base):
    """Process and app lifecycle: foreground/background, process start/exit, component starts, permissions."""

    __tablename__ = "lifecycle"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_lifecycle_run_ts", "run_id", "ts"),)


class Dialog(Base):
    """A consent or permission dialog seen on screen, with the hierarchy dump as evidence."""

    __tablename__ = "dialogs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # DIALOG_KINDS
    preselected: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_dialogs_run_ts", "run_id", "ts"),)


class Finding(Base):
    """One grouped finding (rule × api × caller × phase) of a run's last evaluation."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    rule: Mapped[str] = mapped_column(String(64))
    article: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    api: Mapped[str] = mapped_column(String(512))
    category: Mapped[str] = mapped_column(String(64))
    caller: Mapped[str] = mapped_column(String(255))
    caller_frame: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    chain: Mapped[list[Any] | None] = mapped_column(JSON)
    phase: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    first_ms: Mapped[int] = mapped_column(BigInteger)
    last_ms: Mapped[int] = mapped_column(BigInteger)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="auto", server_default="auto")  # auto | assisted
    fingerprint: Mapped[str | None] = mapped_column(String(64))  # monitor.findings.fingerprint

    __table_args__ = (Index("ix_findings_run_rule", "run_id", "rule"), Index("ix_findings_fingerprint", "fingerprint"))


class Mark(Base):
    """A note put on the timeline by a scenario or a person."""

    __tablename__ = "marks"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_marks_run_ts", "run_id", "ts"),)


# Tables kept in their own modules register on Base.metadata here, after Base exists.
from monitor.store import flows as _flows  # noqa: F401  (flows: revision 0002)
from monitor.store import review as _review  # noqa: F401  (web_users, acceptances: revision 0007)
from monitor.store import screenshots as _screenshots  # noqa: F401  (screenshots: revision 0005)
