"""Calls that are not the app collecting PI: the platform's own, and lookups of the app's own package."""

from __future__ import annotations

from monitor.rules import evaluate
from monitor.timeline import Call, Frame, Timeline

APP = "com.example.app"
APP_FRAME = (Frame("com.example.app.Main", "onCreate", "Main.java", 3),)


def _call(api: str, args: tuple[str, ...], stack=APP_FRAME, category="installed-apps") -> Call:
    return Call(ts=1000, api=api, category=category, args=args, stack=stack, seq=1)


def _rules(calls: list[Call]) -> set[tuple[str, str]]:
    tl = Timeline(app_package=APP, calls=calls)
    return {(f.rule, f.api) for f in evaluate(tl)}


def test_own_package_lookup_is_not_collection() -> None:
    api = "android.app.ApplicationPackageManager.getPackageInfo"
    assert _rules([_call(api, (APP, "0"))]) == set()
    assert ("PI-6.3-BEFORE-CONSENT", api) in _rules([_call(api, ("com.tencent.mm", "0"))])


def test_platform_only_stack_is_not_collection() -> None:
    api = "android.provider.Settings$Secure.getString"
    framework = (Frame("android.os.Handler", "dispatchMessage", None, 1), Frame("java.lang.Thread", "run", None, 2))
    assert _rules([_call(api, ("r", "android_id"), framework, "device-id")]) == set()
    assert ("PI-6.3-BEFORE-CONSENT", api) in _rules([_call(api, ("r", "android_id"), APP_FRAME, "device-id")])
