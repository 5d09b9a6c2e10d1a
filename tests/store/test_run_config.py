"""Store.update_run_config: merge keys into a run's config after it was created (e.g. the app's inventory)."""

from __future__ import annotations

import pytest

from monitor.store import open_store


def test_update_merges_cleans_and_persists(db_url: str) -> None:
    store = open_store(db_url)
    run = store.create_run("com.example.app", config={"params": {"a": 1}, "traffic": True})
    store.update_run_config(run, {"inventory": {"package": "com.example.app", "bad": "nul\x00 \ud800"}})
    store.update_run_config(run, {"traffic": False})
    store.close()
    config = open_store(db_url).get_run(run).config
    assert config == {"params": {"a": 1}, "traffic": False,
                      "inventory": {"package": "com.example.app", "bad": "nul\ufffd \ufffd"}}


def test_update_of_an_unknown_run_is_a_key_error(db_url: str) -> None:
    store = open_store(db_url)
    with pytest.raises(KeyError):
        store.update_run_config(99, {"x": 1})
