"""Shared helpers for the traffic tests: a thread-safe flow collector that waits on events."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from monitor.traffic.flow import FlowRecord


class Collector:
    """The proxy's ``on_flow``: keeps records, lets a test wait for one (no sleeping)."""

    def __init__(self, keep_spools: bool = False) -> None:
        self.records: list[FlowRecord] = []
        self._cond = threading.Condition()
        self.keep_spools = keep_spools

    def __call__(self, record: FlowRecord) -> None:
        if record.request_spool and not self.keep_spools:  # a body beyond max_body: nobody here searches it
            Path(record.request_spool).unlink(missing_ok=True)
        with self._cond:
            self.records.append(record)
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = 20.0) -> FlowRecord:
        with self._cond:
            found: list[FlowRecord] = []

            def check() -> bool:
                found[:] = [r for r in self.records if predicate(r)]
                return bool(found)

            if not self._cond.wait_for(check, timeout):
                raise AssertionError(f"no matching flow in {len(self.records)} records")
            return found[-1]


@pytest.fixture
def collector() -> Collector:
    return Collector()
