"""Notifications against local servers that check what they receive the way the real services do:
DingTalk (加签), WeCom and Feishu/Lark (签名校验) webhooks on a local http.server, e-mail on aiosmtpd."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.errors import ConfigError
from monitor.notify import NotifyError, message_from_report, notify_suite, send
from monitor.rules.finding import Finding
from monitor.run import RunResult
from monitor.runner import PlannedRun, write_suite_report
from monitor.store import open_store
from monitor.store.suites import create_suite_run

SECRET = "SEC0123456789abcdef"
EVIL_API = "[click me](http://evil.example/x) <img src=x onerror=alert(1)> # head\u202e"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two runs of a suite: the second has one new (hostile) finding and one fixed."""
    tmp = tmp_path_factory.mktemp("suite")
    store = open_store(tmp / "p.db")

    def f(api: str, rule: str = "PI-6.3-BEFORE-CONSENT") -> Finding:
        return Finding(rule=rule, article="6(3)", severity="high", api=api, category="device-id", caller="sdk:umeng",
                       phase="unknown", count=1, first_ms=1, last_ms=2, message="m")

    def suite(fs: list[Finding], started: int, out: Path) -> None:
        sid = create_suite_run(store, "nightly", started_ms=started)
        run = store.create_run("com.example.eagersdk", scenario="first-launch-refuse", started_ms=started,
                               suite_run_id=sid)
        store.finish_run(run, "completed")
        store.replace_findings(run, fs)
        planned = PlannedRun("eager-sdk", type("S", (), {"name": "first-launch-refuse"})(), "emulator", {}, "nightly")
        write_suite_report(store, out, [(planned, RunResult(run, "completed", None, store.get_findings(run)))], sid)

    suite([f("android.telephony.TelephonyManager.getDeviceId"), f("android.net.wifi.WifiInfo.getMacAddress")], 1000,
          tmp / "n1")
    suite([f("android.telephony.TelephonyManager.getDeviceId"), f(EVIL_API)], 2000, tmp / "n2")
    return tmp / "n2"


class Hook:
    """A local webhook: records each request; answers ``answer`` (JSON)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                u = urllib.parse.urlsplit(self.path)
                hook.requests.append({"path": u.path, "query": dict(urllib.parse.parse_qsl(u.query)),
                                      "type": self.headers["Content-Type"], "json": json.loads(body)})
                out = json.dumps(hook.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.server.shutdown()
    h.server.server_close()


def test_message_from_the_suite_diff(report_dir: Path) -> None:
    m = message_from_report(report_dir, "https://ci.example/nightly/index.html")
    assert m.title == "pimon nightly: 1 new, 1 fixed"
    assert [i.api for i in m.new] == [EVIL_API] and m.fixed[0].api.endswith("getMacAddress")
    text, mdown, html = m.text(), m.markdown(), m.html()
    assert "\u202e" not in text + mdown + html
    assert "](http://evil" not in mdown and "\\[click me\\]\\(http://evil" in mdown  # no link from app strings
    assert "<img" not in html and "&lt;img" in html
    with pytest.raises(ConfigError):
        message_from_report(report_dir.parent)  # not a suite report directory


def test_dingtalk_signed_markdown(hook: Hook, report_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIMON_DINGTALK_SECRET", SECRET)
    send(f"dingtalk:{hook.url}/robot/send?access_token=tok", message_from_report(report_dir))
    [r] = hook.requests
    q = r["query"]
    assert r["path"] == "/robot/send" and q["access_token"] == "tok" and r["type"].startswith("application/json")
    # what DingTalk checks: timestamp within an hour, sign = base64(HMAC-SHA256(secret, "ts\nsecret"))
    ts = int(q["timestamp"])
    assert abs(ts - time.time() * 1000) < 3600_000
    want = base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()).decode()
    assert q["sign"] == want
    body = r["json"]
    assert body["msgtype"] == "markdown" and body["markdown"]["title"].startswith("pimon nightly")
    assert "1 new" in body["markdown"]["text"] and "getMacAddress" in body["markdown"]["text"]


def test_wecom_markdown_within_its_size_limit(hook: Hook, report_dir: Path) -> None:
    send(f"wecom:{hook.url}/cgi-bin/webhook/send?key=K", message_from_report(report_dir))
    [r] = hook.requests
    assert r["query"] == {"key": "K"} and r["json"]["msgtype"] == "markdown"
    content = r["json"]["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096 and "Fixed (1)" in content


def test_feishu_signed_post(hook: Hook, report_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIMON_FEISHU_SECRET", SECRET)
    hook.answer = {"code": 0, "msg": "success", "data": {}}
    m = message_from_report(report_dir, "https://ci.example/index.html")
    send(f"feishu:{hook.url}/open-apis/bot/v2/hook/abc", m)
    body = hook.requests[0]["json"]
    ts = int(body["timestamp"])
    assert abs(ts - time.time()) < 3600
    want = base64.b64encode(hmac.new(f"{ts}\n{SECRET}".encode(), b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == want and body["msg_type"] == "post"
    post = body["content"]["post"]["zh_cn"]
    assert post["title"] == "pimon nightly: 1 new, 1 fixed"
    assert post["content"][-1] == [{"tag": "a", "text": "report", "href": "https://ci.example/index.html"}]


@pytest.mark.parametrize(("kind", "answer"), [("dingtalk", {"errcode": 310000, "errmsg": "sign not match"}),
                                              ("feishu", {"code": 19021, "msg": "sign match fail"})])
def test_a_refusing_bot_is_an_error_naming_it(hook: Hook, report_dir: Path, kind: str, answer: dict) -> None:
    hook.answer = answer
    with pytest.raises(NotifyError) as e:
        send(f"{kind}:{hook.url}/hook?access_token=secret-token", message_from_report(report_dir))
    assert str(answer.get("errmsg") or answer.get("msg")) in str(e.value) and "secret-token" not in str(e.value)


def test_smtp_mail_with_text_and_escaped_html(report_dir: Path) -> None:
    from aiosmtpd.controller import Controller

    from tests.fleet.conftest import free_port

    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            got.append(envelope)
            return "250 OK"

    ctl = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        send(f"smtp://127.0.0.1:{ctl.port}/?from=pimon@lab.example&to=qa@lab.example,dev@lab.example",
             message_from_report(report_dir, "https://ci.example/i.html"))
    finally:
        ctl.stop()
    [env] = got
    assert env.mail_from == "pimon@lab.example" and env.rcpt_tos == ["qa@lab.example", "dev@lab.example"]
    mail = message_from_bytes(env.content, policy=policy.default)
    assert mail["Subject"] == "pimon nightly: 1 new, 1 fixed"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "getMacAddress" in text and "https://ci.example/i.html" in text
    assert "<img" not in html and "&lt;img src=x" in html


def test_cli_notify_tries_every_target_and_fails_on_a_bad_one(hook: Hook, report_dir: Path) -> None:
    r = CliRunner().invoke(app, ["notify", str(report_dir), "--to", "pager:http://x", "--to",
                                 f"wecom:{hook.url}/send?key=K"])
    assert r.exit_code == 2 and "unknown notify target kind 'pager'" in r.output
    assert len(hook.requests) == 1  # the good target was still notified
    r = CliRunner().invoke(app, ["notify", str(report_dir), "--to", f"wecom:{hook.url}/send?key=K"])
    assert r.exit_code == 0 and "notified: wecom bot" in r.output
    with pytest.raises(ConfigError):
        notify_suite(["smtp://127.0.0.1:1/?to=a@b"], report_dir)  # no from=
