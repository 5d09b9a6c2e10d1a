"""A run's policy: where pimon finds it (WebView URL, dialog text, bundled asset), what it stores, how it
becomes the disclosure, and the rules it feeds — on a real SQLite store and a local HTTP server."""

from __future__ import annotations

import zipfile
from pathlib import Path

from monitor.policy.run import candidates, record_policy
from monitor.rules import analyse_run
from monitor.store import open_store
from monitor.timeline import Timeline
from monitor.timeline.model import Call, Dialog
from monitor.traffic.disclosure import Disclosure, ThirdParty

from .test_extract import PAGES, served  # noqa: F401  (fixture)

APP = "com.example.app"


def _jar(tmp_path: Path) -> Path:
    jar = tmp_path / "app.jar"
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("AndroidManifest.xml", "<manifest package='com.example.app'/>")
        z.writestr("assets/about.html", "<p>about</p>")
        z.writestr("assets/web/privacy_policy.html", (PAGES / "03_nested_list.html").read_bytes())
    return jar


def test_candidates_best_first(tmp_path: Path) -> None:
    tl = Timeline(app_package=APP, calls=[
        Call(ts=5, api="android.webkit.WebView.loadUrl", category="webview", args=("https://m.example.com/home",)),
        Call(ts=6, api="android.webkit.WebView.loadUrl", category="webview", args=("https://m.example.com/privacy.html",)),
    ], dialogs=[Dialog(ts=1, kind="consent", evidence='<node text="详见 https://m.example.com/yinsi.html 。"/>')])
    assert candidates(tl, _jar(tmp_path)) == [
        "https://m.example.com/privacy.html", "https://m.example.com/home", "https://m.example.com/yinsi.html",
        "file:///android_asset/web/privacy_policy.html"]


def _run(store, url: str | None, given: Disclosure | None = None) -> int:
    run = store.create_run(APP, started_ms=1_000,
                           config={"disclosure": given.model_dump(mode="json")} if given else None)
    store.add_dialog(run, 1_100, "consent", False, None)
    ui = store.add_ui_action(run, 1_200, "consent-agree", {"text": "同意"}, None)
    store.add_consent_transition(run, 1_200, "pre-consent", "consented", ui)
    events = [{"seq": 2, "api": "android.provider.Settings$Secure.getString", "category": "device-id", "ts": 1_500,
               "args": ["android_id"], "stack": [{"class": "com.umeng.commonsdk.UMConfigure", "method": "init"}]},
              {"seq": 3, "api": "android.provider.Settings$Secure.getString", "category": "device-id", "ts": 1_600,
               "args": ["android_id"], "stack": [{"class": "cn.jpush.android.api.JPushInterface", "method": "init"}]}]
    if url:
        events.insert(0, {"seq": 1, "api": "android.webkit.WebView.loadUrl", "category": "webview", "ts": 1_300,
                          "args": [url], "stack": [{"class": "com.example.app.PolicyActivity", "method": "onCreate"}]})
    store.add_events(run, events)
    store.finish_run(run, "completed", None, ended_ms=2_000)
    return run


def test_webview_policy_becomes_the_disclosure_and_feeds_the_rules(tmp_path: Path, served: str) -> None:  # noqa: F811
    store = open_store(tmp_path / "p.db")
    given = Disclosure(first_party_domains=("example.com",), source="extra.yaml",
                       third_parties=(ThirdParty(name="Acme Analytics", domains=("acme.io",)),))
    run = _run(store, f"{served}/03_nested_list.html", given)
    policy = record_policy(store, run, APP, None)  # the run's own --disclosure is merged
    assert policy is not None and policy.ok
    config = store.get_run(run).config
    assert config["policy"]["status"] == "ok" and config["policy"]["sha256"] == policy.sha256
    assert "悦购商城" in config["policy"]["text"]
    names = [tp["name"] for tp in config["disclosure"]["third_parties"]]
    assert names[-1] == "Acme Analytics" and "Getui push" in names  # the policy's list plus the given file's
    assert config["disclosure"]["first_party_domains"] == ["example.com"]
    found = {(f.rule, f.api, f.caller) for f in analyse_run(store, run)}
    # Umeng is not in this policy's list (getui, sensorsdata, alipay, pangle), JPush neither
    assert ("PI-6.5-POLICY-MISMATCH", "android.provider.Settings$Secure.getString", "sdk:umeng") in found
    assert ("PI-6.5-POLICY-MISMATCH", "android.provider.Settings$Secure.getString", "sdk:jpush") in found
    assert not any(r == "PI-6.5-POLICY-UNREADABLE" for r, _, _ in found)


def test_unreachable_policy_is_assisted_never_empty(tmp_path: Path, served: str) -> None:  # noqa: F811
    store = open_store(tmp_path / "u.db")
    run = _run(store, f"{served}/gone-privacy.html")
    policy = record_policy(store, run, APP, None)
    assert policy is not None and policy.status == "unreachable" and "404" in (policy.error or "")
    config = store.get_run(run).config
    assert "disclosure" not in config  # nothing is taken as disclosed (nor as an empty list)
    findings = analyse_run(store, run)
    unreadable = [f for f in findings if f.rule == "PI-6.5-POLICY-UNREADABLE"]
    assert len(unreadable) == 1 and unreadable[0].kind == "assisted"
    assert not any(f.rule == "PI-6.5-POLICY-MISMATCH" for f in findings)


def test_no_policy_found_is_recorded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "n.db")
    run = _run(store, None)
    assert record_policy(store, run, APP, None) is None
    assert store.get_run(run).config["policy"]["status"] == "none"
    assert not any(f.rule.startswith("PI-6.5-POLICY") for f in analyse_run(store, run))


def test_report_shows_the_policys_list(tmp_path: Path, served: str) -> None:  # noqa: F811
    from monitor.reports import write_reports

    store = open_store(tmp_path / "r.db")
    run = _run(store, f"{served}/01_table_basic.html")
    record_policy(store, run, APP, None)
    analyse_run(store, run)
    html = write_reports(store, run, tmp_path / "out", formats=("html",))["html"].read_text(encoding="utf-8")
    section = html[html.index('id="policy"'):html.index('id="policy-sdks"') + 3000]
    assert "01_table_basic.html" in section and "好运天气隐私政策" in section
    for name, sdk in (("友盟+SDK", "umeng"), ("极光推送SDK", "jpush"), ("高德定位SDK", "amap")):
        assert name in section and f"<code>{sdk}</code>" in section
    gone = _run(store, f"{served}/nope-privacy.html")
    record_policy(store, gone, APP, None)
    html = write_reports(store, gone, tmp_path / "out2", formats=("html",))["html"].read_text(encoding="utf-8")
    assert "Could not be read (unreachable: <bdi>HTTP 404</bdi>)" in html
