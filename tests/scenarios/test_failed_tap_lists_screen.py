"""A failed tap says what was on screen (issue 13 §5): the texts of the dump, in order, bounded."""

from __future__ import annotations

from monitor.scenarios.engine import _screen_texts

XML = ('<hierarchy rotation="0"><node text="" bounds="[0,0][1080,1920]"><node text="同意" bounds="[0,0][10,10]"/>'
       '<node text="不同意" bounds="[0,0][10,10]"/><node text="同意" bounds="[0,0][10,10]"/></node></hierarchy>')


def test_failed_tap_message_lists_the_texts_on_screen() -> None:
    assert _screen_texts(XML) == '; on screen: "同意", "不同意"'
    many = "<hierarchy>" + "".join(f'<node text="t{i}" bounds="[0,0][1,1]"/>' for i in range(20)) + "</hierarchy>"
    assert _screen_texts(many).endswith('"t11" and 8 more')
    assert _screen_texts('<hierarchy><node text="" bounds="[0,0][1,1]"/></hierarchy>') == "; nothing with text on screen"
    assert _screen_texts(None) == "" and _screen_texts("<not xml") == ""
