"""Who made a call: the first stack frame that is neither framework nor agent decides (architecture §4, §6).

* ``sdk:<id>`` if that frame's class belongs to an SDK of the SDK database (package prefix);
* ``system`` when every frame is framework/runtime (the platform did it; the rules skip it);
* ``app`` if it is in the app's own package, or in no recognisable package (obfuscated ``a.b.C``);
* ``other:<first three package segments>`` for another third-party package.

When the deciding frame is the app's but an SDK frame sits deeper in the stack (the SDK called the
app's wrapper, or the app's wrapper was called on the SDK's behalf), the owners met walking down the
stack are reported as ``chain`` (e.g. ``["app", "sdk:umeng"]``); the caller is still the first one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from monitor.errors import PimonError
from monitor.timeline.model import Frame

log = logging.getLogger(__name__)

FRAMEWORK_PREFIXES = (
    "android.", "androidx.", "java.", "javax.", "kotlin.", "kotlinx.coroutines.", "dalvik.",
    "com.android.", "sun.", "jdk.", "com.pimon.emulator.",
)
AGENT_PREFIXES = ("re.frida.", "com.pimon.agent.", "frida.")

# Used only when monitor.sdk is not available: the §6 table.
FALLBACK_SDKS = (
    ("umeng", "com.umeng."), ("bugly", "com.tencent.bugly."), ("jpush", "cn.jpush."),
    ("getui", "com.igexin."), ("amap", "com.amap."), ("amap", "com.loc."),
    ("baidu-location", "com.baidu.location."), ("gdt", "com.qq.e."),
    ("pangle", "com.bytedance.sdk.openadsdk."), ("sensorsdata", "com.sensorsdata."),
    ("growingio", "com.growingio."), ("firebase", "com.google.firebase."),
    ("facebook", "com.facebook."), ("appsflyer", "com.appsflyer."), ("adjust", "com.adjust.sdk."),
)


class _HasId(Protocol):
    id: str


SdkMatcher = Callable[[str], "_HasId | str | None"]


@dataclass(frozen=True)
class Attribution:
    caller: str
    frame: Frame | None = None
    index: int | None = None
    chain: tuple[str, ...] | None = None


SYSTEM = "system"
"""Caller of a call whose stack holds only framework/runtime frames; the rules do not count it."""


def fallback_match(class_name: str) -> str | None:
    for sdk_id, prefix in FALLBACK_SDKS:
        if class_name.startswith(prefix):
            return sdk_id
    return None


@lru_cache(maxsize=1)
def default_matcher() -> SdkMatcher:
    """``monitor.sdk.db.load().match_class`` when the SDK database is installed, else the fallback table."""
    try:
        from monitor.sdk import db as sdk_db  # type: ignore[attr-defined]

        database = sdk_db.load()
        return database.match_class
    except (ImportError, AttributeError):
        return fallback_match
    except PimonError as e:  # a broken SDK database must not break attribution
        log.warning("SDK database unusable (%s); using the built-in table", e)
        return fallback_match


def is_framework(class_name: str) -> bool:
    return class_name.startswith(FRAMEWORK_PREFIXES) or class_name.startswith(AGENT_PREFIXES)


def _owner(class_name: str, app_package: str, match: SdkMatcher) -> str:
    hit = match(class_name)
    if hit is not None:
        return f"sdk:{hit if isinstance(hit, str) else hit.id}"
    if app_package and (class_name == app_package or class_name.startswith(app_package + ".")):
        return "app"
    pkg = class_name.split(".")[:-1]
    if len(pkg) >= 2 and any(len(seg) > 2 for seg in pkg):
        return "other:" + ".".join(pkg[:3])
    return "app"


def attribute(stack: Iterable[Frame | dict[str, Any]], app_package: str, match: SdkMatcher | None = None) -> Attribution:
    """Attribute a call from its structured stack (innermost caller first)."""
    match = match or default_matcher()
    frames = [Frame.of(f) for f in stack]
    first: int | None = None
    owners: list[str] = []
    for i, f in enumerate(frames):
        if not f.cls or is_framework(f.cls):
            continue
        owner = _owner(f.cls, app_package, match)
        if first is None:
            first = i
        if not owners or owners[-1] != owner:
            owners.append(owner)
    if first is None:
        # No stack at all (a native call off any Java thread): the app's process did it. A stack made
        # only of framework/runtime frames: the platform itself did it (the JVM reading
        # /proc/self/maps while defining a class), not the app or an SDK.
        return Attribution(SYSTEM if frames else "app")
    caller = owners[0]
    chain = None
    if caller == "app" and any(o.startswith("sdk:") for o in owners[1:]):
        chain = tuple(owners[: next(i for i, o in enumerate(owners) if o.startswith("sdk:")) + 1])
    return Attribution(caller, frames[first], first, chain)


def attribute_class(class_name: str, app_package: str, match: SdkMatcher | None = None) -> str:
    """The owner of one class (a component started, a receiver): ``app``, ``sdk:<id>`` or ``other:...``."""
    if not class_name or is_framework(class_name):
        return "app"
    return _owner(class_name, app_package, match or default_matcher())


@lru_cache(maxsize=65536)
def caller_of_classes(classes: tuple[str, ...], app_package: str) -> str:
    """The caller from the stack's class names alone (what the store needs at insert; cached)."""
    return attribute([Frame(c) for c in classes], app_package).caller
