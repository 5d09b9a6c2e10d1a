"""I/O failures are one line and exit code 3, never a traceback; outputs are checked before any app starts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from tests.store.test_chain import _populate


@pytest.mark.parametrize(("args", "message"), [
    (["--formats", "json,bogus"], "unknown report format"),
    (["--out", "FILE"], "names a file"),
])
def test_bad_outputs_are_refused_before_the_app_starts(tmp_path: Path, monkeypatch, args, message) -> None:
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    (tmp_path / "FILE").write_text("x")
    args = [str(tmp_path / "FILE") if a == "FILE" else a for a in args]
    res = CliRunner().invoke(cli, ["run", "--app", "no-such-fixture", "--scenario", "first-launch-refuse",
                                   "--db", str(tmp_path / "p.db"), *args])
    assert res.exit_code == 2 and message in res.output, res.output
    assert not (tmp_path / "home" / "devices").exists()  # no device was even opened


@pytest.fixture
def tiny_fs(tmp_path: Path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mnt)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_is_one_line_exit_3_and_leaves_no_partial_report(tmp_path: Path, tiny_fs: Path) -> None:
    db = tmp_path / "p.db"
    run = _populate(db)
    (tiny_fs / "findings.json").write_text("{}")  # an earlier report survives a failed rewrite
    (tiny_fs / "filler").write_bytes(b"\0" * 8192)
    res = CliRunner().invoke(cli, ["report", str(run), "--db", str(db), "--out", str(tiny_fs),
                                   "--formats", "json,html"])
    assert res.exit_code == 3, res.output
    assert "No space left on device" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["filler", "findings.json"]  # no temp or half file
    assert (tiny_fs / "findings.json").read_text() == "{}" or (tiny_fs / "findings.json").read_text().startswith("{")
    res = CliRunner().invoke(cli, ["verify", str(run), "--db", str(db)])
    assert res.exit_code == 0, res.output  # the stored run is untouched
