"""Detection on arbitrary (app-controlled) hierarchies: never crashes, controls are real nodes."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.scenarios.detect import detect_consent, detect_permission
from monitor.scenarios.hierarchy import parse

WORDS = ["同意", "不同意", "拒绝", "暂不使用", "隐私政策", "《用户协议》", "确定", "取消", "Agree", "Decline",
         "Privacy Policy", "OK", "仍然拒绝", "去同意", "Allow", "Don’t allow", "我已阅读并同意《隐私政策》", ""]
texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))
PACKAGES = ["com.example.app", "com.android.permissioncontroller"]


@st.composite
def trees(draw, depth: int = 0) -> str:
    l, t = draw(st.integers(0, 1000)), draw(st.integers(0, 1800))
    r, b = l + draw(st.integers(0, 1080)), t + draw(st.integers(0, 400))
    attrs = {
        "text": draw(texts), "resource-id": draw(st.sampled_from(["", "android:id/button1",
                                                                   "com.android.permissioncontroller:id/permission_deny_button"])),
        "class": draw(st.sampled_from(["android.widget.Button", "android.widget.TextView", "android.widget.CheckBox",
                                       "android.view.View"])),
        "package": draw(st.sampled_from(PACKAGES)), "content-desc": draw(texts),
        "checkable": draw(st.sampled_from(["true", "false"])), "checked": draw(st.sampled_from(["true", "false"])),
        "clickable": draw(st.sampled_from(["true", "false"])), "enabled": "true",
        "bounds": draw(st.sampled_from([f"[{l},{t}][{r},{b}]", "", "junk"])),
    }
    kids = draw(st.lists(trees(depth + 1), max_size=3)) if depth < 3 else []
    head = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<node {head}>{''.join(kids)}</node>"


@settings(max_examples=60, deadline=None)
@given(st.lists(trees(), min_size=1, max_size=3))
def test_detection_is_total_and_points_at_real_nodes(windows: list[str]):
    xml = f'<hierarchy rotation="0">{"".join(windows)}</hierarchy>'
    bounds = {n.bounds for n in parse(xml)}
    c = detect_consent(xml)
    for control in (c.agree, c.refuse, c.checkbox, c.policy):
        assert control is None or control.bounds in bounds
    if c.dialog:
        assert c.agree is not None
    p = detect_permission(xml)
    for control in (p.allow, p.deny):
        assert control is None or control.bounds in bounds
