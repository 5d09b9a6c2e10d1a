"""frida's attach times out syncing up with its freshly injected agent now and then on a loaded machine
(``ProcessNotRespondingError: unexpectedly timed out trying to sync up with agent``, seen in test runs): the
session attaches again. The fault is injected at frida's API boundary (its Device), the attaches are real."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import frida
import pytest

from monitor.errors import InstrumentationError
from monitor.instrument.session import ATTACH_ATTEMPTS, InstrumentationSession


class NotRespondingFirst:
    """A real frida Device whose first ``failures`` attaches fail as frida's do when its agent is late."""

    def __init__(self, device: frida.Device, failures: int) -> None:
        self.device, self.failures, self.attaches = device, failures, 0

    def attach(self, target: int | str) -> frida.core.Session:
        self.attaches += 1
        if self.attaches <= self.failures:
            raise frida.ProcessNotRespondingError("unexpectedly timed out trying to sync up with agent")
        return self.device.attach(target)


@pytest.fixture
def sleeper():
    """A ``sleep`` that has finished starting: blocked in its sleep (state S in /proc, polled until then). frida's
    injected loader crashed once in a ``sleep`` attached to right after its exec, on a loaded machine ("loader
    crashed with signal 11"): most likely a race with the process's own start, which a run never has (pimon
    attaches to gated apps, long started), so the fixture waits for that start to be over."""
    proc = subprocess.Popen(["sleep", "120"])
    proc_dir = Path(f"/proc/{proc.pid}")
    deadline = time.monotonic() + 30
    while True:  # polled: /proc has no event for a state change
        state = (proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[0]
        wchan = (proc_dir / "wchan").read_text()  # "0" where the kernel does not say
        if state == "S" and ("nanosleep" in wchan or wchan == "0"):
            break
        assert time.monotonic() < deadline, f"sleep did not start (state {state}, wchan {wchan!r})"
        time.sleep(0.001)
    yield proc
    proc.kill()
    proc.wait()


def test_an_attach_frida_timed_out_on_is_tried_again(frida_device, sleeper) -> None:
    device = NotRespondingFirst(frida_device, failures=2)  # two timeouts in a row, then frida's attach
    with InstrumentationSession(device, [], lambda evs: None) as session:
        session.attach(sleeper.pid)
        assert session.attach_retries == 2 and device.attaches == 3
        assert session._session is not None and not session._session.is_detached


def test_an_attach_that_keeps_timing_out_is_one_clear_error(frida_device, sleeper) -> None:
    device = NotRespondingFirst(frida_device, failures=ATTACH_ATTEMPTS)
    session = InstrumentationSession(device, [], lambda evs: None)
    with pytest.raises(InstrumentationError, match=rf"cannot attach to {sleeper.pid}: .*sync up with agent"):
        session.attach(sleeper.pid)
    assert device.attaches == ATTACH_ATTEMPTS
