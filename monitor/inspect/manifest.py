"""Pure functions over a parsed AndroidManifest.xml element (lxml or ElementTree, same API).

Exported rule (Android 12+, and the pre-12 default): an explicit ``android:exported`` wins; otherwise
an activity, service or receiver is exported iff it has an intent filter; a provider is exported by
default only for apps targeting API 16 or lower.

Self-start: a receiver (or service) that listens for an implicit broadcast the system or another
app sends without the user (boot, package changes, connectivity, unlock, power, telephony, push
wake-ups) -- evidence for PI-7.4. Actions from Android's Intent / ConnectivityManager /
TelephonyManager reference and the "implicit broadcast exceptions" list
(https://developer.android.com/develop/background-work/background-tasks/broadcasts/broadcast-exceptions),
plus the vendor boot actions and the Google/vendor push intents SDKs register for.
"""

from __future__ import annotations

from typing import Any

from monitor.inspect.model import Component, ComponentKind, IntentFilter, Permission, Protection, SelfStart
from monitor.inspect.permissions import protection_name, protection_of

NS = "{http://schemas.android.com/apk/res/android}"

SELF_START_ACTIONS: dict[str, str] = {
    "android.intent.action.BOOT_COMPLETED": "boot",
    "android.intent.action.LOCKED_BOOT_COMPLETED": "boot",
    "android.intent.action.QUICKBOOT_POWERON": "boot",
    "com.htc.intent.action.QUICKBOOT_POWERON": "boot",
    "android.intent.action.REBOOT": "boot",
    "android.intent.action.MY_PACKAGE_REPLACED": "package",
    "android.intent.action.PACKAGE_ADDED": "package",
    "android.intent.action.PACKAGE_REPLACED": "package",
    "android.intent.action.PACKAGE_REMOVED": "package",
    "android.intent.action.PACKAGE_CHANGED": "package",
    "android.intent.action.PACKAGE_FULLY_REMOVED": "package",
    "android.intent.action.PACKAGE_DATA_CLEARED": "package",
    "android.intent.action.PACKAGE_RESTARTED": "package",
    "android.net.conn.CONNECTIVITY_CHANGE": "connectivity",
    "android.net.wifi.WIFI_STATE_CHANGED": "connectivity",
    "android.net.wifi.STATE_CHANGE": "connectivity",
    "android.net.wifi.SCAN_RESULTS": "connectivity",
    "android.intent.action.AIRPLANE_MODE": "connectivity",
    "android.intent.action.USER_PRESENT": "user-present",
    "android.intent.action.USER_UNLOCKED": "user-present",
    "android.intent.action.SCREEN_ON": "user-present",
    "android.intent.action.SCREEN_OFF": "user-present",
    "android.intent.action.ACTION_POWER_CONNECTED": "power",
    "android.intent.action.ACTION_POWER_DISCONNECTED": "power",
    "android.intent.action.BATTERY_CHANGED": "power",
    "android.intent.action.BATTERY_LOW": "power",
    "android.intent.action.BATTERY_OKAY": "power",
    "android.intent.action.ACTION_SHUTDOWN": "power",
    "android.intent.action.PHONE_STATE": "telephony",
    "android.intent.action.NEW_OUTGOING_CALL": "telephony",
    "android.provider.Telephony.SMS_RECEIVED": "telephony",
    "android.provider.Telephony.SMS_DELIVER": "telephony",
    "android.provider.Telephony.WAP_PUSH_RECEIVED": "telephony",
    "android.intent.action.SIM_STATE_CHANGED": "telephony",
    "android.intent.action.TIME_SET": "time",
    "android.intent.action.TIMEZONE_CHANGED": "time",
    "android.intent.action.DATE_CHANGED": "time",
    "android.intent.action.TIME_TICK": "time",
    "android.intent.action.LOCALE_CHANGED": "system",
    "android.intent.action.MEDIA_MOUNTED": "media",
    "android.intent.action.MEDIA_UNMOUNTED": "media",
    "android.intent.action.MEDIA_SCANNER_FINISHED": "media",
    "android.intent.action.MEDIA_BUTTON": "media",
    "android.intent.action.HEADSET_PLUG": "media",
    "android.bluetooth.adapter.action.STATE_CHANGED": "bluetooth",
    "android.bluetooth.device.action.ACL_CONNECTED": "bluetooth",
    "android.bluetooth.device.action.ACL_DISCONNECTED": "bluetooth",
    "com.google.android.c2dm.intent.RECEIVE": "push",
    "com.google.android.c2dm.intent.REGISTRATION": "push",
    "com.google.firebase.MESSAGING_EVENT": "push",
    "com.google.firebase.INSTANCE_ID_EVENT": "push",
    "com.huawei.push.action.MESSAGING_EVENT": "push",
    "com.huawei.android.push.intent.RECEIVE": "push",
    "com.xiaomi.mipush.RECEIVE_MESSAGE": "push",
    "com.xiaomi.mipush.MESSAGE_ARRIVED": "push",
    "com.heytap.mcs.action.RECEIVE_MCS_MESSAGE": "push",
    "com.vivo.pushclient.action.RECEIVE": "push",
    "com.meizu.flyme.push.intent.MESSAGE": "push",
    "cn.jpush.android.intent.RECEIVE_MESSAGE": "push",
    "cn.jpush.android.intent.REGISTRATION": "push",
    "com.igexin.sdk.action.service.message": "push",
}


