"""The compiled agent bundle (package data ``monitor/agent/_agent.js``, built from ``hooks/``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from monitor.errors import ToolMissing

BUNDLE = "_agent.js"


@lru_cache(maxsize=1)
def agent_source() -> str:
    """The agent's JavaScript; ToolMissing if it was never built (``make setup`` / ``make agent``)."""
    try:
        return resources.files("monitor.agent").joinpath(BUNDLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ToolMissing(
            "the Frida agent is not built (monitor/agent/_agent.js missing): run `make agent`"
        ) from None
