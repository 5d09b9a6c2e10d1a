"""The per-SDK table (static vs dynamic vs declared) as a pure function: table tests."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.catalog import load_categories
from monitor.reports.sdk_table import sdk_table
from monitor.timeline import Call, NetFlow
from monitor.traffic.disclosure import Disclosure, ThirdParty

CATS = load_categories()


def personal(category: str) -> bool:
    return bool(CATS.get(category) and CATS[category].personal)


def inv(*sdks: tuple[str, int], other: tuple[str, ...] = ()) -> dict[str, Any]:
    """An inventory as stored with a run (its JSON dump): only what the table reads."""
    return {"sdks": [{"id": i, "class_count": n, "native_libs": ["libx.so"] if i == "bugly" else []} for i, n in sdks],
            "other_packages": [{"package": p, "class_count": 1} for p in other]}


def call(caller: str, category: str = "device-id") -> Call:
    return Call(ts=1, api="android.telephony.TelephonyManager.getDeviceId", category=category, caller=caller)


def flow(host: str, caller: str | None = None, pi: tuple[str, ...] = ()) -> NetFlow:
    return NetFlow(ts=1, host=host, caller=caller, matches=tuple({"kind": k} for k in pi))


def disc(*parties: ThirdParty) -> Disclosure:
    return Disclosure(third_parties=parties)


UMENG_BY_PACKAGE = ThirdParty(name="友盟+ (Umeng)", packages=("com.umeng.",))
JPUSH_BY_NAME = ThirdParty(name="JPush")
APPSFLYER_BY_DOMAIN = ThirdParty(name="AF", domains=("appsflyer.com",))
TENCENT_VENDOR = ThirdParty(name="Tencent")

# (inventory, calls, flows, disclosure) -> {sdk: (present, collecting, sending hosts, pi kinds, disclosed, gaps)}
CASES = [
    pytest.param(inv(("umeng", 3)), [call("sdk:umeng"), call("sdk:umeng", "location"), call("app")], [], None,
                 {"umeng": (True, ("device-id", "location"), (), (), None,
                            ["present but not disclosed", "collects PI but is not disclosed"])},
                 id="eager-sdk: present, collecting, no disclosure file -> undisclosed"),
    pytest.param(inv(("umeng", 3)), [call("sdk:umeng")], [], disc(UMENG_BY_PACKAGE),
                 {"umeng": (True, ("device-id",), (), (), "友盟+ (Umeng)", [])},
                 id="disclosed by a shared package prefix"),
    pytest.param(inv(("umeng", 1), ("jpush", 1), ("appsflyer", 1)), [],
                 [flow("ulogs.umeng.com", "sdk:umeng", ("android_id",)), flow("t.appsflyer.com", None, ("android_id",)),
                  flow("stats.jiguang.cn", "sdk:jpush", ()), flow("api.example.com", None, ("android_id",))],
                 disc(UMENG_BY_PACKAGE, JPUSH_BY_NAME),
                 {"umeng": (True, (), ("ulogs.umeng.com",), ("android_id",), "友盟+ (Umeng)", []),
                  "jpush": (True, (), ("stats.jiguang.cn",), (), "JPush", []),
                  "appsflyer": (True, (), ("t.appsflyer.com",), ("android_id",), None,
                                ["present but not disclosed", "sends PI but is not disclosed"])},
                 id="tracker-sdk: sending by caller and by host; first party not a row"),
    pytest.param(inv(("appsflyer", 1)), [], [flow("t.appsflyer.com", "sdk:appsflyer", ("android_id",))],
                 disc(APPSFLYER_BY_DOMAIN),
                 {"appsflyer": (True, (), ("t.appsflyer.com",), ("android_id",), "AF", [])},
                 id="disclosed by a domain the SDK's host is under"),
    pytest.param(None, [call("sdk:umeng")], [], None,
                 {"umeng": (None, ("device-id",), (), (), None, ["collects PI but is not disclosed"])},
                 id="no inventory: presence unknown"),
    pytest.param(inv(), [call("sdk:umeng")], [], disc(UMENG_BY_PACKAGE),
                 {"umeng": (False, ("device-id",), (), (), "友盟+ (Umeng)",
                            ["observed but not found in the app file (loaded at run time?)"])},
                 id="observed but absent from the file"),
    pytest.param(inv(("umeng", 2)), [call("sdk:umeng", "network-state"), call("sdk:umeng", "crypto")], [], None,
                 {"umeng": (True, (), (), (), None, ["present but not disclosed"])},
                 id="non-personal categories are not collecting"),
    pytest.param(inv(), [], [], disc(JPUSH_BY_NAME),
                 {"jpush": (False, (), (), (), "JPush", [])},
                 id="disclosed but absent: a row, no gap"),
    pytest.param(inv(), [], [], disc(TENCENT_VENDOR), {},
                 id="a vendor alone does not add rows for each of its SDKs"),
    pytest.param(inv(other=("org.tracker.lib",)), [call("other:org.tracker.lib"), call("other:net.unknown.x")], [],
                 disc(ThirdParty(name="Tracker Inc", packages=("org.tracker.",))),
                 {"other:org.tracker.lib": (True, ("device-id",), (), (), "Tracker Inc", []),
                  "other:net.unknown.x": (None, ("device-id",), (), (), None, ["collects PI but is not disclosed"])},
                 id="unknown third parties by package"),
    pytest.param(inv(("bugly", 0)), [call("system"), call("app")], [flow("api.example.com")], None,
                 {"bugly": (True, (), (), (), None, ["present but not disclosed"])},
                 id="present by native library only; app and system calls are no SDK"),
]


@pytest.mark.parametrize("inventory, calls, flows, disclosure, expected", CASES)
def test_sdk_table(inventory, calls, flows, disclosure, expected) -> None:
    rows = sdk_table(inventory, calls, flows, disclosure, personal=personal)
    got = {r.sdk: (r.present, r.collecting, r.sending, r.pi_kinds, r.disclosed, r.gaps) for r in rows}
    assert got == expected
    for r in rows:
        assert r.disclosure_given is (disclosure is not None)


def test_counts_and_order() -> None:
    rows = sdk_table(inv(("umeng", 3), ("jpush", 1)), [call("sdk:umeng")] * 3,
                     [flow("ulogs.umeng.com", "sdk:umeng", ("imei",)), flow("ulogs.umeng.com", "sdk:umeng")],
                     disc(JPUSH_BY_NAME), personal=personal)
    assert [r.sdk for r in rows] == ["umeng", "jpush"]  # gaps first
    umeng = rows[0]
    assert (umeng.classes, umeng.calls, umeng.flows, umeng.flows_with_pi) == (3, 3, 2, 1)
    d = umeng.as_dict()
    assert d["sending"] == ["ulogs.umeng.com"] and d["gaps"] == umeng.gaps and d["disclosed"] is None


def test_without_personal_filter_every_category_counts() -> None:
    (row,) = sdk_table(None, [call("sdk:umeng", "crypto")], [], None)
    assert row.collecting == ("crypto",) and row.calls == 1
