"""Attribution on real stacks: emulator/testapps/sdk-chain on the JVM emulator with the real agent.

The rule (architecture §4, §6; monitor/rules/attribution.py): the first frame that is neither framework
nor agent decides the caller. When that frame is the app's and an SDK sits deeper, the owners met walking
down the stack up to the first SDK are the finding's ``chain``. Each case below uses its own API, so the
stored event and the finding of that API are the case's; every call happens before any consent dialog,
so PI-6.3-BEFORE-CONSENT reports each one (api × caller) with its chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.devices.emulator import EmulatorDevice
from monitor.rules.attribution import attribute, attribute_class, is_framework
from monitor.run import execute_run
from monitor.scenarios.loader import bind, parse_yaml
from monitor.store import open_store
from monitor.timeline.model import Call, Frame

pytestmark = pytest.mark.e2e

PACKAGE = "com.example.sdkchain"
SCENARIO = """\
name: sdk-chain
steps:
  - launch: {cold: true, clear_data: true}
  - permission: {action: grant_all, timeout: 5, settle: 1}
  - wait_for: {text: chain done, timeout: 20}
"""
TM = "android.telephony.TelephonyManager."
Run = tuple[list[Call], list]  # stored calls, findings


@dataclass(frozen=True)
class Case:
    api: str
    caller: str
    chain: tuple[str, ...] | None
    frame: str  # class.method of the deciding frame
    owners: tuple[str, ...]  # owners of the non-framework frames walking down the stack (runs collapsed)


CASES = {
    "app itself": Case(TM + "getSimOperatorName", "app", None,
                       "com.example.sdkchain.MainActivity.onRequestPermissionsResult", ("app",)),
    # app -> Umeng -> Bugly reads: Bugly decides. The chain is reported only when the app's frame decides
    # (§4), so here it is in the stack (Bugly, then Umeng, then the app) but not in the finding.
    "nested SDK chain": Case(TM + "getImei", "sdk:bugly", None,
                             "com.tencent.bugly.crashreport.CrashReport.deviceInfo",
                             ("sdk:bugly", "sdk:umeng", "app")),
    # the app's facade Tracker calls Umeng, whose code reads: the SDK frame comes first, the SDK's call
    "app wraps an SDK": Case("android.net.wifi.WifiInfo.getMacAddress", "sdk:umeng", None,
                             "com.umeng.commonsdk.UMConfigure.init", ("sdk:umeng", "app")),
    # Getui calls the app's IdProvider, whose code reads: the app's call on Getui's behalf
    "SDK calls the app's wrapper": Case(TM + "getSubscriberId", "app", ("app", "sdk:getui"),
                                        "com.example.sdkchain.push.DeviceIdProvider.deviceId",
                                        ("app", "sdk:getui", "app")),
    # the app's callback, run by Bugly for Umeng: the chain stops at the first SDK
    "callback through two SDKs": Case(TM + "getLine1Number", "app", ("app", "sdk:bugly"),
                                      "com.example.sdkchain.MainActivity.lambda$onRequestPermissionsResult$0",
                                      ("app", "sdk:bugly", "sdk:umeng", "app")),
    # MyReceiver (app) inherits JPush's onRegister: the frame's class is JPush's
    "inherited SDK code": Case("android.location.LocationManager.getLastKnownLocation", "sdk:jpush", None,
                               "cn.jpush.android.service.JPushMessageReceiver.onRegister", ("sdk:jpush", "app")),
    # AMap's own thread: no app frame at all
    "SDK thread": Case(TM + "getCellLocation", "sdk:amap", None,
                       "com.amap.api.location.AMapLocationClient.lambda$startLocation$0", ("sdk:amap",)),
    "unknown library": Case("android.accounts.AccountManager.getAccounts", "other:net.example.util", None,
                            "net.example.util.DeviceUtil.accounts", ("other:net.example.util", "app")),
    "obfuscated code": Case(TM + "getNetworkOperator", "app", None, "a.a.b.a", ("app",)),
}


@pytest.fixture(scope="module")
def chain_run(e2e_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("sdk-chain")
    device = EmulatorDevice(tmp / "device", build_dir=e2e_build)
    store = open_store(tmp / "pimon.db")
    try:
        package = device.install_fixture("sdk-chain")
        assert package == PACKAGE
        result = execute_run(device=device, package=package, scenario=bind(parse_yaml(SCENARIO, "<sdk-chain>"), {}),
                             store=store, traffic=False)
        assert result.status == "completed", result.reason
        yield list(store.load_timeline(result.run_id).calls), list(result.findings)
    finally:
        store.close()
        device.close()


def _owners(stack: Sequence[Frame]) -> tuple[str, ...]:
    out: list[str] = []
    for f in stack:
        if f.cls and not is_framework(f.cls):
            owner = attribute_class(f.cls, PACKAGE)
            if not out or out[-1] != owner:
                out.append(owner)
    return tuple(out)


@pytest.mark.parametrize("name", list(CASES))
def test_stored_event_is_attributed(chain_run: Run, name: str) -> None:
    case = CASES[name]
    calls, _ = chain_run
    hits = [c for c in calls if c.api == case.api]
    assert len(hits) == 1, [c.api for c in calls]
    call = hits[0]
    assert call.caller == case.caller, [f"{f.cls}.{f.method}" for f in call.stack]
    att = attribute(call.stack, PACKAGE)
    assert (att.caller, att.chain) == (case.caller, case.chain)
    assert f"{att.frame.cls}.{att.frame.method}" == case.frame
    assert _owners(call.stack) == case.owners, [f"{f.cls}.{f.method}" for f in call.stack]


@pytest.mark.parametrize("name", list(CASES))
def test_finding_carries_caller_and_chain(chain_run: Run, name: str) -> None:
    case = CASES[name]
    _, findings = chain_run
    got = [f for f in findings if f.rule == "PI-6.3-BEFORE-CONSENT" and f.api == case.api]
    assert [(f.caller, tuple(f.chain) if f.chain else None) for f in got] == [(case.caller, case.chain)]


def test_sdk_thread_has_no_app_frame(chain_run: Run) -> None:
    calls, _ = chain_run
    (call,) = [c for c in calls if c.api == CASES["SDK thread"].api]
    assert call.thread == "amap-loc"
    assert not any(f.cls.startswith(PACKAGE) for f in call.stack)


def test_inherited_method_is_the_sdks_though_the_object_is_the_apps(chain_run: Run) -> None:
    calls, _ = chain_run
    (call,) = [c for c in calls if c.api == CASES["inherited SDK code"].api]
    frames = [f"{f.cls}.{f.method}" for f in call.stack]
    # the app's subclass never appears as the frame of onRegister: JVMTI names the declaring class
    assert "com.example.sdkchain.push.MyReceiver.onRegister" not in frames
    assert frames.index("cn.jpush.android.service.JPushMessageReceiver.onRegister") < frames.index(
        "com.example.sdkchain.MainActivity.onRequestPermissionsResult")
