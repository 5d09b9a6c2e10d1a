"""The agent's bytecode cache (monitor/instrument/compiled.py): pure parts, then real Frida on real JVMs."""

from __future__ import annotations

from monitor.instrument.compiled import cache_dir, cache_name, pack, read_cached, unpack, write_cached
from monitor.instrument.session import InstrumentationSession
from tests.instrument.conftest import JavaApp
from tests.instrument.test_session import CATALOG, TM, Recorder


def test_cache_name_changes_with_everything_the_bytes_depend_on():
    base = cache_name("src", None, "local", "17.0.0")
    assert base != cache_name("src2", None, "local", "17.0.0")
    assert base != cache_name("src", "v8", "local", "17.0.0")
    assert base != cache_name("src", None, "usb-1", "17.0.0")
    assert base != cache_name("src", None, "local", "17.0.1")
    assert "/" not in cache_name("src", None, "../../etc/x", "17")


def test_cache_dir_follows_pimon_home(monkeypatch, tmp_path):
    monkeypatch.setenv("PIMON_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "cache" / "agent"
    monkeypatch.delenv("PIMON_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "pimon" / "agent"


def test_pack_round_trips_and_any_damage_is_detected():
    blob = pack(b"\x05bytecode")
    assert unpack(blob) == b"\x05bytecode"
    assert unpack(blob[:-1]) is None  # truncated
    assert unpack(blob[:-1] + b"X") is None  # a flipped byte
    assert unpack(b"") is None and unpack(b"PIMON-AGENT-QJS 1\n") is None
    assert unpack(b"\x05bytecode") is None  # not one of ours


def test_write_is_atomic_and_failures_are_not_errors(tmp_path):
    path = tmp_path / "d" / "a.qjsbc"
    write_cached(path, b"code")
    assert read_cached(path) == b"code" and [p.name for p in path.parent.iterdir()] == ["a.qjsbc"]
    (tmp_path / "file").write_text("x")
    write_cached(tmp_path / "file" / "a.qjsbc", b"code")  # its parent is a file: logged, not raised
    assert read_cached(tmp_path / "missing.qjsbc") is None


def _load_and_record_imei(frida_device, app: JavaApp) -> tuple[str, Recorder]:
    rec = Recorder()
    session = InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end)
    session.attach(app.pid)
    try:
        session.load(timeout=20)
        app.cmd("imei")
        session.flush()
        return session.agent_code, rec
    finally:
        session.close()


def test_second_session_loads_cached_bytecode_and_a_bad_cache_is_rewritten(
        agent_js, java_classes, java_app, frida_device, tmp_path, monkeypatch):
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    how, rec = _load_and_record_imei(frida_device, java_app)
    # a cold cache: the source now, the bytecode compiled after ready (close() waits for it)
    assert how == "source" and [e.api for e in rec.events] == [f"{TM}.getImei"]
    (cached,) = (tmp_path / "home" / "cache" / "agent").iterdir()
    assert unpack(cached.read_bytes())

    apps = []
    try:
        # cached bytes; then bytecode frida rejects (intact digest) and a damaged file (digest mismatch)
        for i, damage in enumerate([None, pack(b"\x05not bytecode, valid digest"), cached.read_bytes()[:-9] + b"x"]):
            if damage is not None:
                cached.write_bytes(damage)
            apps.append(JavaApp(java_classes, tmp_path / f"jvm{i}"))
            how, rec = _load_and_record_imei(frida_device, apps[-1])
            assert [e.api for e in rec.events] == [f"{TM}.getImei"], how
            assert how == ("cached" if damage is None else "source")
            assert unpack(cached.read_bytes()) is not None  # rewritten
    finally:
        for app in apps:
            app.kill()
