"""After a suite: new/fixed findings to chat bots (DingTalk, WeCom/企业微信, Feishu/Lark) and e-mail (SMTP).

Targets (``pimon suite run --notify TARGET``, repeatable; ``pimon notify OUT_DIR --to TARGET``):

* ``dingtalk:https://oapi.dingtalk.com/robot/send?access_token=…`` — secret (加签) from ``$PIMON_DINGTALK_SECRET``
* ``wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``
* ``feishu:https://open.feishu.cn/open-apis/bot/v2/hook/…`` (or ``lark:``) — secret from ``$PIMON_FEISHU_SECRET``
* ``smtp://user@host:587/?from=pimon@lab&to=a@x,b@y`` (STARTTLS when offered; ``smtps://`` for TLS; password
  from ``$PIMON_SMTP_PASSWORD``)

The message comes from the suite's ``summary.json`` (its ``diff`` against the previous run) and ``diff.json``.
"""

from __future__ import annotations

from monitor.notify.message import Message, message_from_report
from monitor.notify.send import NotifyError, notify_suite, send

__all__ = ["Message", "NotifyError", "message_from_report", "notify_suite", "send"]
