"""The compiled agent bundle (package data ``monitor/agent/_agent.js``, built from ``hooks/``), and its script in a
process: loaded from QuickJS bytecode kept in pimon's cache, so that a process does not parse the 0.8 MB bundle
at every attach (~45 ms of the app's CPU on the emulator's JVM; more on a phone's slower cores)."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from monitor import paths
from monitor.errors import ToolMissing

BUNDLE = "_agent.js"
SCRIPT_NAME = "pimon-agent"

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def agent_source() -> str:
    """The agent's JavaScript; ToolMissing if it was never built (``make setup`` / ``make agent``)."""
    try:
        return resources.files("monitor.agent").joinpath(BUNDLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ToolMissing(
            "the Frida agent is not built (monitor/agent/_agent.js missing): run `make agent`"
        ) from None


@lru_cache(maxsize=4)
def _bytecode_key(source: str, frida_version: str, arch: str) -> str:
    return hashlib.sha256(f"{frida_version}\0{arch}\0".encode() + source.encode()).hexdigest()[:32]


def bytecode_path(source: str, frida_version: str, arch: str) -> Path:
    """Where the bytecode of ``source`` compiled by this Frida for a process of ``arch`` is kept: one file per
    bundle, Frida version and architecture (a new build or a Frida upgrade compiles anew)."""
    return paths.cache_home() / "agent" / f"{_bytecode_key(source, frida_version, arch)}.qjs"


_ARCH: dict[str, str] = {}


def _arch(frida_device: Any) -> str | None:
    """The device's architecture (``x64``, ``arm64`` …), asked once per device."""
    import frida

    key = str(getattr(frida_device, "id", ""))
    if key not in _ARCH:
        try:
            _ARCH[key] = str(frida_device.query_system_parameters()["arch"])
        except (frida.TransportError, frida.NotSupportedError, KeyError) as exc:
            log.debug("agent bytecode: no architecture for device %s (%s)", key, exc)
            return None
    return _ARCH[key]


def create_agent_script(frida_device: Any, session: Any, runtime: str | None = None) -> Any:
    """The agent's script in ``session`` (not loaded yet). With QuickJS (Frida's default runtime) it is made from
    the cached bytecode, compiled by the session the first time and written to the cache; a cache that cannot be
    read or written, or bytecode the session refuses, falls back to the source."""
    import frida

    source = agent_source()
    kwargs = {"runtime": runtime} if runtime else {}
    if runtime not in (None, "qjs"):  # V8 has no bytecode of Frida's to load
        return session.create_script(source, name=SCRIPT_NAME, **kwargs)
    arch = _arch(frida_device)
    if arch is None:  # a device that cannot say: the source does
        return session.create_script(source, name=SCRIPT_NAME, **kwargs)
    path = bytecode_path(source, frida.__version__, arch)
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if data:
        try:
            return session.create_script_from_bytes(data, name=SCRIPT_NAME, **kwargs)
        except (frida.InvalidArgumentError, frida.NotSupportedError) as exc:  # damaged: compiled again below
            log.warning("agent bytecode %s refused (%s): compiling the agent again", path, exc)
    data = session.compile_script(source, name=SCRIPT_NAME, **kwargs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # runs at once: each writes its own file, the last rename wins, all the same bytes
    except OSError as exc:
        log.debug("agent bytecode not cached in %s: %s", path, exc)
    return session.create_script_from_bytes(data, name=SCRIPT_NAME, **kwargs)
