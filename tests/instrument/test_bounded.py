"""monitor.instrument.bounded: a Frida call that never returns gives ControlTimeout instead of a hang."""

from __future__ import annotations

import threading

import pytest

from monitor.errors import ControlTimeout
from monitor.instrument.bounded import bounded


def test_a_call_that_never_answers_times_out_and_its_thread_ends_with_the_call() -> None:
    release = threading.Event()  # stands for the agent's answer (or the session's end) that never comes in time
    with pytest.raises(ControlTimeout, match="flush within 0.05 s"):
        bounded(release.wait, 0.05, "flush")
    abandoned = [t for t in threading.enumerate() if t.name == "pimon-frida-flush"]
    assert abandoned
    release.set()  # the process is killed: Frida fails the pending call, the thread returns
    for t in abandoned:
        t.join(10)
        assert not t.is_alive()


def test_value_and_exception_come_back_to_the_caller() -> None:
    assert bounded(lambda: 42, 10, "stats") == 42
    with pytest.raises(KeyError, match="gone"):
        bounded(lambda: {}["gone"], 10, "stats")
