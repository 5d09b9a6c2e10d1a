"""The terminal side of issue 13: `pimon scenarios`, `pimon scenario check`, `pimon rules` in words and languages,
`pimon report --lang`, and the exit code of --fail-on (default high, `none` opts out, assisted findings never)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from monitor.cli.main import DEFAULT_FAIL_ON, _check_fail_on, _exit_code, app
from monitor.rules.finding import Finding
from monitor.store import open_store

runner = CliRunner()


def test_scenarios_lists_builtins_and_suites_with_their_articles() -> None:
    res = runner.invoke(app, ["scenarios", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = {(r["kind"], r["name"]): r for r in json.loads(res.output)}
    assert rows[("scenario", "first-launch-refuse")]["articles"] == ["6(2)", "6(3)", "7(1)", "7(3)"]
    assert ("suite", "demo") in rows and "6(3)" in rows[("suite", "standard")]["articles"]


def test_scenario_check_validates_with_file_and_line(tmp_path: Path) -> None:
    good = Path(__file__).resolve().parents[2] / "scenarios" / "first-launch-agree.yaml"
    res = runner.invoke(app, ["scenario", "check", str(good)])
    assert res.exit_code == 0 and "ok (scenario first-launch-agree)" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - launch: {cold: yes}\n  - tapp: {text: 同意}\n", encoding="utf-8")
    res = runner.invoke(app, ["scenario", "check", str(bad)])
    assert res.exit_code == 2 and f"{bad}:4" in res.output


def test_rules_in_words_in_both_languages() -> None:
    zh = runner.invoke(app, ["rules", "--lang", "zh-CN"])
    assert zh.exit_code == 0 and "用户同意前读取个人信息。" in zh.output and "第 6(3) 条" in zh.output
    en = runner.invoke(app, ["rules", "--lang", "en"])
    assert "Personal information read before the user consented." in en.output
    assert "``" not in en.output and "monitor/" not in en.output  # prose, not reStructuredText or source paths
    bad = runner.invoke(app, ["rules", "--lang", "fr"])
    assert bad.exit_code == 2 and "unknown report language" in bad.output


def test_report_command_writes_the_chosen_language(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.app", started_ms=0)
    store.finish_run(run, "completed", ended_ms=1000)
    store.close()
    res = runner.invoke(app, ["report", str(run), "--db", str(tmp_path / "p.db"), "--out", str(tmp_path / "o"),
                              "--formats", "html", "--lang", "zh-CN"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "逐条结论" in html
    res = runner.invoke(app, ["report", str(run), "--db", str(tmp_path / "p.db"), "--out", str(tmp_path / "o"),
                              "--formats", "html,docx"])
    assert res.exit_code == 2 and "unknown report format" in res.output


@dataclass
class Result:
    findings: list[Any] = field(default_factory=list)
    status: str = "completed"


def _f(severity: str, kind: str = "auto") -> Finding:
    return Finding(rule="PI-6.3-BEFORE-CONSENT", article="6(3)", severity=severity, api="a.B.c", category="device-id",
                   caller="app", phase="unknown", count=1, first_ms=0, last_ms=0, message="m", kind=kind)


def test_fail_on_defaults_to_high_and_none_opts_out() -> None:
    assert DEFAULT_FAIL_ON == "high" and _check_fail_on("none") is None
    floor = _check_fail_on(DEFAULT_FAIL_ON)
    assert _exit_code([Result([_f("high")])], floor) == 1
    assert _exit_code([Result([_f("medium")])], floor) == 0
    assert _exit_code([Result([_f("critical", kind="assisted")])], floor) == 0  # a reviewer decides
    assert _exit_code([Result([_f("critical")])], None) == 0
    assert _exit_code([Result([], status="app-crashed")], None) == 3
    assert "default high" in runner.invoke(app, ["run", "--help"]).output
