"""The scenario engine against a fake screen (tests/scenarios/fakes.py) and a recording context."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from monitor.scenarios.actions import ScenarioError
from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.engine import run_scenario
from monitor.scenarios.loader import PythonScenario, bind, load_scenario, parse_yaml

from .fakes import FakeApp, RecordingContext, SwipingApp, dump

FAST = {"observe": 0, "background": 0, "dialog_timeout": 2, "permission_timeout": 0.2}
HOME_FEED = dump("neg_cn_home_feed.xml")


def scenario(text: str):
    return bind(parse_yaml(text, "test.yaml"))


def test_recording_context_satisfies_the_protocol():
    ctx = RecordingContext(FakeApp({}, {}, start=""))
    assert isinstance(ctx, ScenarioContext)


def test_first_launch_refuse_with_confirmation_screen_and_permission():
    app = FakeApp(
        screens={"splash": dump("neg_en_permission_rationale.xml").replace("Notes needs camera access", "Loading"),
                 "dialog": dump("cn_alertdialog_basic.xml"), "confirm": dump("cn_refuse_confirm.xml"),
                 "perm": dump("perm_cn_packageinstaller.xml"), "home": HOME_FEED},
        moves={("dialog", "不同意"): "confirm", ("confirm", "仍然拒绝"): "perm", ("perm", "拒绝"): "home"},
        start="splash", delays={})
    app.moves[("splash", "")] = "splash"
    ctx = RecordingContext(app)
    # The dialog comes 0.3 s after the launch: the engine polls for it.
    original_launch = ctx.launch

    def launch(**kw):
        original_launch(**kw)
        app.go("dialog")
        app.previous = "splash"
        app.delays["dialog"] = 0.3

    ctx.launch = launch  # type: ignore[method-assign]
    started = time.monotonic()
    result = run_scenario(load_scenario("first-launch-refuse"), ctx, FAST)
    assert time.monotonic() - started < 5
    assert ctx.kinds() == [
        "action:launch", "launch",
        "dialog:consent", "consent:pre-consent", "action:consent-refuse", "consent:refused",
        "dialog:refuse-confirm", "action:consent-refuse-confirm",
        "dialog:permission", "action:permission-deny",
        "observe", "action:home", "observe",
    ]
    refuse = ctx.actions("consent-refuse")[0]
    assert refuse[3]["text"] == "不同意" and refuse[4] == dump("cn_alertdialog_basic.xml")  # the dump is the evidence
    assert ("consent", "refused", refuse[1]) in ctx.log
    assert [c[2] for c in app.clicks] == ["不同意", "仍然拒绝", "拒绝"]
    assert result.consent == "refused" and result.dialog_seen and not result.app_died
    assert ("launch", True, True) in ctx.log


def test_first_launch_agree_ticks_the_checkbox_first():
    unchecked = dump("cn_checkbox_button.xml")
    checked = unchecked.replace('checkable="true" checked="false"', 'checkable="true" checked="true"')
    assert checked != unchecked
    app = FakeApp(screens={"dialog": unchecked, "ticked": checked, "home": HOME_FEED},
                  moves={("dialog", ""): "ticked", ("ticked", "进入应用"): "home"}, start="dialog")
    ctx = RecordingContext(app)
    result = run_scenario(load_scenario("first-launch-agree"), ctx, FAST)
    kinds = ctx.kinds()
    assert kinds[:6] == ["action:launch", "launch", "dialog:consent", "consent:pre-consent",
                         "action:consent-checkbox", "action:consent-agree"]
    assert ctx.log[2][2] is False  # not preselected
    agree = ctx.actions("consent-agree")[0]
    assert ("consent", "consented", agree[1]) in ctx.log and agree[4] == checked
    assert [c[2] for c in app.clicks][-1] == "进入应用"
    assert result.consent == "consented"


def test_preselected_checkbox_is_reported():
    app = FakeApp(screens={"dialog": dump("cn_checkbox_preselected.xml"), "home": HOME_FEED},
                  moves={("dialog", "同意并继续"): "home"}, start="dialog")
    ctx = RecordingContext(app)
    run_scenario(load_scenario("first-launch-agree"), ctx, FAST)
    dialogs = [e for e in ctx.log if e[0] == "dialog" and e[1] == "consent"]
    assert dialogs and dialogs[0][2] is True
    assert not ctx.actions("consent-checkbox")


def test_no_dialog_is_marked_and_the_run_goes_on():
    app = FakeApp(screens={"home": HOME_FEED}, moves={}, start="home")
    ctx = RecordingContext(app)
    result = run_scenario(load_scenario("first-launch-refuse"), ctx, {**FAST, "dialog_timeout": 0.3})
    assert "no consent dialog within 0.3s" in ctx.marks()
    assert not [e for e in ctx.log if e[0] in ("consent", "dialog")]
    assert ctx.kinds()[-3:] == ["observe", "action:home", "observe"]
    assert result.consent is None and not result.dialog_seen


def test_permission_dialog_over_the_consent_dialog_is_answered_first():
    app = FakeApp(screens={"perm": dump("perm_android11_location.xml"), "dialog": dump("en_alertdialog.xml"),
                           "home": HOME_FEED},
                  moves={("perm", "Don’t allow"): "dialog", ("dialog", "AGREE"): "home"}, start="perm")
    ctx = RecordingContext(app)
    run_scenario(load_scenario("first-launch-agree"), ctx, FAST)
    assert ctx.kinds()[2:8] == ["dialog:permission", "action:permission-deny", "dialog:consent",
                                "consent:pre-consent", "action:consent-agree", "consent:consented"]


def test_forced_exit_after_refusal_skips_ui_steps():
    app = FakeApp(screens={"dialog": dump("cn_refuse_exit.xml")}, moves={("dialog", "不同意并退出"): "DIE"},
                  start="dialog")
    ctx = RecordingContext(app)
    result = run_scenario(load_scenario("first-launch-refuse"), ctx, FAST)
    assert result.app_died and result.consent == "refused"
    assert "skipped permission: the app is not running" in ctx.marks()
    assert ctx.kinds()[-3:] == ["observe", "action:home", "observe"]


def test_same_dialog_again_after_refusal_is_noted_not_looped():
    app = FakeApp(screens={"dialog": dump("en_alertdialog.xml"), "again": dump("en_alertdialog.xml") + " "},
                  moves={("dialog", "DISAGREE"): "again", ("again", "DISAGREE"): "dialog"}, start="dialog")
    ctx = RecordingContext(app)
    run_scenario(scenario("name: t\nsteps:\n  - launch\n  - consent: {action: refuse, settle: 0.3}\n"), ctx)
    assert "consent dialog shown again right after the refusal" in ctx.marks()
    assert len(ctx.actions("consent-refuse")) == 1 and not ctx.actions("consent-refuse-confirm")


def test_withdraw_through_settings_path_with_confirmation():
    settings = dump("neg_cn_settings_privacy.xml")
    confirm = (settings.replace("</hierarchy>", "")
               + '<node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="com.example.news" '
                 'content-desc="" checkable="false" checked="false" clickable="false" enabled="true" '
                 'bounds="[120,700][960,1200]"><node index="0" text="撤回同意后，我们将停止收集您的个人信息。" '
                 'resource-id="" class="android.widget.TextView" package="com.example.news" content-desc="" '
                 'checkable="false" checked="false" clickable="false" enabled="true" bounds="[170,760][910,900]" />'
                 '<node index="1" text="取消" resource-id="" class="android.widget.Button" package="com.example.news" '
                 'content-desc="" checkable="false" checked="false" clickable="true" enabled="true" '
                 'bounds="[170,1080][520,1180]" /><node index="2" text="确认撤回" resource-id="" '
                 'class="android.widget.Button" package="com.example.news" content-desc="" checkable="false" '
                 'checked="false" clickable="true" enabled="true" bounds="[560,1080][910,1180]" /></node></hierarchy>')
    app = FakeApp(screens={"dialog": dump("cn_alertdialog_basic.xml"), "home": HOME_FEED, "settings": settings,
                           "confirm": confirm, "done": HOME_FEED},
                  moves={("dialog", "同意"): "home", ("home", "我的"): "settings",
                         ("settings", "撤回同意隐私政策"): "confirm", ("confirm", "确认撤回"): "done"},
                  start="dialog")
    ctx = RecordingContext(app)
    logged_at_click: list[int] = []  # how much of the context's log existed at each click
    tap = app.click
    app.click = lambda x, y: (logged_at_click.append(len(ctx.log)), tap(x, y))[1]
    result = run_scenario(load_scenario("agree-then-withdraw"),
                          ctx, {**FAST, "settings_path": "我的 > 撤回同意隐私政策"})
    withdraw = ctx.actions("consent-withdraw")
    assert len(withdraw) == 1 and withdraw[0][3]["text"] == "确认撤回"
    assert ("consent", "withdrawn", withdraw[0][1]) in ctx.log
    # recorded before the confirmation is tapped: an app may collect within the tap's handler
    assert ("consent", "withdrawn", withdraw[0][1]) in ctx.log[:logged_at_click[-1]]
    assert [c[2] for c in app.clicks] == ["同意", "我的", "撤回同意隐私政策", "确认撤回"]
    assert result.consent == "withdrawn"


def test_withdraw_without_confirmation_uses_the_last_via_action():
    app = FakeApp(screens={"home": HOME_FEED, "settings": dump("neg_cn_settings_privacy.xml")},
                  moves={("home", "我的"): "settings"}, start="home")
    ctx = RecordingContext(app)
    run_scenario(scenario("name: t\nsteps:\n  - launch\n  - consent: {action: withdraw, via: [{tap: 我的}], settle: 0.3}\n"), ctx)
    tap = ctx.actions("tap")[0]
    assert ("consent", "withdrawn", tap[1]) in ctx.log
    assert not ctx.actions("consent-withdraw")  # 撤回同意 was on screen before: not tapped on a guess


def test_wait_for_timeout_fails_with_line_unless_optional():
    app = FakeApp(screens={"home": HOME_FEED}, moves={}, start="home")
    s = scenario("name: t\nsteps:\n  - launch\n  - wait_for: {text: 不存在, timeout: 0.2}\n")
    with pytest.raises(ScenarioError, match=r"step wait_for \(line 4\): not found after 0.2s: text='不存在'"):
        run_scenario(s, RecordingContext(app))
    ctx = RecordingContext(app)
    run_scenario(scenario("name: t\nsteps:\n  - launch\n  - wait_for: {text: 不存在, timeout: 0.2, optional: true}\n"
                          "  - mark: after\n"), ctx)
    assert ctx.marks() == ["wait_for: not found after 0.2s: text='不存在'", "after"]


def test_taps_types_selectors_and_assertions():
    app = FakeApp(screens={"dialog": dump("en_alertdialog.xml"), "home": HOME_FEED},
                  moves={("dialog", "AGREE"): "home"}, start="dialog")
    ctx = RecordingContext(app)
    result = run_scenario(scenario("""\
