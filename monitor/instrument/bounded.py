"""A bound on Frida calls that can wait forever.

Frida's synchronous RPC (``script.exports_sync.x()``) waits on a condition without a timeout until the agent
answers or the script is destroyed, and ``unload``/``detach`` wait for the agent too. A process that neither
answers nor ends — a crashed JVM whose exit deadlocks with Frida's exit handling, a process held stopped —
would hold the caller forever (the hang of crashing fixtures under load). :func:`bounded` runs such a call on a
daemon thread and gives up after ``timeout`` s; the abandoned call returns (with Frida's "script has been
destroyed") once the process is killed and the session detaches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from monitor.errors import ControlTimeout

T = TypeVar("T")


def bounded(call: Callable[[], T], timeout: float, what: str) -> T:
    """``call()``'s value or exception; ControlTimeout if it has not returned within ``timeout`` s."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"pimon-frida-{what}", daemon=True).start()
    if not done.wait(timeout):
        raise ControlTimeout(f"the agent did not answer {what} within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]
