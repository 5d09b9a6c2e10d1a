"""The run's PI values from the device profile and from hooked calls' return values."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.traffic.matcher import Matcher
from monitor.traffic.values import event_values, profile_values, run_values
from monitor.traffic.variants import PiValue

PROFILE = {
    "seed": "pimon", "imei.0": "861234567890123", "android_id": "9774d56d682e549c",
    "wifi.mac": "02:1a:11:f0:3c:8d", "line1_number": "+8613812345678", "wifi.rssi": "-52",
    "location.latitude": "39.9087", "location.longitude": "116.3975",
    "packages": "com.tencent.mm|微信|8.0.43|2480;com.example.app|Example|1.0|1",
    "contacts": "张伟|+8613912345678;Alice Smith|+14155550123",
    "bluetooth.bonded": "AirDots 3|44:D8:84:12:34:56", "clipboard.text": "验证码 482913，5分钟内有效",
}  # fmt: skip


def test_profile_values_cover_identifiers_lists_and_location():
    got = set(profile_values(PROFILE))
    assert {
        PiValue("imei", "861234567890123"), PiValue("mac", "02:1a:11:f0:3c:8d"),
        PiValue("phone-number", "+8613812345678"), PiValue("location", "39.9087,116.3975"),
        PiValue("installed-packages", "com.tencent.mm"), PiValue("contacts", "张伟"),
        PiValue("contacts", "+14155550123"), PiValue("bluetooth-mac", "44:D8:84:12:34:56"),
        PiValue("clipboard", "验证码 482913，5分钟内有效"),
    } <= got  # fmt: skip
    assert not any(v.value in ("pimon", "-52", "微信", "8.0.43") for v in got)


@dataclass
class Ev:
    pi: str | None
    ret: str | None


def test_event_values_keep_whole_identifiers_only():
    events = [
        {"pi": "imei", "ret": "867530012345678"}, Ev("oaid", "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
        {"pi": "mac", "ret": "02:00:00:00:00:00"}, {"pi": "imei", "ret": "null"}, {"pi": "imei", "ret": None},
        {"pi": "android_id", "ret": "x" * 512}, {"pi": "audio", "ret": "speaker-on"},
        Ev("location", "Location[gps 39.908712,116.397534 hAcc=8.0 et=0]"),
    ]  # fmt: skip
    assert event_values(events) == [
        PiValue("imei", "867530012345678"), PiValue("oaid", "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
        PiValue("location", "39.908712,116.397534"),
    ]  # fmt: skip


def test_run_values_dedupe_and_exclude_the_app_itself():
    vals = run_values([{"pi": "imei", "ret": "861234567890123"}], PROFILE, exclude={"com.example.app"})
    assert sum(v.kind == "imei" for v in vals) == 1
    assert PiValue("installed-packages", "com.example.app") not in vals


def test_catalog_kinds_get_the_right_forms():
    m = Matcher(run_values(profile=PROFILE))
    kinds = {x.kind for x in m.search(b"bt=44d884123456&tel=13812345678&lat=39.909")}
    assert kinds == {"bluetooth-mac", "phone-number", "location"}
