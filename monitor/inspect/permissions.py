"""Protection levels of Android platform permissions.

Sources:
* API <= 30: AOSP ``frameworks/base/core/res/AndroidManifest.xml`` as extracted into androguard's
  ``api_specific_resources/aosp_permissions/permissions_30.json`` (tool:
  https://github.com/U039b/aosp_permissions_extraction) -- read at run time, not copied.
* API 31-36 additions (androguard's table stops at 30): the "Protection level: dangerous" entries of
  https://developer.android.com/reference/android/Manifest.permission, cross-checked for the
  nearby-devices group with Xiaomi HyperOS's permission standard
  (https://dev.mi.com/xiaomihyperos/documentation/detail?pId=2250).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from monitor.inspect.model import Protection

# runtime ("dangerous") permissions added after API 30, with the level that added them
DANGEROUS_SINCE_31: dict[str, int] = {
    "android.permission.BLUETOOTH_SCAN": 31,
    "android.permission.BLUETOOTH_CONNECT": 31,
    "android.permission.BLUETOOTH_ADVERTISE": 31,
    "android.permission.UWB_RANGING": 31,
    "android.permission.NEARBY_WIFI_DEVICES": 33,
    "android.permission.POST_NOTIFICATIONS": 33,
    "android.permission.READ_MEDIA_IMAGES": 33,
    "android.permission.READ_MEDIA_VIDEO": 33,
    "android.permission.READ_MEDIA_AUDIO": 33,
    "android.permission.BODY_SENSORS_BACKGROUND": 33,
    "android.permission.READ_MEDIA_VISUAL_USER_SELECTED": 34,
    "android.permission.RANGING": 36,
}

_BASE = {0: "normal", 1: "dangerous", 2: "signature", 3: "signatureOrSystem", 4: "internal"}


def protection_name(level: str | int | None) -> Protection:
    """Normalise a manifest ``protectionLevel`` (``"0x2"``, ``2``, ``"signature|privileged"``)."""
    if level is None or level == "":
        return "normal"  # the manifest default
    if isinstance(level, str):
        text = level.strip()
        try:
            level = int(text, 0)
        except ValueError:
            base = text.split("|", 1)[0]
            return base if base in _BASE.values() else "unknown"  # type: ignore[return-value]
    return _BASE.get(level & 0xF, "unknown")  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def platform_levels() -> dict[str, Protection]:
    """Every platform permission known to androguard's AOSP table, plus the API 31+ dangerous ones."""
    import androguard.core.api_specific_resources as res

    path = Path(res.__file__).parent / "aosp_permissions" / "permissions_30.json"
    table = json.loads(path.read_text(encoding="utf-8"))["permissions"]
    levels: dict[str, Protection] = {name: protection_name(info.get("protectionLevel"))
                                     for name, info in table.items()}
    for name in DANGEROUS_SINCE_31:
        levels[name] = "dangerous"
    return levels


def protection_of(name: str, app_declared: dict[str, Protection] | None = None) -> Protection:
    """The protection level of ``name``: the platform's, else the app's own declaration, else unknown."""
    level = platform_levels().get(name)
    if level is not None:
        return level
    if app_declared and name in app_declared:
        return app_declared[name]
    return "unknown"


def dangerous_permissions() -> frozenset[str]:
    return frozenset(n for n, lvl in platform_levels().items() if lvl == "dangerous")
