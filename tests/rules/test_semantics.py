"""Edge cases of §7 semantics that the bad/good examples do not pin down."""

from __future__ import annotations

from typing import Any

from monitor.rules import evaluate, get_rule
from monitor.rules.config import RuleConfig
from monitor.timeline import timeline_from_dict

APP = "com.example.app"


def run(code: str, config: RuleConfig | None = None, **tl: Any) -> list:
    return evaluate(timeline_from_dict({"app": APP, **tl}), config, rules=[get_rule(code)])


def imei(ts: int, sdk: str = "cn.jpush.android.a.b") -> dict:
    return {"ts": ts, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id", "stack": [sdk]}


def test_frequency_window_is_half_open() -> None:
    assert run("PI-7.1-EXCESSIVE-FREQUENCY", calls=[imei(0), imei(5000), imei(10000)]) == []
    (f,) = run("PI-7.1-EXCESSIVE-FREQUENCY", calls=[imei(0), imei(5000), imei(9999)])
    assert (f.count, f.first_ms, f.caller, f.evidence["limit"]) == (1, 9999, "sdk:jpush", 2)


def test_frequency_counts_per_caller_and_takes_the_phase_of_the_first_call_over() -> None:
    calls = [imei(t) for t in (0, 100, 200, 300)] + [imei(t, "com.example.app.A.b") for t in (0, 100)]
    (f,) = run("PI-7.1-EXCESSIVE-FREQUENCY", calls=calls,
               transitions=[{"ts": 250, "from": "unknown", "to": "consented"}])
    assert (f.phase, f.count, f.first_ms, f.last_ms) == ("unknown", 2, 200, 300)


REQ = {"code": 0, "requested_by_app": True}


def _finish(ts: int, frame: str = "com.example.app.MainActivity.onClick") -> dict:
    return {"ts": ts, "api": "android.app.Activity.finish", "category": "process", "stack": [frame]}


def test_forced_exit_window_and_user_exits() -> None:
    refuse = {"transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}]}
    assert run("PI-7.3-FORCED-EXIT", **refuse, lifecycle=[{"ts": 11001, "kind": "process-exit", "data": REQ}]) == []
    assert len(run("PI-7.3-FORCED-EXIT", **refuse, lifecycle=[{"ts": 11000, "kind": "process-exit", "data": REQ}])) == 1
    assert run("PI-7.3-FORCED-EXIT", **refuse, ui_actions=[{"ts": 1500, "kind": "home"}], calls=[_finish(1400)],
               lifecycle=[{"ts": 1600, "kind": "background"}]) == []
    assert run("PI-7.3-FORCED-EXIT", **refuse, ui_actions=[{"ts": 1500, "kind": "key", "target": {"key": "back"}}],
               lifecycle=[{"ts": 1600, "kind": "background"}]) == []
    # background then exit: one finding, counted once
    (f,) = run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1100)],
               lifecycle=[{"ts": 1200, "kind": "background"}, {"ts": 1300, "kind": "process-exit", "data": REQ}])
    assert (f.count, f.phase, f.evidence["exit"], f.evidence["exit_api"]) == (
        1, "refused", "background", "android.app.Activity.finish")


def test_forced_exit_needs_a_deliberate_exit() -> None:
    """An exit nobody asked for (no finish/killProcess/System.exit, not requested) and a crash are not forced exits."""
    refuse = {"transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}]}
    assert run("PI-7.3-FORCED-EXIT", **refuse, lifecycle=[{"ts": 1300, "kind": "process-exit", "data": {"code": 1}}]) == []
    crash = {"code": 1, "crash": {"kind": "uncaught-exception", "exception": "java.lang.NullPointerException"}}
    assert run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1100)],
               lifecycle=[{"ts": 1300, "kind": "process-exit", "data": crash}]) == []
    assert run("PI-7.3-FORCED-EXIT", **refuse, lifecycle=[{"ts": 1200, "kind": "background"}]) == []


def test_forced_exit_is_attributed_to_the_code_that_exited() -> None:
    refuse = {"transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}]}
    kill = {"ts": 1250, "api": "android.os.Process.killProcess", "category": "process",
            "stack": ["com.umeng.commonsdk.UMConfigure.exit", "com.example.app.MainActivity.onClick"]}
    (f,) = run("PI-7.3-FORCED-EXIT", **refuse, calls=[kill],
               lifecycle=[{"ts": 1300, "kind": "process-exit", "data": REQ}])
    assert (f.caller, f.evidence["exit_api"]) == ("sdk:umeng", "android.os.Process.killProcess")


def test_forced_exit_grace_period_for_an_activity_chain() -> None:
    """A starts B and finishes: no activity in front for a moment, then B. Not leaving the app."""
    refuse = {"transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}]}
    chain = [{"ts": 1005, "kind": "background"}, {"ts": 1020, "kind": "foreground", "data": {"activity": "B"}}]
    assert run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1004)], lifecycle=chain) == []
    late = [{"ts": 1005, "kind": "background"}, {"ts": 3000, "kind": "foreground"}]
    assert len(run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1004)], lifecycle=late)) == 1
    cfg = RuleConfig.model_validate({"forced_exit": {"grace_ms": 5000}})
    assert run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1004)], lifecycle=late, config=cfg) == []


