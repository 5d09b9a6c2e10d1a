"""Where an audited SDK stopped: the linkage errors its code hit, from the JVM's own exception log.

The harness JVM runs with ``-Xlog:exceptions=info`` (HotSpot's unified logging, one file per process): every
exception with the method it was thrown in, and the method whose handler caught it. SDKs catch most errors
themselves (Adjust logs ``Execution failed: …`` and goes on without its init), so a crash alone would miss
them. A linkage error thrown in SDK code means the SDK did not run as it would on Android: the run is
``sdk-incomplete``, and the report names what the emulator's framework lacks, the SDK method that needed it,
and whether the SDK caught it (and went on without that part) or the entry point died of it.
Pure functions over the log text; nothing here trusts the log's strings beyond parsing them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from monitor.audit.reach import JDK, PLATFORM

LINKAGE_ERRORS = (
    "java.lang.NoClassDefFoundError", "java.lang.NoSuchMethodError", "java.lang.NoSuchFieldError",
    "java.lang.AbstractMethodError", "java.lang.IncompatibleClassChangeError", "java.lang.IllegalAccessError",
    "java.lang.VerifyError", "java.lang.ClassFormatError", "java.lang.UnsupportedClassVersionError",
    "java.lang.UnsatisfiedLinkError",
)
#: Not the SDK: the JVM, pimon's emulator framework, the generated harness.
NOT_SDK = (*JDK, *PLATFORM, "com.pimon.emulator.", "com.pimon.sdkaudit.")
MAX_LOG_BYTES = 32 * 1024 * 1024

_HEAD = re.compile(r"^\[[^\]]*\]\[\w+\]\[exceptions\] ?(?P<rest>.*)$")
_EXC = re.compile(r"^Exception <a '(?P<cls>[^']+)'\{(?P<oid>0x[0-9a-f]+)\}(?:: (?P<msg>.*?))?>(?: \(0x[0-9a-f]+\))?\s*$")
_THROWN = re.compile(r"thrown in \w+ method <\{method\} \{0x[0-9a-f]+\} '(?P<name>[^']*)' '(?P<desc>[^']*)' "
                     r"in '(?P<cls>[^']*)'>")
_THREAD = re.compile(r"for thread 0x[0-9a-f]+(?: \((?P<name>.*)\))?\s*$")
_HANDLER = re.compile(r'^Found matching handler for exception of type "(?P<cls>[^"]+)" in method "(?P<name>[^"]*)"')


@dataclass(frozen=True)
class LinkageFailure:
    error: str  # java.lang.NoSuchMethodError
    detail: str  # the JVM's message
    kind: str  # class | method | field | native | verify | init | other
    missing: str  # android.content.Context.getAssets() / org.json.JSONException / libfoo.so / the class
    framework: bool  # the missing thing is platform API (the emulator's framework lacks it)
    sdk_frame: str | None  # the SDK method it was thrown in (class.method)
    thread: str | None
    caught_by: str | None  # the SDK method that caught it; None: it ended the entry point or the thread
    count: int = 1

    def summary(self) -> str:
        what = {"native": "native library cannot load: ", "verify": "the JVM rejects ",
                "init": "static initialiser failed earlier: "}.get(self.kind) or (
            "framework lacks " if self.framework else "missing dependency ")
        text = what + self.missing + (f" (in {self.sdk_frame})" if self.sdk_frame else "")
        if what == "missing dependency ":
            text += ", not in the files given (a vendor library: audit its jar with the SDK)"
        if self.caught_by:
            return text + f"; caught by {self.caught_by}: the SDK went on without it"
        return text + "; it ended the SDK's entry point or thread"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dotted(name: str) -> str:
    return name.replace("/", ".")


def _entries(text: str) -> Iterable[list[str]]:
    entry: list[str] = []
    for line in text.splitlines():
        m = _HEAD.match(line)
        if m:
            if entry:
                yield entry
            entry = [m.group("rest")]
        elif entry:
            entry.append(line.strip())
    if entry:
        yield entry


def _is_sdk(cls: str) -> bool:
    return not cls.startswith(NOT_SDK)


def missing_of(error: str, detail: str, field_owner: Callable[[str, str], str | None] | None = None,
               frame_class: str | None = None) -> tuple[str, str]:
    """(kind, missing) of a linkage error's message, as HotSpot 17 words it:
    ``'android.content.res.AssetManager android.content.Context.getAssets()'`` (method),
    ``android/content/pm/ProviderInfo`` (class), ``signatures`` (field: the owner from the class that
    referenced it, through ``field_owner(class, name)``), ``no jcore400 in java.library.path`` (native)."""
    d = detail.strip().strip("'")
    if error == "java.lang.NoSuchMethodError" or error == "java.lang.AbstractMethodError":
        m = re.match(r"^(?:\S+ )?(?P<owner>[\w.$]+)\.(?P<name>[\w$<>]+)\((?P<args>.*)\)$", d)
        if m:
            return "method", f"{m.group('owner')}.{m.group('name')}({m.group('args')})"
        m = re.search(r"'(?:\S+ )?([\w.$]+\.[\w$<>]+\([^)]*\))'", detail)
        return "method", m.group(1) if m else d
    if error == "java.lang.NoSuchFieldError":
        owner = field_owner(frame_class, d) if field_owner is not None and frame_class else None
        return "field", f"{owner}.{d}" if owner else d
    if error == "java.lang.NoClassDefFoundError":
        if d.startswith("Could not initialize class "):  # its static initialiser failed before (logged there)
            return "init", d.removeprefix("Could not initialize class ").split(" ")[0]
        return "class", _dotted(d.split(" ")[0])
    if error == "java.lang.UnsatisfiedLinkError":
        m = re.search(r"no (\S+) in java\.library\.path", d) or re.search(r"(\S+\.so)", d)
        return "native", (f"lib{m.group(1)}.so" if m and not m.group(1).endswith(".so") else m.group(1)) if m else d
    if error in ("java.lang.VerifyError", "java.lang.ClassFormatError", "java.lang.UnsupportedClassVersionError"):
        return "verify", frame_class or d
    return "other", d


def parse_exception_log(text: str, field_owner: Callable[[str, str], str | None] | None = None
                        ) -> list[LinkageFailure]:
    """The linkage errors SDK code hit, one per (error, missing, SDK frame), in the order first seen."""
    by_oid: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    last_oid: str | None = None
    for entry in _entries(text):
        head = entry[0]
        m = _EXC.match(head)
        if m:
            oid, cls = m.group("oid"), _dotted(m.group("cls"))
            rec = by_oid.get(oid)
            if rec is None:
                rec = by_oid[oid] = {"error": cls, "detail": m.group("msg") or "", "frames": [], "thread": None,
                                     "handlers": []}
                order.append(oid)
            body = " ".join(entry[1:])
            t = _THROWN.search(body)
            if t:
                rec["frames"].append((_dotted(t.group("cls")), t.group("name")))
            th = _THREAD.search(body)
            if th and th.group("name"):
                rec["thread"] = th.group("name")
            last_oid = oid
            continue
        h = _HANDLER.match(head)
        if h and last_oid is not None and by_oid[last_oid]["error"] == h.group("cls"):
            by_oid[last_oid]["handlers"].append(h.group("name"))
    out: dict[tuple[str, str, str | None], LinkageFailure] = {}
    for oid in order:
        rec = by_oid[oid]
        if rec["error"] not in LINKAGE_ERRORS:
            continue
        sdk_frames = [f for f in rec["frames"] if _is_sdk(f[0])]
        frame = sdk_frames[0] if sdk_frames else None
        kind, missing = missing_of(rec["error"], rec["detail"], field_owner, frame[0] if frame else None)
        if frame is None:
            continue  # not thrown through SDK code: the JDK's own probing, the agent's class look-ups
        caught = None
        for name in rec["handlers"]:
            owners = [c for c, n in rec["frames"] if n == name]
            if owners and _is_sdk(owners[-1]):
                caught = f"{owners[-1]}.{name}"
                break
        key = (rec["error"], missing, f"{frame[0]}.{frame[1]}" if frame else None)
        if key in out:
            out[key] = LinkageFailure(**{**out[key].as_dict(), "count": out[key].count + 1})
            continue
        out[key] = LinkageFailure(error=rec["error"], detail=rec["detail"][:500], kind=kind, missing=missing,
                                  framework=kind != "init" and missing.startswith(PLATFORM), sdk_frame=key[2], thread=rec["thread"],
                                  caught_by=caught)
    return list(out.values())


def read_logs(directory: Path) -> str:
    """The exception logs of every process of a run (``exceptions-<pid>.log`` and their rotations)."""
    parts, total = [], 0
    for p in sorted(directory.glob("exceptions-*.log*")):
        data = p.read_bytes()[: max(0, MAX_LOG_BYTES - total)]
        total += len(data)
        parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def status_of(failures: list[LinkageFailure]) -> tuple[str, str] | None:
    """``("sdk-incomplete", reason)`` when SDK code hit a linkage error, else None."""
    if not failures:
        return None
    first = failures[0]
    more = f" (+{len(failures) - 1} more)" if len(failures) > 1 else ""
    return "sdk-incomplete", first.summary() + more
