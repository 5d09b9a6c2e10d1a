"""``--redact``: the device's identifiers never reach the database; a keyed hash stands in for each.

IMEI, MEID, IMSI, ICCID, phone number, serial, Wi-Fi/Bluetooth MACs, BSSID, android_id, OAID/VAID/AAID, GAID
and the Widevine ID of the device profile are replaced — in every encoding the traffic matcher knows (plain,
case, separators, URL/base64/hex, MD5/SHA-1/SHA-256) — by ``⟦kind·token⟧``, where ``token`` is an HMAC-SHA256
of the value under a key kept in ``$PIMON_HOME/redact.key`` (0600, made on first use). The same value always
gets the same token, so findings, fingerprints, matching and ``pimon diff`` work across runs, and nobody
without the key can tell which device it was. Applied by the store to events, UI actions and their evidence,
dialogs, marks, lifecycle rows and flows (URL, headers, bodies) of a run registered with
:meth:`Redactor.register`; the traffic matcher still sees the raw values in memory, before storage.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Profile keys (emulator/README.md) whose values identify the device or its user.
IDENTIFIER_KEYS = {
    "imei.0": "imei", "imei.1": "imei", "meid": "meid", "imsi": "imsi", "iccid": "iccid",
    "line1_number": "phone-number", "serial": "serial", "wifi.mac": "mac", "wifi.bssid": "bssid",
    "bluetooth.mac": "bluetooth-mac", "android_id": "android_id", "oaid": "oaid", "vaid": "vaid", "aaid": "aaid",
    "gaid": "gaid", "widevine_id": "widevine",
}  # fmt: skip
PLACEHOLDERS = {"", "unknown", "null", "02:00:00:00:00:00", "00:00:00:00:00:00"}


def redact_key(home: Path | None = None) -> bytes:
    from monitor.paths import state_home

    path = (home or state_home()) / "redact.key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return data


class Redactor:
    def __init__(self, profile: Mapping[str, str], key: bytes) -> None:
        from monitor.traffic.variants import PiValue, variants

        values = [PiValue(kind, str(profile[k]).strip()) for k, kind in IDENTIFIER_KEYS.items()
                  if str(profile.get(k, "")).strip().lower() not in PLACEHOLDERS]
        self._key = key
        pairs: dict[bytes, bytes] = {}
        for var in variants(values):
            token = self.token(values[var.value_index].kind, values[var.value_index].value)
            pairs.setdefault(var.pattern, token.encode())
        for pv in values:  # the value itself, whatever the variants' minimum length
            pairs.setdefault(pv.value.encode(), self.token(pv.kind, pv.value).encode())
        self._pairs = sorted(pairs.items(), key=lambda kv: -len(kv[0]))  # longest first: no half-replaced value

    def token(self, kind: str, value: str) -> str:
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:12]
        return f"⟦{kind}·{digest}⟧"

    def bytes_(self, data: bytes) -> bytes:
        for pattern, token in self._pairs:
            if pattern in data:
                data = data.replace(pattern, token)
        return data

    def text(self, value: str) -> str:
        raw = value.encode("utf-8", errors="surrogatepass")
        out = self.bytes_(raw)
        return value if out is raw else out.decode("utf-8", errors="replace")

    def tree(self, obj: Any) -> Any:
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, (bytes, bytearray)):
            return self.bytes_(bytes(obj))
        if isinstance(obj, dict):
            return {k: self.tree(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.tree(v) for v in obj]
        if isinstance(obj, tuple):
            return tuple(self.tree(v) for v in obj)
        return obj

    # -- the store's registry -------------------------------------------------------------------------------

    def register(self, store: Any, run_id: int) -> None:
        """From now on ``store`` writes run ``run_id``'s records through this redactor."""
        registry = getattr(store, "redactors", None)
        if registry is None:
            registry = {}
            store.redactors = registry
        registry[run_id] = self


def redactor_for(store: Any, run_id: int) -> Redactor | None:
    return (getattr(store, "redactors", None) or {}).get(run_id)
