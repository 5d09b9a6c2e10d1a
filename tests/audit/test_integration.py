"""The documented integration of ``pimon sdk audit`` without ``--init`` (monitor/audit/integration.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from monitor.audit.integration import documented, owner_of
from monitor.errors import ConfigError
from monitor.sdk.db import load


def _jar(path: Path, *classes: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for c in classes:
            zf.writestr(c.replace(".", "/") + ".class", b"")  # names are all the matching reads
        zf.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    return path


def test_the_sdk_owning_most_classes_is_the_jars_sdk() -> None:
    db = load()
    # JCore's jar carries a few cn.jpush.* service classes: its SDK is still jiguang-core
    assert owner_of(["cn.jiguang.a.B", "cn.jiguang.c.D", "cn.jpush.android.service.PushService"], db) == \
        "jiguang-core"
    assert owner_of(["a.b.C", "org.example.D"], db) is None


def test_entry_points_and_keys_come_from_the_database_in_file_order(tmp_path: Path) -> None:
    wx = _jar(tmp_path / "wx.jar", "com.tencent.mm.opensdk.openapi.WXAPIFactory")
    jc = _jar(tmp_path / "jc.jar", "cn.jiguang.api.JCoreInterface", "cn.jiguang.api.utils.JCollectionAuth")
    doc = documented([wx, jc], keys=[("JPUSH_APPKEY", "given-key"), ("EXTRA", "x")])
    assert doc.sdks == ("wechat", "jiguang-core")
    db = load()
    assert doc.inits == db.get("wechat").integration.init + db.get("jiguang-core").integration.init
    assert doc.pre_inits == ("cn.jiguang.api.utils.JCollectionAuth.setAuth(context, false)",)
    keys = dict(doc.keys)
    assert keys["JPUSH_APPKEY"] == "given-key" and keys["EXTRA"] == "x"  # --key overrides the placeholder
    assert keys["WX_APPID"] == db.get("wechat").integration.keys["WX_APPID"]
    assert all(ref in doc.sources for ref in db.get("jiguang-core").source["integration"])


def test_no_documented_integration_asks_for_init(tmp_path: Path) -> None:
    plain = _jar(tmp_path / "plain.jar", "org.example.Sdk")
    with pytest.raises(ConfigError, match=r"no SDK of the database recognised in them\): give --init"):
        documented([plain])
    umeng = _jar(tmp_path / "umeng.jar", "com.umeng.commonsdk.UMConfigure")
    with pytest.raises(ConfigError, match=r"\(recognised: umeng\): give --init"):
        documented([umeng])


def test_cli_without_init_names_the_files_and_asks_for_it(tmp_path: Path) -> None:
    """`pimon sdk audit` without --init on a jar the database documents nothing for: a one-line error, exit 2,
    before any device starts."""
    from typer.testing import CliRunner

    from monitor.cli.main import app

    plain = _jar(tmp_path / "plain.jar", "org.example.Sdk")
    r = CliRunner().invoke(app, ["sdk", "audit", str(plain), "--out", str(tmp_path / "out"),
                                 "--db", str(tmp_path / "pimon.db")])
    assert r.exit_code == 2, r.output
    assert "no --init given" in r.output and "give --init" in r.output
    assert not (tmp_path / "out").exists()
