"""Accounts of ``pimon serve`` and the acceptances reviewers record there (revision 0006).

    from monitor.store.review import add_user, get_user, accept, revoke, acceptances
    add_user(store, "alice", password_hash, "reviewer")        # roles: ROLES; ConfigError if taken
    accept(store, fingerprint, reason=..., by="alice", until=date|None, fields={rule, app, ...})
    revoke(store, fingerprint, by="bob")                         # the row stays, marked revoked (audit)
    acceptances(store) -> list[Acceptance]                       # active ones, oldest first

Passwords are hashed by the caller (``monitor.web.auth``, Argon2); nothing here sees a password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Date, Index, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from monitor.errors import ConfigError
from monitor.store.clean import clean
from monitor.store.schema import Base, Id

if TYPE_CHECKING:
    from monitor.store.store import Store


def now_ms() -> int:
    import time

    return time.time_ns() // 1_000_000

ROLES = ("viewer", "reviewer", "admin")


class WebUser(Base):
    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_ms: Mapped[int] = mapped_column(BigInteger)


class AcceptanceRow(Base):
    __tablename__ = "acceptances"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(64))
    app: Mapped[str | None] = mapped_column(String(255))
    scenario: Mapped[str | None] = mapped_column(String(255))
    api: Mapped[str | None] = mapped_column(String(512))
    category: Mapped[str | None] = mapped_column(String(64))
    caller: Mapped[str | None] = mapped_column(String(255))
    phase: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    until: Mapped[dt.date | None] = mapped_column(Date)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    revoked_ms: Mapped[int | None] = mapped_column(BigInteger)
    revoked_by: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_acceptances_fingerprint", "fingerprint"),)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str


FIELDS = ("rule", "app", "scenario", "api", "category", "caller", "phase")
LIMITS = {"rule": 64, "app": 255, "scenario": 255, "api": 512, "category": 64, "caller": 255, "phase": 16}


@dataclass(frozen=True)
class Acceptance:
    fingerprint: str
    reason: str
    by: str
    until: dt.date | None
    created_ms: int
    fields: dict[str, str | None]


def add_user(store: Store, name: str, password_hash: str, role: str, *, replace: bool = False) -> None:
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if not name or len(name) > 64 or not name.isprintable():
        raise ConfigError("a user name is 1-64 printable characters")
    with Session(store.engine) as s, s.begin():
        row = s.scalars(select(WebUser).where(WebUser.name == name)).first()
        if row is not None and not replace:
            raise ConfigError(f"user {name!r} exists (--replace to set a new password or role)")
        if row is None:
            s.add(WebUser(name=name, password_hash=password_hash, role=role, created_ms=now_ms()))
        else:
            row.password_hash, row.role = password_hash, role


def get_user(store: Store, name: str) -> User | None:
    with Session(store.engine) as s:
        row = s.scalars(select(WebUser).where(WebUser.name == name)).first()
        return User(row.name, row.role, row.password_hash) if row is not None else None


def set_password_hash(store: Store, name: str, password_hash: str) -> None:
    """Store a re-hashed password (Argon2 parameters raised since it was set)."""
    with Session(store.engine) as s, s.begin():
        row = s.scalars(select(WebUser).where(WebUser.name == name)).first()
        if row is not None:
            row.password_hash = password_hash


def _active(s: Session) -> Any:
    return select(AcceptanceRow).where(AcceptanceRow.revoked_ms.is_(None)).order_by(AcceptanceRow.id)


def accept(store: Store, fingerprint: str, *, reason: str, by: str, until: dt.date | None,
           fields: Mapping[str, Any]) -> None:
    """Accept the finding ``fingerprint`` (replacing an active acceptance of it)."""
    reason = clean(reason.strip(), 4000)
    if not reason:
        raise ConfigError("an acceptance needs a reason")
    with Session(store.engine) as s, s.begin():
        for old in s.scalars(_active(s).where(AcceptanceRow.fingerprint == fingerprint)):
            old.revoked_ms, old.revoked_by = now_ms(), by
        s.add(AcceptanceRow(fingerprint=fingerprint, reason=reason, by=by, until=until, created_ms=now_ms(),
                            **{k: (clean(str(fields[k]), LIMITS[k]) if fields.get(k) is not None else None) for k in FIELDS}))


def revoke(store: Store, fingerprint: str, *, by: str) -> int:
    """Revoke the active acceptance of ``fingerprint``; returns how many were revoked (0 or 1)."""
    with Session(store.engine) as s, s.begin():
        rows = list(s.scalars(_active(s).where(AcceptanceRow.fingerprint == fingerprint)))
        for r in rows:
            r.revoked_ms, r.revoked_by = now_ms(), by
        return len(rows)


def acceptances(store: Store) -> list[Acceptance]:
    with Session(store.engine) as s:
        return [Acceptance(r.fingerprint, r.reason, r.by, r.until, r.created_ms, {k: getattr(r, k) for k in FIELDS})
                for r in s.scalars(_active(s))]


def baseline_document(items: list[Acceptance]) -> dict[str, Any]:
    """The active acceptances as a baseline document (``monitor.findings.baseline``: ``--baseline FILE``)."""
    return {"version": 1, "accepted": [
        {"fingerprint": a.fingerprint, **{k: v for k, v in a.fields.items() if v is not None},
         "reason": a.reason, "by": a.by, "until": a.until} for a in items]}
