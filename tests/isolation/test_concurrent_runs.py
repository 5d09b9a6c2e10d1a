"""Runs at once on one emulator each get their own device state: own proxy, CA trust, app data, processes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario
from monitor.store import open_store
from monitor.store.flows import get_flows
from monitor.traffic.disclosure import fixture_disclosure

pytestmark = pytest.mark.e2e

PARAMS = {"observe": 3, "background": 1, "dialog_timeout": 8, "permission_timeout": 1}
TRACKER_HOSTS = {"ulogs.umeng.com", "t.appsflyer.com", "stats.jiguang.cn", "api.example.com"}


def test_two_runs_at_once_each_get_exactly_their_own_flows(e2e_device, tmp_path: Path) -> None:
    """A traffic fixture and an app without network code, started together on one device and one database
    (one process, so one proxy each in its own process): every flow lands in the run of the app that made it."""
    db = tmp_path / "pimon.db"
    apps = {"tracker-sdk": e2e_device.install_fixture("tracker-sdk"), "compliant": e2e_device.install_fixture("compliant")}
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def one(app: str) -> None:
        store = open_store(db)
        try:
            start.wait()
            results[app] = execute_run(device=e2e_device, package=apps[app], store=store, params=PARAMS,
                                       scenario=load_scenario("first-launch-agree", PARAMS),
                                       disclosure=fixture_disclosure(app))
        finally:
            store.close()

    threads = [threading.Thread(target=one, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    tracker, compliant = results["tracker-sdk"], results["compliant"]
    assert tracker.status == "completed", tracker.reason
    assert compliant.status == "completed", compliant.reason
    store = open_store(db)
    try:
        assert get_flows(store, compliant.run_id) == []
        assert compliant.findings == []
        hosts = [f.host for f in get_flows(store, tracker.run_id)]
        assert set(hosts) == TRACKER_HOSTS and len(hosts) == 4, hosts
    finally:
        store.close()
    # the shared device itself was never pointed at a run's proxy, and no run's state is left behind
    assert e2e_device.proxy() is None
    assert not any((e2e_device.home / "runs").iterdir())
