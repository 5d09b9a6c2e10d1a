"""The emulator's screenshot (control command ``screenshot``): the view hierarchy drawn headless with Java2D, real
texts at their real bounds. The compliant fixture's privacy dialog: the rendered 同意 button sits exactly where the
hierarchy says, drawn as a button with two distinct CJK glyphs (a missing font would draw two identical boxes)."""

from __future__ import annotations

import io
import re
import time

from PIL import Image

from monitor.devices.emulator import EmulatorDevice
from monitor.devices.emulator.process import EmulatorProcess

BUTTON_FILL = (0xE3, 0xF2, 0xFD)


def _bounds(xml: str, text: str) -> tuple[int, int, int, int]:
    m = re.search(r'<node [^>]*text="' + text + r'"[^>]*bounds="\[(\d+),(\d+)\]\[(\d+),(\d+)\]"', xml)
    assert m, f"no {text} in the hierarchy"
    return tuple(int(v) for v in m.groups())  # type: ignore[return-value]


def _ink(img: Image.Image, box: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """Dark (text) pixels inside ``box``."""
    px = img.load()
    return [(x, y) for x in range(box[0], box[2]) for y in range(box[1], box[3]) if sum(px[x, y][:3]) < 300]


def _privacy_dialog(device: EmulatorDevice) -> tuple[EmulatorProcess, str]:
    """The compliant fixture started, on its privacy dialog: its process and the dialog's hierarchy."""
    proc = device.spawn(device.install_fixture("compliant"))
    proc.release()
    deadline = time.monotonic() + 20
    xml = ""
    while time.monotonic() < deadline and 'text="同意"' not in xml:
        xml = device.ui.dump_hierarchy()
    assert 'text="同意"' in xml, xml[:2000]
    return proc, xml


def test_rendered_dialog_shows_the_buttons_at_their_hierarchy_bounds(device: EmulatorDevice) -> None:
    _, xml = _privacy_dialog(device)
    png = device.ui.screenshot(scale=0.5)
    assert png and png[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (540, 960)

    l, t, r, b = (v // 2 for v in _bounds(xml, "同意"))
    px = img.load()
    inside = [px[x, y] for x in range(l + 6, r - 6, 3) for y in range(t + 6, b - 6, 3)]
    filled = sum(1 for p in inside if p == BUTTON_FILL) / len(inside)
    assert filled > 0.6, f"the 同意 button is not drawn at its bounds ({filled:.0%} button fill)"
    # the border is at the bounds (inset 2 px at half scale): outside it, no button fill
    assert px[r + 3, (t + b) // 2] != BUTTON_FILL and px[(l + r) // 2, b + 3] != BUTTON_FILL

    ink = _ink(img, (l, t, r, b))
    assert len(ink) > 40, "no text drawn on the 同意 button"
    xs, ys = [p[0] for p in ink], [p[1] for p in ink]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    assert abs(cx - (l + r) / 2) < 8 and abs(cy - (t + b) / 2) < 8, "the text is not centred in the button"
    # two different glyphs (同, 意): the left and right halves of the text's ink differ
    mid = (min(xs) + max(xs)) // 2
    left = {(x - min(xs), y) for x, y in ink if x < mid}
    right = {(x - mid, y) for x, y in ink if x >= mid}
    assert len(left ^ right) > 0.3 * max(len(left), len(right)), "identical glyphs: the CJK font is missing"

    # 不同意 (three glyphs) is drawn in its own bounds, with more ink than 同意
    l2, t2, r2, b2 = (v // 2 for v in _bounds(xml, "不同意"))
    assert r2 <= l or l2 >= r
    assert len(_ink(img, (l2, t2, r2, b2))) > len(ink) * 1.2
    # the activity behind the dialog is dimmed, as on Android
    assert sum(px[5, 900]) < sum((0xF5, 0xF5, 0xF5)) - 100


def test_an_unchanged_screen_is_pictured_once_and_a_changed_one_again(device: EmulatorDevice) -> None:
    """A picture is a function of the hierarchy: the same hierarchy gives the last picture back (the app is not asked
    to draw it again), and that picture is what a new drawing would be; a new hierarchy or scale is drawn."""
    import base64

    proc, xml = _privacy_dialog(device)
    first = device.ui.screenshot(scale=0.5)
    again = device.ui.screenshot(scale=0.5)
    assert first and again is first  # given back, not drawn and decoded anew
    drawn = base64.b64decode(proc.request("screenshot", scale=0.5)["png"])
    assert drawn == first  # what the app draws for this hierarchy, byte for byte
    smaller = device.ui.screenshot(scale=0.25)
    assert smaller is not None and Image.open(io.BytesIO(smaller)).size == (270, 480)

    l, t, r, b = _bounds(xml, "同意")
    device.ui.click((l + r) // 2, (t + b) // 2)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and 'text="同意"' in device.ui.dump_hierarchy():
        time.sleep(0.05)
    after = device.ui.screenshot(scale=0.25)
    assert after is not None and after != smaller and after is not smaller


def test_a_snapshot_is_drawn_later_as_the_screen_it_was(device: EmulatorDevice) -> None:
    """A run takes the screen as its hierarchy (``snapshot``, one dump) and has it drawn while its scenario waits:
    drawn after the screen changed, the picture is the one the app drew at that moment, byte for byte."""
    import base64

    proc, xml = _privacy_dialog(device)
    snap = device.ui.snapshot(scale=0.5)
    assert snap is not None and snap.xml == xml
    then = base64.b64decode(proc.request("screenshot", scale=0.5)["png"])  # what a screenshot then would have been
    l, t, r, b = _bounds(xml, "同意")
    device.ui.click((l + r) // 2, (t + b) // 2)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and 'text="同意"' in device.ui.dump_hierarchy():
        time.sleep(0.05)
    assert 'text="同意"' not in device.ui.dump_hierarchy()
    assert device.ui.render(snap) == then


def test_a_snapshot_whose_app_is_gone_is_drawn_by_a_jvm_of_its_own(device: EmulatorDevice) -> None:
    """An app that ended (crashed) after the snapshot cannot draw it: the device draws it with ScreenRenderer in a
    JVM started for it, the same picture; with no app on screen there is no snapshot to take."""
    import base64

    proc, _ = _privacy_dialog(device)
    snap = device.ui.snapshot(scale=0.25)
    drawn_by_app = base64.b64decode(proc.request("screenshot", scale=0.25)["png"])
    proc.stop()
    assert not proc.alive and device.ui.current() is None
    assert device.ui.snapshot() is None
    png = device.ui.render(snap)
    assert png == drawn_by_app and Image.open(io.BytesIO(png)).size == (270, 480)
