"""The Exodus cross-check of the SDK database (monitor/sdk/crosscheck.py) on a small list written here in the
Exodus API's format (the real list is not shipped: no network, no registry package carries it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.sdk.crosscheck import (
    check,
    main,
    parse_exodus,
    signature_hosts,
    signature_prefixes,
    stale_sources,
)
from monitor.sdk.db import load

SAMPLE = {"trackers": {
    "119": {"id": 119, "name": "Umeng Analytics", "code_signature": "com.umeng.analytics.|com\\.umeng\\.commonsdk\\.",
            "network_signature": "umeng\\.com|\\.umeng\\.co", "website": "https://www.umeng.com"},
    "900001": {"id": 900001, "name": "Umeng plus a stranger", "code_signature": "com.umeng.|org.example.stranger.",
               "network_signature": "", "website": ""},
    "900002": {"id": 900002, "name": "Nobody's", "code_signature": "^net.example.nobody$|com.example.(a|b).",
               "network_signature": "nobody\\.example", "website": ""},
    "900003": {"id": 900003, "name": "Network only", "code_signature": "", "network_signature": "only\\.example"},
}}


def test_signatures_become_package_prefixes_and_host_suffixes() -> None:
    assert signature_prefixes("com.umeng.|com\\.uc\\.crashsdk\\.|^cn.jpush.android$") == (
        "com.umeng.", "com.uc.crashsdk.", "cn.jpush.android.")
    assert signature_prefixes("com.example.(a|b).|.*") == ()  # regex parts are not prefixes
    assert signature_hosts("umeng\\.com|\\.umeng\\.co|.*\\.ads\\.|") == ("umeng.com", "umeng.co")


def test_each_tracker_is_covered_partial_or_missing_against_the_database() -> None:
    db = load()
    checks = {c.tracker.key: c for c in check(db, parse_exodus(SAMPLE))}
    assert checks["119"].status == "covered" and set(checks["119"].owners.values()) == {"umeng"}
    assert (checks["900001"].status, checks["900001"].unowned) == ("partial", ("org.example.stranger.",))
    assert (checks["900002"].status, checks["900002"].unowned) == ("missing", ("net.example.nobody.",))
    assert checks["900003"].status == "no-code-signature"


def test_database_sources_citing_ids_absent_from_the_list_are_stale() -> None:
    stale = stale_sources(load(), parse_exodus(SAMPLE))
    assert ("umeng", "exodus:119") not in stale
    assert ("umeng", "exodus:120") in stale  # the sample has no tracker 120
    assert all(ref.startswith("exodus:") for _, ref in stale)


def test_command_prints_the_missing_ones_and_rejects_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "trackers.json"
    good.write_text(json.dumps(SAMPLE), encoding="utf-8")
    assert main([str(good), "--missing-only"]) == 0
    out = capsys.readouterr().out
    assert "missing   exodus:900002 \"Nobody's\"" in out and "partial   exodus:900001" in out
    assert "exodus:119 " not in out.split("total:")[0]  # covered: not listed with --missing-only
    assert "total: 1 missing, 1 partial, 1 covered, 1 no-code-signature" in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"trackers": [1, 2]}', encoding="utf-8")
    assert main([str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {bad}: not an Exodus tracker list")
