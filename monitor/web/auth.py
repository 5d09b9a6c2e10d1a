"""Passwords (Argon2id via argon2-cffi), roles and CSRF tokens of ``pimon serve``."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from monitor.store.review import ROLES

_hasher = PasswordHasher()

PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view"}),
    "reviewer": frozenset({"view", "accept"}),
    "admin": frozenset({"view", "accept", "reveal"}),  # reveal: PI values matched in requests, unmasked
}
assert set(PERMISSIONS) == set(ROLES)
# a fixed hash to verify against when the user does not exist: the same work either way (no user oracle)
_DUMMY = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


def may(role: str | None, what: str) -> bool:
    return role is not None and what in PERMISSIONS.get(role, frozenset())


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and \
        hmac.compare_digest(expected.encode(), given.encode())


def session_secret(home: Path) -> str:
    """The key signing session cookies: ``$PIMON_HOME/serve.key`` (made once, 0600)."""
    path = home / "serve.key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_urlsafe(48)
        with open(path, "x", encoding="ascii", opener=lambda p, f: __import__("os").open(p, f, 0o600)) as fh:
            fh.write(key)
        return key
