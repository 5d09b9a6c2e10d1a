"""Instrumentation detection: an app that probes for Frida, root or a debugger, then ends.

Apps and their protection SDKs look for instrumentation before they do anything worth looking at:
they read ``/proc/self/maps`` and ``/proc/self/task/*/comm`` for Frida's agent and threads, connect to
frida-server's port 27042, stat ``su``/Magisk/``frida-server`` files, read ``TracerPid`` in
``/proc/self/status``, call ``Debug.isDebuggerConnected``. The catalog's ``detection`` category records
those calls (libc ``access``/``stat``/``open``, ``android.os.Debug``); the agent's ``connect`` hook records
the port probe as a destination. A process of the app that then ends — a crash, ``System.exit``, a kill —
within :data:`WINDOW_MS` of a probe (:data:`WEAK_WINDOW_MS` for the weak ones), without pimon stopping it, ends the run as
``instrumentation-detected``: what the run recorded is the app's behaviour *under observation*, not a
refusal the user gave, so the exit is no PI-7.3-FORCED-EXIT and the missing dialog no
PI-6.3-NO-CONSENT-DIALOG. The probes are stored as evidence (the events and ``config.detection``).

Pure functions; :func:`detect` reads a stored run's timeline and destinations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

WINDOW_MS = 5000
"""An exit this long after the last probe for Frida or root is taken as the app's reaction to it."""
WEAK_WINDOW_MS = 1000
"""Weak probes (its own memory map, TracerPid, ``isDebuggerConnected``: SDKs read them routinely) explain only an
exit that follows at once: a refusal followed by an exit stays a PI-7.3-FORCED-EXIT question otherwise."""
STRONG = frozenset({"frida-files", "frida-port", "su-binary"})
FRIDA_PORTS = (27042, 27043)
CATEGORY = "detection"
ALSO_PROBES = {("native", "memory-maps")}
"""Catalog reads recorded under another category that are also probes when the app's own code makes them
(reading its own memory map is how Frida's agent is found; it stays a native fingerprinting read too)."""
MAX_PROBES = 50


@dataclass(frozen=True)
class Probe:
    ts: int
    kind: str  # the catalog's pi (frida-files, su-binary, debugger, …) or "frida-port"
    what: str  # the path, port or API probed
    caller: str  # app | sdk:<id> | other:<pkg>
    api: str = ""


@dataclass(frozen=True)
class Detection:
    exit_ts: int
    exit_code: int | None
    process: str | None
    delay_ms: int  # from the last probe before the exit
    probes: list[Probe] = field(default_factory=list)
    crash: bool = False  # the exit was a crash (uncaught exception, signal) rather than an exit the app asked for

    def summary(self) -> str:
        kinds = sorted({p.kind for p in self.probes})
        how = "crashed" if self.crash else "exited" + (f" (code {self.exit_code})" if self.exit_code is not None else "")
        return (f"instrumentation detected: the app {how} {self.delay_ms} ms after probing for instrumentation "
                f"({', '.join(kinds)}; {len(self.probes)} probe(s)) — the run shows its behaviour under "
                f"observation, not a choice the user made")

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["probes"] = [asdict(p) for p in self.probes[:MAX_PROBES]]
        out["window_ms"] = WINDOW_MS
        return out


def probe_of_call(call: Any) -> Probe | None:
    """The probe a recorded catalog call is, or None. The runtime's own reads (caller ``system``: the JVM or
    ART reading its memory map) are not the app's probes."""
    caller = str(getattr(call, "caller", "") or "")
    if caller in ("system", "-"):
        return None
    category, pi = getattr(call, "category", None), getattr(call, "pi", None)
    if category != CATEGORY and (category, pi) not in ALSO_PROBES:
        return None
    args = list(getattr(call, "args", None) or [])
    what = str(args[0]) if args else str(getattr(call, "api", ""))
    if (category, pi) in ALSO_PROBES and not what.startswith("/proc/self/"):
        return None
    return Probe(int(call.ts), str(pi or category), what[:300], caller, str(getattr(call, "api", "")))


def probe_of_destination(d: Any) -> Probe | None:
    """A connect to frida-server's port on the device itself is a probe (answered or not)."""
    if getattr(d, "kind", None) != "connect" or getattr(d, "port", None) not in FRIDA_PORTS:
        return None
    ip = str(getattr(d, "ip", "") or getattr(d, "host", "") or "")
    if not (ip.startswith("127.") or ip in ("::1", "localhost", "0.0.0.0", "::ffff:127.0.0.1")):
        return None
    caller = str(getattr(d, "caller", None) or "app")
    if caller == "system":
        return None
    return Probe(int(d.ts), "frida-port", f"{ip}:{d.port}", caller, str(getattr(d, "api", "") or "connect"))


def probes(calls: Iterable[Any], destinations: Iterable[Any] = ()) -> list[Probe]:
    found = [p for p in map(probe_of_call, calls) if p is not None]
    found += [p for p in map(probe_of_destination, destinations) if p is not None]
    return sorted(found, key=lambda p: p.ts)


def _ends(lifecycle: Iterable[Any]) -> list[Any]:
    """Process exits pimon did not cause, main process and the app's other processes."""
    return [x for x in lifecycle if x.kind in ("process-exit", "sub-process-exit")
            and not x.data.get("stopped_by_pimon")]


def detection(found: list[Probe], lifecycle: Iterable[Any], window_ms: int = WINDOW_MS) -> Detection | None:
    """The first exit of the app that follows a probe closely enough (pure), or None: within ``window_ms`` of a
    strong probe (Frida's files or port, su/Magisk), within :data:`WEAK_WINDOW_MS` of a weak one."""
    if not found:
        return None
    for end in sorted(_ends(lifecycle), key=lambda x: x.ts):
        before = [p for p in found if p.ts <= end.ts]
        near = [p for p in before
                if end.ts - p.ts <= (window_ms if p.kind in STRONG else min(window_ms, WEAK_WINDOW_MS))]
        if not near:
            continue
        code = end.data.get("code")
        return Detection(end.ts, code if isinstance(code, int) else None, end.data.get("process"),
                         end.ts - near[-1].ts, before[-MAX_PROBES:], bool(end.data.get("crash")))
    return None


def detect(store: Any, run_id: int) -> tuple[Detection | None, list[Probe]]:
    """(the detection, every probe) of a stored run."""
    from monitor.store.flows import get_destinations

    tl = store.load_timeline(run_id)
    found = probes(tl.calls, get_destinations(store, run_id))
    return detection(found, tl.lifecycle), found


def record(store: Any, run_id: int, status: str, reason: str | None, *, app_gone: bool = False) -> tuple[str, str | None]:
    """At the end of a run: store the probes as ``config.detection`` and, when the app ended right after
    one, make the run ``instrumentation-detected`` (from ``completed``/``app-crashed``, or from a scenario
    stopped because the app was gone). Returns the run's (status, reason)."""
    found, all_probes = detect(store, run_id)
    if found is not None and (status in ("completed", "app-crashed") or app_gone):
        store.update_run_config(run_id, {"detection": found.as_dict()})
        before = f"\n(before: {status}{': ' + reason if reason else ''})" if status != "completed" else ""
        return "instrumentation-detected", found.summary() + before[:2000]
    if all_probes:  # probed but carried on: evidence all the same
        store.update_run_config(run_id, {"detection": {"exit_ts": None, "probes": [asdict(p) for p in all_probes[:MAX_PROBES]],
                                                       "window_ms": WINDOW_MS}})
    return status, reason