def attr(el: Any, name: str) -> str | None:
    """``android:<name>`` of an element (falls back to an un-namespaced attribute)."""
    value = el.get(NS + name)
    if value is None:
        value = el.get(name)
    return value


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    v = value.strip().lower()
    if v in ("true", "1", "0xffffffff", "-1"):
        return True
    if v in ("false", "0", "0x0"):
        return False
    return default  # a resource reference (@bool/...) cannot be resolved statically


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip(), 0)
    except ValueError:
        return None


def resolve_name(package: str, name: str | None) -> str:
    """Expand a manifest class name (``.Main``, ``Main``) against the package."""
    if not name:
        return ""
    if name.startswith("."):
        return package + name
    if "." not in name:
        return f"{package}.{name}"
    return name


def package_info(root: Any) -> dict[str, Any]:
    """package, version, SDK levels and the Application class of a manifest."""
    package = root.get("package") or ""
    uses_sdk = root.find("uses-sdk")
    app = root.find("application")
    return {
        "package": package,
        "version_name": attr(root, "versionName"),
        "version_code": _int(attr(root, "versionCode")),
        "min_sdk": _int(attr(uses_sdk, "minSdkVersion")) if uses_sdk is not None else None,
        "target_sdk": _int(attr(uses_sdk, "targetSdkVersion")) if uses_sdk is not None else None,
        "application": resolve_name(package, attr(app, "name")) or None if app is not None else None,
    }


def declared_permissions(root: Any) -> list[Permission]:
    """``<permission>`` elements: permissions this app defines, with their protection level."""
    out = []
    for el in root.findall("permission"):
        name = attr(el, "name")
        if name:
            out.append(Permission(name=name, protection=protection_name(attr(el, "protectionLevel")),
                                  declared_by_app=True))
    return out


def used_permissions(root: Any) -> list[Permission]:
    """``<uses-permission>`` (and ``-sdk-23``) elements, in manifest order, de-duplicated."""
    own: dict[str, Protection] = {p.name: p.protection for p in declared_permissions(root)}
    out: list[Permission] = []
    seen: set[str] = set()
    for tag in ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"):
        for el in root.findall(tag):
            name = attr(el, "name")
            if not name or name in seen:
                continue
            seen.add(name)
            out.append(Permission(name=name, protection=protection_of(name, own),
                                  max_sdk=_int(attr(el, "maxSdkVersion")), declared_by_app=name in own))
    return out


def _filters(el: Any) -> list[IntentFilter]:
    out = []
    for f in el.findall("intent-filter"):
        data = []
        for d in f.findall("data"):
            mime = attr(d, "mimeType")
            if mime:
                data.append(f"mime:{mime}")
            scheme, host, port = attr(d, "scheme"), attr(d, "host"), attr(d, "port")
            path = attr(d, "path") or attr(d, "pathPrefix") or attr(d, "pathPattern") or ""
            if scheme or host:
                data.append(f"{scheme or '*'}://{host or '*'}{':' + port if port else ''}{path}")
        out.append(IntentFilter(
            actions=[a for a in (attr(x, "name") for x in f.findall("action")) if a],
            categories=[c for c in (attr(x, "name") for x in f.findall("category")) if c],
            data=data, priority=_int(attr(f, "priority"))))
    return out


def self_start_triggers(kind: ComponentKind, filters: list[IntentFilter]) -> list[SelfStart]:
    if kind not in ("receiver", "service"):
        return []
    hits = []
    for f in filters:
        for action in f.actions:
            trigger = SELF_START_ACTIONS.get(action)
            if trigger and all(h.action != action for h in hits):
                hits.append(SelfStart(trigger=trigger, action=action))
    return hits


def components(root: Any, target_sdk: int | None = None) -> list[Component]:
    """Activities (and aliases), services, receivers and providers with exported flags and filters."""
    package = root.get("package") or ""
    app = root.find("application")
    if app is None:
        return []
    out = []
    for el in app:
        kind = el.tag if isinstance(el.tag, str) else ""
        if kind not in ("activity", "activity-alias", "service", "receiver", "provider"):
            continue
        filters = _filters(el)
        explicit = attr(el, "exported")
        if kind == "provider":
            default = target_sdk is not None and target_sdk <= 16
        else:
            default = bool(filters)
        authorities = (attr(el, "authorities") or "").split(";") if kind == "provider" else []
        out.append(Component(
            kind=kind, name=resolve_name(package, attr(el, "name")),
            exported=_bool(explicit, default), exported_explicit=explicit is not None,
            enabled=_bool(attr(el, "enabled"), True), permission=attr(el, "permission"),
            process=attr(el, "process"),
            target_activity=resolve_name(package, attr(el, "targetActivity")) or None,
            authorities=[a for a in authorities if a], intent_filters=filters,
            self_start=self_start_triggers(kind, filters)))  # type: ignore[arg-type]
    return out
