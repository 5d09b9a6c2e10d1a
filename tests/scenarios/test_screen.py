"""monitor.scenarios.screen.unreadable: when a uiautomator dump cannot show the app's screen."""

from __future__ import annotations

from monitor.scenarios.screen import CANVAS_REASON, unreadable

PKG = "com.example.game"
HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"


def node(pkg: str, cls: str, text: str = "", bounds: str = "[0,0][1080,1920]", children: str = "",
         clickable: bool = False) -> str:
    attrs = (f'index="0" text="{text}" resource-id="" class="{cls}" package="{pkg}" content-desc="" checkable="false" '
             f'checked="false" clickable="{str(clickable).lower()}" enabled="true" focusable="false" focused="false" '
             f'scrollable="false" long-clickable="false" password="false" selected="false" bounds="{bounds}"')
    return f"<node {attrs}>{children}</node>" if children else f"<node {attrs} />"


def dump(*windows: str) -> str:
    return HEAD + "".join(windows) + "</hierarchy>"


BAR = node("com.android.systemui", "android.widget.FrameLayout", bounds="[0,0][1080,80]",
           children=node("com.android.systemui", "android.widget.TextView", "10:42", "[40,10][200,70]"))


def test_canvases_without_semantics_are_unreadable() -> None:
    for cls in ("io.flutter.embedding.android.FlutterSurfaceView", "com.unity3d.player.UnityPlayer",
                "android.view.SurfaceView", "android.opengl.GLSurfaceView"):
        why = unreadable(dump(node(PKG, "android.widget.FrameLayout", children=node(PKG, cls)), BAR), PKG)
        assert why is not None and why.startswith(CANVAS_REASON) and cls in why


def test_empty_and_garbled_dumps_are_unreadable() -> None:
    assert unreadable("", PKG) == "the UI dump is empty"
    assert unreadable(None, PKG) == "the UI dump is empty"
    assert unreadable(dump(BAR), PKG).startswith("no window content")  # only the status bar
    assert unreadable("<hierarchy><node", PKG).startswith("the UI dump cannot be read")


def test_readable_screens() -> None:
    # Flutter *with* semantics: labelled nodes under the canvas
    labelled = node(PKG, "android.widget.FrameLayout", children=node(
        PKG, "io.flutter.embedding.android.FlutterView", children=node(PKG, "android.view.View", "同意", clickable=True)))
    assert unreadable(dump(labelled, BAR), PKG) is None
    # a blank splash window of ordinary views: nothing on it yet, but readable
    assert unreadable(dump(node(PKG, "android.widget.FrameLayout", children=node(PKG, "android.widget.ImageView"))),
                      PKG) is None
    # another app in front: not the app's screen to judge
    assert unreadable(dump(node("com.android.launcher3", "android.widget.FrameLayout",
                                children=node("com.android.launcher3", "android.widget.TextView", "Chrome"))), PKG) is None
