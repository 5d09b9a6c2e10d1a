"""Store.update_run_config: merge keys into a run's config after it was created (e.g. the app's inventory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.store import open_store


def test_update_merges_cleans_and_persists(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    run = store.create_run("com.example.app", config={"params": {"a": 1}, "traffic": True})
    store.update_run_config(run, {"inventory": {"package": "com.example.app", "bad": "nul\x00 \ud800"}})
    store.update_run_config(run, {"traffic": False})
    store.close()
    config = open_store(tmp_path / "p.db").get_run(run).config
    assert config == {"params": {"a": 1}, "traffic": False,
                      "inventory": {"package": "com.example.app", "bad": "nul\ufffd \ufffd"}}


def test_update_of_an_unknown_run_is_a_key_error(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    with pytest.raises(KeyError):
        store.update_run_config(99, {"x": 1})
