"""``pimon ui detect`` / ``pimon ui check`` through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from monitor.cli.ui_cmd import register
from monitor.paths import SCENARIOS_DIR

DUMPS = Path(__file__).parent / "dumps"
BROKEN = Path(__file__).parent / "broken"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, as the real pimon app is
        pass

    register(app)
    return app


def test_detect_prints_the_contract_json():
    r = CliRunner().invoke(_app(), ["ui", "detect", str(DUMPS / "cn_bottom_sheet.xml")])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["dialog"] is True
    assert out["agree"]["text"] == "同意" and out["agree"]["bounds"] == [560, 1620, 1020, 1740]
    assert out["refuse"]["text"] == "暂不使用"
    assert "permission" not in out


def test_detect_negative_and_permission():
    r = CliRunner().invoke(_app(), ["ui", "detect", "--permission", str(DUMPS / "perm_android11_location.xml")])
    out = json.loads(r.output)
    assert out["dialog"] is False and out["agree"] is None and out["refuse"] is None
    assert out["permission"]["deny"]["text"] == "Don’t allow"


def test_detect_errors_are_one_line_exit_2(tmp_path: Path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<hierarchy><node", encoding="utf-8")
    for path in (bad, tmp_path / "missing.xml"):
        r = CliRunner().invoke(_app(), ["ui", "detect", str(path)])
        assert r.exit_code == 2
        assert r.output.count("\n") == 1 and r.output.startswith(f"error: {path}")
        assert "Traceback" not in r.output


def test_check():
    ok = CliRunner().invoke(_app(), ["ui", "check", str(SCENARIOS_DIR / "demo.suite.yaml"), "first-launch-refuse"])
    assert ok.exit_code == 0, ok.output
    r = CliRunner().invoke(_app(), ["ui", "check", str(BROKEN / "unknown-step.yaml")])
    assert r.exit_code == 2
    assert f"{BROKEN / 'unknown-step.yaml'}:6: steps[2]: unknown key 'lanch'" in r.output


def test_detect_reads_stdin():
    xml = (DUMPS / "en_cookie_banner.xml").read_text(encoding="utf-8")
    r = CliRunner().invoke(_app(), ["ui", "detect", "-"], input=xml)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["agree"]["text"] == "Accept all"
