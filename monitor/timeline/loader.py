"""Build a :class:`Timeline` from plain data (YAML/JSON): rule examples, tests, hand-made timelines.

Format (all times in ms; every list optional)::

    app: com.example.app
    started_ms: 0
    ended_ms: 60000
    calls:
      - {ts: 1000, api: android.telephony.TelephonyManager.getDeviceId, category: device-id,
         stack: [com.umeng.commonsdk.UMConfigure.init, {class: com.example.app.App, method: onCreate}]}
    transitions: [{ts: 500, from: pre-consent, to: consented, ui_action: 1}]
    dialogs: [{ts: 400, kind: consent, preselected: false}]
    lifecycle: [{ts: 2000, kind: background}]
    ui_actions: [{id: 1, ts: 500, kind: tap, target: {text: Agree}}]
    marks: [{ts: 1, note: hello}]
    flows: [{ts: 1200, host: ulogs.umeng.com, scheme: https, caller: "sdk:umeng",
             matches: [{kind: android_id, encoding: base64, location: "body:$.id"}]}]
    disclosure: {third_parties: [{name: Umeng, domains: [umeng.com]}]}   # -> meta["disclosure"]
    policy: {status: ok, sdks: [{name: 友盟+, sdk: umeng}], pi: [device-id], permissions: []}  # -> meta["policy"]

A frame written as a string ``pkg.Class.method`` is split at its last dot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from monitor.errors import ConfigError
from monitor.timeline.model import Call, ConsentTransition, Dialog, Frame, Lifecycle, Mark, NetFlow, UiAction
from monitor.timeline.timeline import Timeline


def _frame(raw: Any) -> Frame:
    if isinstance(raw, str):
        cls, _, method = raw.rpartition(".")
        return Frame(cls or raw, method if cls else "")
    return Frame.of(raw)


def _call(d: dict[str, Any]) -> Call:
    api = str(d["api"])
    cls, _, method = api.rpartition(".")
    return Call(
        ts=int(d["ts"]),
        api=api,
        category=str(d.get("category", "-")),
        cls=str(d.get("class", cls)),
        method=str(d.get("method", method)),
        overload=d.get("overload"),
        pi=d.get("pi"),
        sensitive=bool(d.get("sensitive", True)),
        args=tuple(str(a) for a in d.get("args") or ()),
        ret=None if d.get("ret") is None else str(d["ret"]),
        thread=d.get("thread"),
        stack=tuple(_frame(f) for f in d.get("stack") or ()),
        seq=int(d.get("seq", 0)),
        caller=d.get("caller"),
        id=d.get("id"),
        exception=None if d.get("exception") is None else str(d["exception"]),
    )


def _flow(d: dict[str, Any]) -> NetFlow:
    scheme = str(d.get("scheme", "https"))
    return NetFlow(
        ts=int(d["ts"]), host=str(d["host"]), scheme=scheme, method=str(d.get("method", "GET")),
        port=int(d.get("port", 443 if scheme == "https" else 80)), path=str(d.get("path", "/")),
        tls=bool(d.get("tls", scheme == "https")), caller=d.get("caller"),
        matches=tuple(dict(m) for m in d.get("matches") or ()), flow_id=str(d.get("flow_id", "")),
        offline=bool(d.get("offline", False)), id=d.get("id"),
    )


def timeline_from_dict(d: dict[str, Any]) -> Timeline:
    """A Timeline from the documented mapping; KeyError/ValueError/TypeError on bad input."""
    return Timeline(
        app_package=str(d["app"]),
        calls=[_call(c) for c in d.get("calls") or ()],
        transitions=[
            ConsentTransition(
                int(t["ts"]), str(t.get("from", "unknown")), str(t["to"]), t.get("ui_action"),
                str(t.get("source", "scenario")), t.get("id"),
            )
            for t in d.get("transitions") or ()
        ],
        lifecycle=[
            Lifecycle(int(x["ts"]), str(x["kind"]), dict(x.get("data") or {}), x.get("id"))
            for x in d.get("lifecycle") or ()
        ],
        ui_actions=[
            UiAction(int(a["ts"]), str(a["kind"]), dict(a.get("target") or {}), a.get("evidence"), a.get("id"))
            for a in d.get("ui_actions") or ()
        ],
        dialogs=[
            Dialog(int(x["ts"]), str(x["kind"]), bool(x.get("preselected", False)), x.get("evidence"), x.get("id"))
            for x in d.get("dialogs") or ()
        ],
        marks=[Mark(int(m["ts"]), str(m["note"]), m.get("id")) for m in d.get("marks") or ()],
        flows=[_flow(f) for f in d.get("flows") or ()],
        started_ms=d.get("started_ms"),
        ended_ms=d.get("ended_ms"),
        meta={k: d[k] for k in ("disclosure", "policy", "status", "detection") if d.get(k)},
    )


def load_timeline_file(path: str | Path) -> Timeline:
    """Read a timeline YAML file; errors are :class:`ConfigError` naming the file."""
    from monitor.yamlbound import check_yaml, read_bounded

    p = Path(path)
    text = read_bounded(p, what="timeline", max_bytes=64 << 20)
    check_yaml(text, str(p), max_bytes=64 << 20, max_nodes=5_000_000)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ConfigError(f"not valid YAML: {getattr(e, 'problem', e)}", path=str(p), line=line) from None
    if not isinstance(data, dict):
        raise ConfigError("a timeline must be a mapping", path=str(p), line=1)
    try:
        return timeline_from_dict(data)
    except KeyError as e:
        raise ConfigError(f"missing key {e.args[0]!r}", path=str(p)) from None
    except (TypeError, ValueError) as e:
        raise ConfigError(f"bad value: {e}", path=str(p)) from None