def test_forced_exit_after_a_permission_denial_ui_action() -> None:
    (f,) = run("PI-7.3-FORCED-EXIT", ui_actions=[{"id": 7, "ts": 100, "kind": "permission-deny",
                                                  "target": {"permission": "android.permission.CAMERA"}}],
               lifecycle=[{"ts": 200, "kind": "process-exit", "data": REQ},
                          {"ts": 100, "kind": "permission-result",
                           "data": {"permission": "CAMERA", "granted": False}}])
    assert f.count == 1 and f.evidence["refused"] == "permission android.permission.CAMERA"


def test_background_process_started_by_a_receiver() -> None:
    (f,) = run("PI-7.1-BACKGROUND-COLLECTION", calls=[imei(150)],
               lifecycle=[{"ts": 100, "kind": "process-start", "data": {"background": True}}])
    assert f.caller == "sdk:jpush"


def test_reprompt_needs_the_last_answer_to_be_a_denial() -> None:
    life = [{"ts": 1, "kind": "permission-result", "data": {"permission": "CAMERA", "granted": False}},
            {"ts": 2, "kind": "permission-result", "data": {"results": {"android.permission.CAMERA": True}}},
            {"ts": 3, "kind": "permission-request", "data": {"permissions": ["CAMERA"]}}]
    assert run("PI-7.3-REPROMPT-AFTER-DENIAL", lifecycle=life) == []


def test_self_start_caller_from_the_hooked_start_call() -> None:
    (f,) = run("PI-7.4-SELF-START",
               calls=[{"ts": 95, "api": "android.content.ContextWrapper.startActivity", "category": "component-start",
                       "stack": ["com.qq.e.comm.A.b"]}],
               lifecycle=[{"ts": 100, "kind": "component-start",
                           "data": {"kind": "activity", "target": "com.taobao.taobao/.Main", "from": APP,
                                    "user_action": False}}])
    assert (f.api, f.caller, f.evidence["target"]) == ("android.content.ContextWrapper.startActivity", "sdk:gdt",
                                                       "com.taobao.taobao/com.taobao.taobao.Main")


def test_forced_exit_from_the_refusal_handler_itself() -> None:
    """finish() inside the Disagree click handler: the background event carries user_action (input was being
    dispatched) but no home/back key — still forced; a home key is not."""
    refuse = {"transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}]}
    (f,) = run("PI-7.3-FORCED-EXIT", **refuse, calls=[_finish(1000)],
               lifecycle=[{"ts": 1001, "kind": "background", "data": {"user_action": True, "key": None}},
                          {"ts": 1300, "kind": "process-exit", "data": {"code": 0, "requested_by_app": True}}])
    assert (f.count, f.evidence["exit"]) == (1, "background")
    assert run("PI-7.3-FORCED-EXIT", **refuse,
               lifecycle=[{"ts": 2000, "kind": "background", "data": {"user_action": True, "key": "home"}},
                          {"ts": 3000, "kind": "process-exit", "data": {"code": 0}}]) == []
    assert run("PI-7.3-FORCED-EXIT", **refuse,
               lifecycle=[{"ts": 2000, "kind": "process-exit", "data": {"stopped_by_pimon": True}}]) == []


def test_bulk_ignores_requests_the_user_asked_for() -> None:
    req = {"kind": "permission-request", "data": {"permissions": ["CAMERA", "RECORD_AUDIO", "READ_CONTACTS"],
                                                  "user_action": True}}
    assert run("PI-6.4-BULK-PERMISSIONS", lifecycle=[{"ts": 5, **req}]) == []
    req["data"]["user_action"] = False
    assert len(run("PI-6.4-BULK-PERMISSIONS", lifecycle=[{"ts": 5, **req}])) == 1


def test_no_consent_dialog_not_on_a_crash() -> None:
    """The app crashed before showing its dialog: the run is app-crashed, not PI-6.3-NO-CONSENT-DIALOG."""
    crash = {"code": 1, "crash": {"kind": "uncaught-exception", "exception": "java.lang.IllegalStateException"}}
    assert len(run("PI-6.3-NO-CONSENT-DIALOG", calls=[imei(100)])) == 1
    assert run("PI-6.3-NO-CONSENT-DIALOG", calls=[imei(100)],
               lifecycle=[{"ts": 200, "kind": "process-exit", "data": crash}]) == []
