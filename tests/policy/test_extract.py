"""Policy extraction on the pages of tests/policy/pages (tables, rowspans, nested lists, key-value
paragraphs and tables, images with alt text, div layouts, English policies, plain text): every page's
SDK list against its ground truth, with precision/recall of the extracted SDK names printed."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.policy import extract_html
from monitor.policy.match import match_name
from monitor.policy.source import load_policy

PAGES = Path(__file__).parent / "pages"
EXPECTED = yaml.safe_load((PAGES / "expected.yaml").read_text(encoding="utf-8"))
READABLE = [name for name, e in EXPECTED.items() if "sdks" in e]


def _keys(policy) -> set[str]:
    return {s.sdk or f"name:{s.name}" for s in policy.sdks}


def test_at_least_ten_pages_in_several_styles() -> None:
    assert len(READABLE) >= 10
    assert any(p.endswith(".txt") for p in READABLE)


def test_precision_and_recall_of_sdk_names(capsys: pytest.CaptureFixture[str]) -> None:
    tp = fp = fn = 0
    rows = []
    for name in READABLE:
        got = _keys(extract_html((PAGES / name).read_bytes(), source=name))
        want = set(EXPECTED[name]["sdks"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        rows.append(f"  {name:28} found {len(got & want)}/{len(want)}  extra {sorted(got - want)}  missed {sorted(want - got)}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(f"\npolicy SDK extraction over {len(READABLE)} pages: precision {precision:.3f} recall {recall:.3f} "
              f"(tp {tp}, fp {fp}, fn {fn})")
        print("\n".join(rows))
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize("name", READABLE)
def test_page_lists_its_sdks_pi_and_permissions(name: str) -> None:
    e = EXPECTED[name]
    policy = extract_html((PAGES / name).read_bytes(), source=name)
    assert policy.ok
    assert _keys(policy) == set(e["sdks"])
    assert set(e["pi"]) <= set(policy.pi), set(e["pi"]) - set(policy.pi)
    assert set(e["permissions"]) <= set(policy.permissions)
    assert policy.sha256 and len(policy.text) > 50


def test_table_columns_are_kept_per_sdk() -> None:
    policy = extract_html((PAGES / "02_table_rowspan.html").read_bytes())
    gdt = next(s for s in policy.sdks if s.sdk == "gdt")
    assert gdt.vendor == "深圳市腾讯计算机系统有限公司"  # from the rowspan above it
    assert gdt.purpose == "广告投放与广告监测"
    assert set(gdt.pi) == {"device-id", "advertising-id", "installed-apps", "location"}


def test_unreadable_pages_are_said_so_not_empty(tmp_path: Path) -> None:
    assert extract_html((PAGES / "12_unparsed.pdf").read_bytes()).status == "unparsed"
    assert extract_html("<html><body><script>var a=1</script></body></html>").status == "unparsed"
    missing = load_policy(str(tmp_path / "nope.html"))
    assert missing.status == "unreachable" and missing.error
    assert load_policy("ftp://example.com/p.html").status == "unreachable"


def test_hostile_markup_is_text() -> None:
    html = ("<h2>第三方SDK目录</h2><table><tr><th>SDK名称</th><th>使用目的</th></tr>"
            "<tr><td><script>alert(1)</script>友盟+SDK<img src=x onerror=alert(2)></td><td>统计&lt;b&gt;</td></tr></table>")
    policy = extract_html(html)
    assert [(s.name, s.sdk, s.purpose) for s in policy.sdks] == [("友盟+SDK", "umeng", "统计<b>")]


@pytest.mark.parametrize(("name", "sdk"), [("友盟+", "umeng"), ("UMeng SDK", "umeng"), ("极光推送SDK", "jpush"),
                                           ("JiGuang", "jpush"), ("个推", "getui"), ("Getui Push SDK", "getui"),
                                           ("百度地图定位SDK", "baidu-location"), ("百度地图SDK", "baidu-map"),
                                           ("Firebase Analytics", "firebase"), ("ShareSDK", "sharesdk"),
                                           ("腾讯", None), ("Metadata SDK", None), ("数美SDK", None)])
def test_names_match_the_sdk_database(name: str, sdk: str | None) -> None:
    hit = match_name(name)
    assert (hit.id if hit else None) == sdk


@pytest.fixture
def served() -> Iterator[str]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, directory=str(PAGES), **kw)

        def log_message(self, *a) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_cli_extract_url_prints_the_documented_json(served: str) -> None:
    res = CliRunner().invoke(app, ["policy", "extract", f"{served}/01_table_basic.html", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) == {"sdks", "pi", "permissions"}
    assert all(set(s) == {"name", "vendor", "purpose", "pi", "sdk"} for s in doc["sdks"])
    assert [s["sdk"] for s in doc["sdks"]] == ["umeng", "jpush", "amap", "bugly", "wechat"]
    gone = CliRunner().invoke(app, ["policy", "extract", f"{served}/missing.html"])
    assert gone.exit_code == 3 and "HTTP 404" in gone.output
