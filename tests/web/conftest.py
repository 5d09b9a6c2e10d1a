"""`pimon serve` fixtures: a database of runs made through pimon's own store API (no device), users of every
role, and a Starlette TestClient logged in as each."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from monitor.rules import analyse_run
from monitor.store import Store, open_store
from monitor.store.review import add_user
from monitor.store.suites import create_suite_run, finish_suite_run
from monitor.web.auth import hash_password
from tests.reports.conftest import build_hostile_run

PASSWORD = "correct horse battery"
USERS = {"vera": "viewer", "rita": "reviewer", "adam": "admin"}
EAGER = "com.example.eagersdk"
UMENG = [{"class": "com.umeng.commonsdk.UMConfigure", "method": "init", "file": "U.java", "line": 9}]
DAY = 86_400_000
T0 = 1_764_547_200_000  # 2025-12-01T00:00:00Z


def build_sdk_run(store: Store, *, started: int, scenario: str = "first-launch-refuse", suite_run_id: int | None = None,
                  location: bool = False, app: str = EAGER) -> int:
    """Umeng reads the IMEI before any consent (and, with ``location``, the last location too)."""
    run = store.create_run(app, scenario=scenario, started_ms=started, device_serial="emulator-1",
                           suite_run_id=suite_run_id)
    store.add_lifecycle(run, started, "process-start")
    events = [{"seq": 1, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
               "ts": started + 100, "ret": "866123456789012", "stack": UMENG}]
    if location:
        events.append({"seq": 2, "api": "android.location.LocationManager.getLastKnownLocation",
                       "category": "location", "ts": started + 200, "stack": UMENG})
    store.add_events(run, events)
    store.add_dialog(run, started + 1000, "consent", False, "<hierarchy/>")
    ui = store.add_ui_action(run, started + 2000, "consent-refuse", {"text": "Disagree"}, "<hierarchy/>")
    store.add_consent_transition(run, started + 2000, "pre-consent", "refused", ui)
    store.finish_run(run, "completed", ended_ms=started + 3000)
    analyse_run(store, run)
    return run


class World:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.hostile = build_hostile_run(store)
        self.suite1 = create_suite_run(store, "nightly", started_ms=T0)
        self.old = build_sdk_run(store, started=T0 + 1000, suite_run_id=self.suite1)
        finish_suite_run(store, self.suite1, "completed", ended_ms=T0 + 5000)
        self.suite2 = create_suite_run(store, "nightly", started_ms=T0 + DAY)
        self.new = build_sdk_run(store, started=T0 + DAY + 1000, suite_run_id=self.suite2, location=True)
        finish_suite_run(store, self.suite2, "completed", ended_ms=T0 + DAY + 5000)
        self.other = build_sdk_run(store, started=T0 + 2 * DAY, app="com.example.other", scenario="first-launch-agree")
        for name, role in USERS.items():
            add_user(store, name, hash_password(PASSWORD), role)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    store = open_store(tmp_path_factory.mktemp("web") / "web.db")
    yield World(store)
    store.close()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m, html[:2000]
    return m.group(1)


@pytest.fixture
def client_for(world: World) -> Iterator[Callable[[str | None], object]]:
    """A TestClient for a fresh app over the world's store, logged in as ``name`` (None: anonymous)."""
    from starlette.testclient import TestClient

    from monitor.web.app import create_app

    clients: list[TestClient] = []

    def make(name: str | None) -> TestClient:
        c = TestClient(create_app(world.store, secret="test-secret"), base_url="http://127.0.0.1")
        clients.append(c)
        if name is not None:
            token = csrf_of(c.get("/login").text)
            r = c.post("/login", data={"user": name, "password": PASSWORD, "csrf": token, "next": "/runs"},
                       follow_redirects=False)
            assert r.status_code == 303, r.text[:500]
        return c

    yield make
    for c in clients:
        c.close()