name: t
steps:
  - launch
  - assert: consent_dialog
  - tap: {alias: agree}
  - wait_for: {resource_id: feed}
  - tap: {text_regex: "^今日", class: TextView}
  - type: {text: hello, secret: true}
  - assert: {that: visible, selector: {text_contains: 马拉松}}
  - assert: {that: no_consent_dialog, within: 0.2}
  - assert: {that: foreground, within: 0.2}
  - assert: exited
  - background: 0
  - assert: foreground
"""), ctx)
    assert [c[2] for c in app.clicks] == ["AGREE", "今日热点：城市马拉松周末开跑", "text:hello"]
    assert ctx.actions("type")[0][3] == {"text": "***"}
    assert result.failed_assertions == ["step assert (line 12): exited"]
    assert "assert exited: FAILED" in ctx.marks() and "assert foreground: ok" in ctx.marks()
    assert ctx.kinds()[-4:] == ["action:home", "observe", "action:foreground", "mark"]


def test_fatal_assertion_stops_the_scenario():
    app = FakeApp(screens={"home": HOME_FEED}, moves={}, start="home")
    ctx = RecordingContext(app)
    with pytest.raises(ScenarioError, match="assertion failed: consent_dialog"):
        run_scenario(scenario("name: t\nsteps:\n  - launch\n  - assert: {that: consent_dialog, fatal: true}\n"
                              "  - mark: never\n"), ctx)
    assert "never" not in ctx.marks()


def test_scroll_and_find():
    long_list = dump("neg_cn_settings_privacy.xml")
    app = SwipingApp(screens={"top": HOME_FEED, "below": long_list}, moves={("top", "swipe"): "below"}, start="top")
    ctx = RecordingContext(app)
    run_scenario(scenario("name: t\nsteps:\n  - launch\n  - scroll_and_find: {text: 退出登录, tap: true}\n"), ctx)
    assert app.swipes == 1 and app.clicks[-1][2] == "退出登录"
    plain = FakeApp(screens={"top": HOME_FEED}, moves={}, start="top")
    with pytest.raises(ScenarioError, match="cannot swipe"):
        run_scenario(scenario("name: t\nsteps:\n  - launch\n  - scroll_and_find: 退出登录\n"), RecordingContext(plain))


def test_relaunch_reboot_and_param_override():
    app = FakeApp(screens={"home": HOME_FEED}, moves={}, start="home")
    ctx = RecordingContext(app)
    s = scenario("name: t\nparams: {wait: 30}\nsteps:\n  - launch: warm\n  - relaunch\n  - reboot\n"
                 "  - observe: ${wait}\n  - tap: 首页\n")
    result = run_scenario(s, ctx, {"wait": "1.5", "unknown": "ignored"})
    assert ctx.kinds() == ["action:launch", "launch", "action:relaunch", "relaunch", "mark", "reboot",
                           "observe", "mark"]
    assert ("observe", 1.5) in ctx.log and ("launch", False, False) in ctx.log
    assert ctx.marks() == ["reboot", "skipped tap: the app is not running"]
    assert result.app_died


def test_python_scenario_gets_context_and_params(tmp_path: Path):
    seen = []

    def my_scenario(ctx, params):
        from monitor.scenarios import actions, consent

        actions.launch(ctx, cold=True, clear_data=True)
        consent.refuse(ctx, timeout=1)
        seen.append(params)
        ctx.observe(params["observe"])

    app = FakeApp(screens={"dialog": dump("en_cookie_banner.xml"), "home": HOME_FEED},
                  moves={("dialog", "Reject all"): "home"}, start="dialog")
    ctx = RecordingContext(app)
    run_scenario(PythonScenario("mine", my_scenario, {"observe": 5}), ctx, {"observe": "0"})
    assert seen == [{"observe": 0}]
    assert "consent:refused" in ctx.kinds()


@pytest.mark.parametrize("name", [
    "first-launch-refuse", "first-launch-agree", "refuse-then-relaunch", "agree-then-withdraw", "deny-permissions",
    "background-idle", "cold-start-after-consent", "device-reboot", "associated-start"])
def test_every_builtin_runs_on_a_consenting_app(name: str):
    """A well-behaved app: dialog -> (agree|refuse) -> home feed -> 我的 -> settings with 撤回同意."""
    app = FakeApp(screens={"dialog": dump("cn_alertdialog_basic.xml"), "home": HOME_FEED,
                           "settings": dump("neg_cn_settings_privacy.xml")},
                  moves={("dialog", "同意"): "home", ("dialog", "不同意"): "home", ("home", "我的"): "settings"},
                  start="dialog", remember={("dialog", "同意"): "home"})
    ctx = RecordingContext(app)
    params = {**FAST, "idle": 0, "after_reboot": 0, "reprompt_timeout": 0.3,
              "settings_path": "我的 > 撤回同意隐私政策"}
    result = run_scenario(load_scenario(name), ctx, params)
    assert result.dialog_seen
    assert result.failed_assertions == []
    expected = {"agree-then-withdraw": "withdrawn"}.get(name)
    if expected is None:
        expected = "refused" if "refuse" in name or name == "device-reboot" else "consented"
    assert result.consent == expected
