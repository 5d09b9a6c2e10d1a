"""The server tests whose queries differ by database (filters, SDK GROUP BY, acceptances, users), rerun on a
real PostgreSQL cluster (tests/store/conftest.py's throw-away initdb cluster; skipped without PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.store import open_store
from tests.store.conftest import fresh_pg_database, pg_url  # noqa: F401  (the cluster fixture)
from tests.web.conftest import World
from tests.web.test_server import (  # noqa: F401  (collected here again, over the PostgreSQL world below)
    test_app_and_suite_pages,
    test_csrf_token_required_on_every_form,
    test_hostile_strings_render_inert,
    test_reviewer_accepts_viewer_is_refused_and_baseline_exports,
    test_runs_filters_and_pages,
    test_sdk_view_across_apps,
    test_wrong_password_and_missing_csrf_are_refused,
)


@pytest.fixture(scope="module")
def world(pg_url: str) -> Iterator[World]:  # noqa: F811
    store = open_store(fresh_pg_database(pg_url))
    assert store.engine.dialect.name == "postgresql"
    yield World(store)
    store.close()
