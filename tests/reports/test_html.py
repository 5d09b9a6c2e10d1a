"""report.html: self-contained, escaped, and inert in a real browser even with hostile app strings."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from monitor.reports import write_reports
from monitor.store import Store, open_store

from .conftest import MARK, build_hostile_run

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def report(hostile_store: tuple[Store, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    store, run = hostile_store
    return write_reports(store, run, tmp_path_factory.mktemp("out"), formats=("html",), lang="en")["html"]


def test_report_is_self_contained_and_escaped(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    p = parse(html)
    names = {t for t, _ in p.tags}
    assert not names & {"script", "iframe", "object", "embed", "link", "base", "form"}
    # pictures only as inline PNG data, links only to anchors of the page itself
    assert all((dict(a).get("src") or "").startswith("data:image/png;base64,") for t, a in p.tags if t == "img")
    assert all((dict(a).get("href") or "").startswith("#") for t, a in p.tags if t == "a")
    assert not [(t, a) for t, attrs in p.tags for a, _ in attrs if a.lower().startswith("on")]
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|//|javascript:)", html, re.IGNORECASE)
    text = "".join(p.text)
    assert "</script><script>document.title='PWNED'" in text  # shown, as text
    assert "\u202e" not in html and "\u27e6U+202E\u27e7" in text  # RTL override made visible
    assert "\ud800" not in html and len(html) < 600_000  # huge strings cut, surrogates replaced
    assert "more characters" in text and "{{ 7*7 }}{% raw %}" in text  # template syntax is data, not code


def test_crashed_run_says_so(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert re.search(r'id="run-status">Run did not complete: APP-CRASHED', html)


def test_findings_grouped_in_cards_by_caller_phase_article_with_stacks_on_demand(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    cards = re.findall(r'<section class="card (\w+)" id="card-[^"]*" data-article="([^"]+)" data-phase="([^"]+)"', html)
    assert ("critical", "6(3)", "refused") in cards and ("medium", "6(2)", "pre-consent") in cards
    order = ["critical", "high", "medium", "low", "info"]
    assert [order.index(c[0]) for c in cards] == sorted(order.index(c[0]) for c in cards)  # worst first
    ids = re.findall(r'<section class="card \w+" id="(card-[^"]*)"', html)
    assert len(ids) == len(set(ids)) == len(cards)
    assert html.count("<details><summary>Stack") >= 3 and 'class="decider"' in html


def test_browser_runs_no_injected_script(report: Path, dump_dom: Callable[[Path], str], tmp_path: Path) -> None:
    dom = dump_dom(report)
    assert "<title>pimon report" in dom and MARK not in dom.split("</title>")[0]
    assert "data-pwned" not in dom.split(">")[0] + "".join(re.findall(r"<html[^>]*>", dom))
    # without the CSP too: the escaping alone must hold
    bare = tmp_path / "no-csp.html"
    bare.write_text(CSP.sub("", report.read_text(encoding="utf-8")), encoding="utf-8")
    dom = dump_dom(bare)
    assert f"<title>{MARK}" not in dom and not re.search(r"<html[^>]*data-pwned", dom)
    assert "<script" not in dom.lower()


def test_the_browser_check_can_fail(dump_dom: Callable[[Path], str], tmp_path: Path) -> None:
    """Control: the same payload, unescaped, does run — so the check above would notice."""
    bad = tmp_path / "bad.html"
    bad.write_text(f"<html><head><title>x</title></head><body><script>document.title='{MARK}';"
                   "document.documentElement.setAttribute('data-pwned','1')</script></body></html>")
    dom = dump_dom(bad)
    assert f"<title>{MARK}</title>" in dom and re.search(r"<html[^>]*data-pwned", dom)


def test_empty_and_completed_run(tmp_path: Path) -> None:
    store = open_store(tmp_path / "e.db")
    run = store.create_run("com.example.quiet", started_ms=0)
    store.finish_run(run, "completed", ended_ms=1000)
    html = write_reports(store, run, tmp_path / "out", formats=("html",), lang="en")["html"].read_text()
    assert 'id="no-findings"' in html and "Run completed — 0 findings" in html


def test_a_second_hostile_run_renders_when_running(tmp_path: Path) -> None:
    store = open_store(tmp_path / "r.db")
    run = build_hostile_run(store, status="detached")
    html = write_reports(store, run, tmp_path / "o", formats=("html",), lang="en")["html"].read_text()
    assert "Run did not complete: DETACHED" in html


def test_svg_holds_only_svg_elements(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert {t for t, _ in parse(svg).tags} <= {"svg", "text", "title", "rect", "path", "circle", "line", "a"}
    head = html[: html.index("</title>")]
    assert "<span" not in head


def test_transitions_tied_to_their_ui_action_and_rules_listed(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    table = html[html.index('id="transitions"'): html.index("</table>", html.index('id="transitions"'))]
    assert "<td>privacy dialog shown</td>" in table and "consent-refuse" in table
    assert '<b title="refused">after refusing</b>' in table and "before any privacy dialog" in table
    assert "<script>" not in table and "&lt;/script&gt;" in table
    rules = html[html.index('id="rules"'):]
    assert "PI-7.4-SELF-START" in rules and "PI-6.3-AFTER-REFUSAL" in rules


def test_derived_transition_hidden_when_the_scenario_recorded_its_own(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d.db")
    run = store.create_run("com.example.app", started_ms=0)
    store.add_dialog(run, 100, "consent")
    store.add_consent_transition(run, 101, "unknown", "pre-consent")
    store.finish_run(run, "completed", ended_ms=200)
    html = write_reports(store, run, tmp_path / "o", formats=("html",), lang="en")["html"].read_text()
    table = html[html.index('id="transitions"'): html.index("</table>", html.index('id="transitions"'))]
    assert table.count('<b title="pre-consent">') == 1 and "<td>privacy dialog shown</td>" not in table


def test_a_call_that_threw_is_shown_with_what_it_threw(tmp_path: Path) -> None:
    """The agent sends what a hooked API threw: stored with the call, it is in the finding's evidence (html, json) and
    in the calls table in place of a value — the app asked for the identifier and got an exception, not the value."""
    import json

    from monitor.rules import analyse_run

    store = open_store(tmp_path / "t.db")
    run = store.create_run("com.example.denied", started_ms=0)
    thrown = "java.lang.SecurityException: getSubscriberId: <b>READ_PHONE_STATE</b> not granted"
    store.add_events(run, [{"seq": 1, "api": "android.telephony.TelephonyManager.getSubscriberId",
                            "category": "device-id", "pi": "imsi", "ts": 100, "ret": None, "exception": thrown,
                            "thread": "main", "stack": [{"class": "com.example.denied.Main", "method": "onCreate"}]}])
    store.finish_run(run, "completed", ended_ms=1000)
    analyse_run(store, run)
    (call,) = store.load_timeline(run).calls
    assert call.exception == thrown and call.ret is None
    out = write_reports(store, run, tmp_path / "out", formats=("html", "json"), lang="zh")
    html = out["html"].read_text(encoding="utf-8")
    assert "抛出异常" in html and "&lt;b&gt;READ_PHONE_STATE&lt;/b&gt;" in html and "<b>READ" not in html
    findings = json.loads(out["json"].read_text(encoding="utf-8"))["findings"]
    (before,) = [f for f in findings if f["rule"] == "PI-6.3-BEFORE-CONSENT"]
    assert before["evidence"]["exception"] == thrown and before["evidence"]["ret"] is None
