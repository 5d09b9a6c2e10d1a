"""Shared helpers for the traffic tests: a thread-safe flow collector that waits on events."""

from __future__ import annotations

import threading

import pytest

from monitor.traffic.flow import FlowRecord


class Collector:
    """The proxy's ``on_flow``: keeps records, lets a test wait for one (no sleeping)."""

    def __init__(self) -> None:
        self.records: list[FlowRecord] = []
        self._cond = threading.Condition()

    def __call__(self, record: FlowRecord) -> None:
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
