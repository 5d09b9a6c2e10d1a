"""The message catalog (Babel/gettext): every message the reports use has a Chinese translation with the same
placeholders; the language comes from --lang or the locale; words for phases and relative times; rule help as
prose."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from monitor.errors import ConfigError
from monitor.reports import words as W
from monitor.reports.html import css_string
from monitor.reports.i18n import LOCALE_DIR, default_lang, extract_messages, resolve_lang, translations
from monitor.reports.view import prose
from monitor.rules.registry import all_rules
from monitor.timeline.loader import timeline_from_dict

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# rules whose one-line summary the catalog translates (a rule added later shows its English summary until then)
TRANSLATED_RULES = {
    "PI-13-CLEARTEXT", "PI-6.2-PRESELECTED-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-6.3-BEFORE-CONSENT",
    "PI-6.3-NO-CONSENT-DIALOG", "PI-6.3-NO-RECONSENT", "PI-6.4-BULK-PERMISSIONS", "PI-6.5-POLICY-MISMATCH",
    "PI-6.5-POLICY-UNREADABLE", "PI-6.5-UNDISCLOSED-THIRD-PARTY", "PI-6.6-SENSITIVE-WITHOUT-NOTICE",
    "PI-7.1-BACKGROUND-COLLECTION", "PI-7.1-EXCESSIVE-FREQUENCY", "PI-7.1-PRECISION-BEYOND-NEED",
    "PI-7.2-LOCAL-OPERATION", "PI-7.3-FORCED-EXIT", "PI-7.3-REPROMPT-AFTER-DENIAL", "PI-7.4-SELF-START",
    "PI-7.6-BUNDLED-CONSENT", "PI-8.2-NO-NONPERSONALISED-OPTION"}


def _catalog():
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "pimon.po").open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def test_every_message_and_rule_summary_is_translated_with_its_placeholders() -> None:
    cat = _catalog()
    have = {}
    for m in cat:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for i in ids:
            have[i] = strings[0]
    used = extract_messages()
    assert len(used) > 150  # the extraction sees the templates and the modules
    wanted = set(used) | {r.summary for r in all_rules() if r.code in TRANSLATED_RULES}
    missing = sorted(m for m in wanted if not have.get(m))
    assert not missing, f"untranslated (add them to {LOCALE_DIR}/zh_CN/LC_MESSAGES/pimon.po): {missing}"
    for mid in wanted:
        assert set(PLACEHOLDER.findall(mid)) == set(PLACEHOLDER.findall(have[mid])), mid


def test_language_from_option_or_locale() -> None:
    assert resolve_lang("zh_CN") == resolve_lang("zh") == resolve_lang("zh-cn") == "zh-CN"
    assert resolve_lang("en") == "en"
    with pytest.raises(ConfigError, match="fr"):
        resolve_lang("fr")
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert default_lang({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"  # LC_ALL wins, as in gettext
    assert default_lang({}) == "en"
    assert translations("zh-CN").gettext("Consent timeline") == "同意状态时间线"
    assert translations("en").gettext("Consent timeline") == "Consent timeline"


def test_unknown_phase_has_a_human_name_and_times_are_told_relative_to_the_user() -> None:
    tl = timeline_from_dict({
        "app": "a", "started_ms": 0, "ended_ms": 10_000, "dialogs": [{"ts": 1000, "kind": "consent"}],
        "ui_actions": [{"id": 1, "ts": 3000, "kind": "consent-refuse", "target": {"text": "不同意"}}],
        "transitions": [{"ts": 3000, "from": "pre-consent", "to": "refused", "ui_action": 1}]})
    marks = W.anchors(tl)
    en, zh = translations("en").gettext, translations("zh-CN").gettext
    assert W.phase("unknown", en) == "before any privacy dialog" and W.phase("unknown", zh) == "隐私弹窗出现前"
    assert W.relative(360, marks, en) == "0.64 s before the privacy dialog appeared"
    assert W.relative(3006, marks, en) == "6 ms after tapping “不同意”"
    assert W.relative(3006, marks, zh) == "点击「不同意」后 6 毫秒"
    assert W.relative(1500, marks, zh) == "隐私弹窗出现后 0.5 秒"
    assert W.relative(500, [], en) == "" and W.duration(125_000, en) == "2 min 5 s"
    assert W.category("location", zh) == "个人行踪轨迹（精准定位信息）"


def test_rule_help_is_prose_without_markup_or_source_paths() -> None:
    for r in all_rules():
        paras = prose(r.doc)
        assert paras and paras[0] == r.summary
        text = " ".join(paras)
        assert "``" not in text and ":mod:" not in text and "monitor/" not in text and "monitor.rules" not in text
        assert text.count("(") == text.count(")"), (r.code, text)


def test_css_strings_cannot_break_out_of_the_style_element() -> None:
    s = str(css_string('x"; } </style><script>alert(1)</script> \\ 友盟'))
    assert '"' not in s and "<" not in s and ">" not in s and "友盟" in s and "\\00003c " in s


def test_a_pre_consent_transition_is_the_dialog_appearing_once() -> None:
    tl = timeline_from_dict({
        "app": "a", "started_ms": 0, "ended_ms": 10_000, "dialogs": [{"ts": 1100, "kind": "consent"}],
        "ui_actions": [{"id": 1, "ts": 3000, "kind": "consent-refuse", "target": {"text": "不同意"}}],
        "transitions": [{"ts": 1000, "from": "unknown", "to": "pre-consent", "source": "app"},
                        {"ts": 3000, "from": "pre-consent", "to": "refused", "ui_action": 1}]})
    marks = W.anchors(tl)
    assert [(m.kind, m.ts) for m in marks] == [("dialog", 1000), ("tap", 3000)]
    assert W.relative(360, marks, translations("en").gettext) == "0.64 s before the privacy dialog appeared"
