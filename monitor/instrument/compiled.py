"""The agent as QuickJS bytecode, compiled once per (frida version, runtime, device, bundle) and cached.

``create_agent_script(session, source, ...)`` makes the agent's script from cached bytecode when it has it
(Frida's ``create_script_from_bytes``: no parse/compile of the ~800 KB bundle in the target), otherwise
from the source; ``compile_into_cache`` then compiles it through the session (``compile_script``) and
caches the bytes for the next process — InstrumentationSession does that in the background once the agent
is ready. Any failure (compiling, reading, writing, loading bytes) falls back to the source, with the
reason in a debug log: the cache only ever saves time. A cache file carries the SHA-256 of its bytecode; one that does not match
(truncated, corrupted) is ignored and rewritten.

Cache directory: ``$PIMON_HOME/cache/agent``, else ``$XDG_CACHE_HOME/pimon/agent`` (``~/.cache/pimon/agent``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import frida

log = logging.getLogger(__name__)

MAGIC = b"PIMON-AGENT-QJS 1\n"
_DIGEST_LEN = 64  # hex SHA-256
_LOAD_ERRORS = (frida.InvalidArgumentError, frida.InvalidOperationError, frida.NotSupportedError)


def cache_dir() -> Path:
    env = os.environ.get("PIMON_HOME")
    if env:
        return Path(env) / "cache" / "agent"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "pimon" / "agent"


def cache_name(source: str, runtime: str | None, device_id: str, frida_version: str = frida.__version__) -> str:
    """The file name for this bundle's bytecode: everything the bytes depend on is in it (the device, as a
    remote frida-server may run another Frida build or architecture than this host)."""
    src = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    dev = re.sub(r"[^A-Za-z0-9._-]", "_", device_id)[:64] or "_"
    return f"agent-{frida_version}-{runtime or 'default'}-{dev}-{src}.qjsbc"


def pack(code: bytes) -> bytes:
    return MAGIC + hashlib.sha256(code).hexdigest().encode("ascii") + b"\n" + code


def unpack(blob: bytes) -> bytes | None:
    """The bytecode in a cache file, or None when the file is not one of ours or does not match its digest."""
    head = len(MAGIC) + _DIGEST_LEN + 1
    if len(blob) <= head or not blob.startswith(MAGIC) or blob[head - 1:head] != b"\n":
        return None
    code = blob[head:]
    return code if hashlib.sha256(code).hexdigest().encode("ascii") == blob[len(MAGIC):head - 1] else None


def read_cached(path: Path) -> bytes | None:
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug("agent bytecode cache %s unreadable: %s", path, exc)
        return None
    code = unpack(blob)
    if code is None:
        log.debug("agent bytecode cache %s is corrupt (digest mismatch or bad header): recompiling", path)
    return code


def write_cached(path: Path, code: bytes) -> None:
    """Atomically (temp file + rename): concurrent runs never read half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".qjsbc")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pack(code))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.debug("agent bytecode cache %s not written: %s", path, exc)


def create_agent_script(session: Any, source: str, *, name: str, runtime: str | None, device_id: str,
                        directory: Path | None = None) -> tuple[Any, str]:
    """``(script, how)``: ``cached`` (made from the cached bytecode) or ``source`` (no usable cache: the caller
    may :func:`compile_into_cache` later, off its critical path — a cold cache must not cost a run time)."""
    kwargs = {"runtime": runtime} if runtime else {}
    path = (directory or cache_dir()) / cache_name(source, runtime, device_id)
    code = read_cached(path)
    if code is not None:
        try:
            return session.create_script_from_bytes(code, name=name, **kwargs), "cached"
        except _LOAD_ERRORS as exc:
            log.debug("agent bytecode cache %s rejected (%s): loading the source", path, exc)
    return session.create_script(source, name=name, **kwargs), "source"


def compile_into_cache(session: Any, source: str, *, name: str, runtime: str | None, device_id: str,
                       directory: Path | None = None) -> bool:
    """Compile the agent through ``session`` (Frida compiles in the target's agent, so the bytes fit it) and
    (re)write the cache; False, with the reason in a debug log, when that fails (session gone …)."""
    kwargs = {"runtime": runtime} if runtime else {}
    path = (directory or cache_dir()) / cache_name(source, runtime, device_id)
    try:
        code = session.compile_script(source, name=name, **kwargs)
    except Exception as exc:  # noqa: BLE001 (best effort, in a background thread: any failure only means no cache)
        log.debug("agent compile_script failed, nothing cached: %s", exc)
        return False
    write_cached(path, code)
    return True
