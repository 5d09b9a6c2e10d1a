"""Sending: the bots' webhook formats and signing, and SMTP. One ``send(target, message)`` per target."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError, PimonError
from monitor.notify.message import Message, message_from_report
from monitor.textsafe import escape

TIMEOUT = 15.0
WECOM_MAX = 4096  # bytes of markdown.content


class NotifyError(PimonError):
    """A notification could not be delivered (the message says to whom and why)."""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk 加签: base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark 签名校验: base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _post(url: str, body: dict[str, Any], what: str) -> dict[str, Any]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json; charset=utf-8"})
    shown = url.split("?")[0]
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            raw = r.read(1_000_000)
    except urllib.error.HTTPError as e:
        raise NotifyError(f"{what} {shown}: HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        raise NotifyError(f"{what} {shown}: {getattr(e, 'reason', e)}") from None
    try:
        answer = json.loads(raw or b"{}")
    except json.JSONDecodeError:
        raise NotifyError(f"{what} {shown}: answer is not JSON") from None
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, None):
        msg = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
        raise NotifyError(f"{what} {shown}: error {code}: {msg}")
    return answer


def send_dingtalk(url: str, message: Message, secret: str | None = None, *, now_ms: int | None = None) -> None:
    if secret:
        ts = now_ms if now_ms is not None else int(time.time() * 1000)
        url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={dingtalk_sign(secret, ts)}"
    _post(url, {"msgtype": "markdown", "markdown": {"title": message.title[:64], "text": message.markdown()}},
          "DingTalk")


def send_wecom(url: str, message: Message) -> None:
    content = message.markdown().encode("utf-8")[:WECOM_MAX].decode("utf-8", "ignore")
    _post(url, {"msgtype": "markdown", "markdown": {"content": content}}, "WeCom")


def send_feishu(url: str, message: Message, secret: str | None = None, *, now_s: int | None = None) -> None:
    lines = [[{"tag": "text", "text": ln}] for ln in message.text().split("\n")[2:] if ln]
    if message.report_url:
        lines = [ln for ln in lines if not ln[0]["text"].startswith("report: ")]
        lines.append([{"tag": "a", "text": "report", "href": message.report_url}])
    body: dict[str, Any] = {"msg_type": "post",
                            "content": {"post": {"zh_cn": {"title": message.title, "content": lines}}}}
    if secret:
        ts = now_s if now_s is not None else int(time.time())
        body = {"timestamp": str(ts), "sign": feishu_sign(secret, ts), **body}
    _post(url, body, "Feishu")


def send_smtp(target: str, message: Message, password: str | None = None) -> None:
    """``smtp://[user@]host[:port]/?from=ADDR&to=A,B`` (STARTTLS if offered) or ``smtps://`` (TLS)."""
    u = urllib.parse.urlsplit(target)
    q = urllib.parse.parse_qs(u.query)
    sender, to = (q.get("from") or [""])[0], [a for v in q.get("to", []) for a in v.split(",") if a]
    if not u.hostname or not sender or not to:
        raise ConfigError(f"{u.scheme}://{u.hostname or '?'}: want smtp://[user@]host[:port]/?from=ADDR&to=ADDR[,ADDR]")
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = message.title, sender, ", ".join(to)
    msg.set_content(message.text())
    msg.add_alternative(message.html(), subtype="html")
    port = u.port or (465 if u.scheme == "smtps" else 25)
    try:
        if u.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(u.hostname, port, timeout=TIMEOUT,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(u.hostname, port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if u.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if u.username:
                client.login(urllib.parse.unquote(u.username),
                             password or urllib.parse.unquote(u.password or "") or os.environ.get("PIMON_SMTP_PASSWORD", ""))
            client.send_message(msg)
    except (smtplib.SMTPException, OSError) as e:
        raise NotifyError(f"SMTP {u.hostname}:{port}: {e}") from None


def send(target: str, message: Message) -> str:
    """Send ``message`` to one target (module doc of ``monitor.notify``); returns a short description."""
    kind, _, rest = target.partition(":")
    if kind in ("smtp", "smtps"):
        send_smtp(target, message)
        return f"e-mail via {urllib.parse.urlsplit(target).hostname}"
    if not rest.startswith(("http://", "https://")):
        raise ConfigError(f"notify target {target.split('?')[0]!r}: want dingtalk:URL, wecom:URL, feishu:URL, "
                          "lark:URL or smtp://…")
    if kind == "dingtalk":
        send_dingtalk(rest, message, os.environ.get("PIMON_DINGTALK_SECRET"))
    elif kind == "wecom":
        send_wecom(rest, message)
    elif kind in ("feishu", "lark"):
        send_feishu(rest, message, os.environ.get("PIMON_FEISHU_SECRET"))
    else:
        raise ConfigError(f"unknown notify target kind {kind!r} (dingtalk, wecom, feishu, lark, smtp, smtps)")
    return f"{kind} bot"


def notify_suite(targets: Sequence[str], out_dir: Path, *, report_url: str | None = None, console: Any = None) -> None:
    """Send the suite report's message to every target; every target is tried, then the first failure is raised."""
    message = message_from_report(out_dir, report_url)
    errors: list[PimonError] = []
    for t in targets:
        try:
            what = send(t, message)
            if console is not None:
                console.print(f"notified: {escape(what)}")
        except PimonError as e:
            errors.append(e)
            if console is not None:
                console.print(f"[red]notify failed:[/red] {escape(str(e))}")
    if errors:
        raise errors[0]
