"""Value-matcher throughput: one Aho-Corasick pass vs a naive ``pattern in body`` per variant.

Bodies of mixed sizes (1 KB … 1 MB; JSON, form, binary; a third gzip-compressed), ~40 PI values of
a realistic run with all their forms and encodings. Both searches run on the same decoded bytes in
the same run; the full pipeline (decompression + JSON/form parsing + search) is reported too.
Times are CPU seconds of this process (best of 3), so other load on the machine does not skew them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import time
from urllib.parse import urlencode

from monitor.traffic.matcher import Matcher
from monitor.traffic.payload import decompress

SIZES = (1024, 4096, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024)
REPEAT = 3


def realistic_values() -> dict[str, list[str]]:
    rnd = random.Random(7)
    hexid = lambda n: "".join(rnd.choice("0123456789abcdef") for _ in range(n))
    return {
        "imei": ["867530012345678", "861234567890123"],
        "meid": ["A1000012345678"],
        "imsi": ["460001234567890"],
        "iccid": ["89860012345678901234"],
        "serial": ["R58M12ABCDE"],
        "android_id": [hexid(16)],
        "oaid": ["6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c"],
        "gaid": ["38400000-8cf0-11bd-b23e-10b96e40000d"],
        "mac": ["02:00:00:aa:bb:cc"],
        "bt_mac": ["44:d8:84:12:34:56"],
        "bssid": ["c8:3a:35:0d:1e:2f"],
        "phone": ["+8613800138000"],
        "email": ["zhang.san@example.com"],
        "device_name": ["Zhang San's Xiaomi 13"],
        "wifi_ip": ["192.168.31.107"],
        "location": ["39.904211,116.407368"],
        "ssid": ["ChinaNet-5G-HOME"],
        "clipboard": ["邀请码 XK29-77QP 复制打开"],
        "package": [f"com.{v}.{a}" for v, a in [
            ("tencent", "mm"), ("eg.android", "AlipayGphone"), ("ss.android.ugc", "aweme"), ("sina", "weibo"),
            ("taobao", "taobao"), ("jingdong", "app.mall"), ("xunmeng", "pinduoduo"), ("baidu", "searchbox"),
            ("netease", "cloudmusic"), ("tencent", "mobileqq"), ("smile", "gifmaker"), ("autonavi", "minimap"),
        ]],
        "contact": ["张三", "李四", "王小明", "Maria Garcia", "John Smith", "陈静", "刘洋", "赵磊"],
    }


def _body(kind: str, size: int, rnd: random.Random, leak: str | None) -> bytes:
    if kind == "json":
        items = [{"ev": rnd.choice(["click", "show", "pv"]), "ts": rnd.getrandbits(40),
                  "p": {"k": hashlib.sha1(rnd.randbytes(8)).hexdigest(), "n": rnd.random()}}
                 for _ in range(size // 100 + 1)]  # fmt: skip
        if leak:
            items.insert(min(3, len(items)), {"did": leak})
        return json.dumps({"events": items}).encode()
    if kind == "form":
        pairs = [(f"k{i}", hashlib.md5(rnd.randbytes(4)).hexdigest()) for i in range(size // 40 + 1)]
        if leak:
            pairs.insert(2, ("uid", leak))
        return urlencode(pairs).encode()[: max(size, 200)]
    data = bytearray(rnd.randbytes(size))
    if leak:
        data[size // 2 : size // 2] = leak.encode()
    return bytes(data)


def corpus() -> list[tuple[bytes, str, str | None]]:
    rnd, leaks = random.Random(42), ["867530012345678", "02:00:00:AA:BB:CC", None, None, "com.tencent.mm"]
    out = []
    for size in SIZES:
        for kind, ctype in (("json", "application/json"), ("form", "application/x-www-form-urlencoded"),
                            ("bin", "application/octet-stream")):  # fmt: skip
            for variant in range(2 if size >= 256 * 1024 else 4):
                body = _body(kind, size, rnd, rnd.choice(leaks))
                gz = variant % 3 == 0
                out.append((gzip.compress(body) if gz else body, ctype, "gzip" if gz else None))
    return out


def _timed(fn) -> float:
    """Best of REPEAT runs, in CPU seconds of this process (the bench machine is shared)."""
    best = float("inf")
    for _ in range(REPEAT):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def run() -> dict[str, dict]:
    matcher = Matcher(realistic_values())
    bodies = corpus()
    wire = sum(len(b) for b, _, _ in bodies)
    decoded = [decompress(b, enc)[0] for b, _, enc in bodies]
    plain_mb = sum(len(d) for d in decoded) / 1e6
    patterns = sorted({v.pattern for v in matcher.variants})

    found_ac = [bool(matcher.search(d)) for d in decoded]
    found_naive = [any(p in d for p in patterns) for d in decoded]
    assert found_ac == found_naive, "matcher and naive search disagree"

    t_ac = _timed(lambda: [matcher.search(d) for d in decoded])
    t_naive = _timed(lambda: [[p in d for p in patterns] for d in decoded])
    t_full = _timed(lambda: [matcher.scan_body(b, c, e) for b, c, e in bodies])
    return {
        "traffic.matcher.values": {"value": float(len(matcher.values)), "unit": "values"},
        "traffic.matcher.patterns": {"value": float(matcher.pattern_count), "unit": "patterns"},
        "traffic.matcher.corpus": {"value": plain_mb, "unit": f"MB (decoded, {len(bodies)} bodies)"},
        "traffic.matcher.search_throughput": {"value": plain_mb / t_ac, "unit": "MB/s (CPU)"},
        "traffic.naive.search_throughput": {"value": plain_mb / t_naive, "unit": "MB/s (CPU)"},
        "traffic.matcher.speedup_vs_naive": {"value": t_naive / t_ac, "unit": "x"},
        "traffic.matcher.full_scan_throughput": {"value": wire / 1e6 / t_full, "unit": "MB/s (CPU; wire bytes, incl. gunzip+parse)"},
    }


if __name__ == "__main__":
    for name, fig in run().items():
        print(f"{name:<42} {fig['value']:>12,.2f} {fig['unit']}")
