"""The first app of a run, started while pimon itself starts.

A run's own start — importing the store and the rules, opening the database, closing the runs a dead pimon left,
the run's record, the proxy's process — is ~0.7 s of Python. Starting the app under its hooks is ~1 s spent mostly
waiting: the JVM starting, Frida injecting its agent, the agent installing its hooks in the app. An
:class:`EarlyLaunch` does the second on a thread while the first goes on: the app's process is spawned on the run's
own device state (``for_run``), gated, attached and hooked — and left gated. The run's first ``launch`` step takes
it (:meth:`EarlyLaunch.take`) where it would have spawned one, and releases it: nothing of the app has run before
that, so the run records what it would have recorded.

Only where nothing of the run must come before the app's process: the scenario's first step is a cold launch
(:func:`first_launch`), the device reads its proxy when the app is released (the emulator; a phone is pointed at
the proxy before its app starts), and the run is the plan's first and runs alone (``monitor.runner``). A launch the
run does not take — a custom catalog, other agent options, a run that failed to start — is stopped
(:meth:`EarlyLaunch.cancel`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

#: How long the agent may take to report ready (as ``RunRecorder.agent_timeout``).
AGENT_TIMEOUT = 30.0


def first_launch(scenario: Any) -> Any:
    """The ``launch`` step's arguments when a YAML scenario starts with a cold launch (else None)."""
    steps = getattr(scenario, "steps", None)
    if not steps or getattr(steps[0], "kind", None) != "launch":
        return None
    args = steps[0].args
    return args if getattr(args, "cold", False) else None


class Relay:
    """A callback whose target is given later (:meth:`bind`); calls before that are kept and passed on in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._target: Callable[..., Any] | None = None
        self._held: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any) -> None:
        with self._lock:
            target = self._target
            if target is None:
                self._held.append(args)
                return
        target(*args)

    def bind(self, target: Callable[..., Any]) -> None:
        while True:
            with self._lock:
                if not self._held:
                    self._target = target
                    return
                held, self._held = self._held, []
            for args in held:
                target(*args)


class EarlyLaunch:
    """``package`` spawned gated on a device of the run's own (``device.for_run()``), attached and hooked with the
    default catalog, on a thread started here. ``traffic`` is the run's ``traffic_plan`` arguments: they decide the
    agent's options, which the run checks before taking the process."""

    def __init__(self, device: Any, package: str, *, clear_data: bool, traffic: dict[str, Any] | None = None,
                 agent_timeout: float = AGENT_TIMEOUT) -> None:
        self.base_device = device
        self.package = package
        self.clear_data = clear_data
        self.traffic = dict(traffic or {})
        self.agent_timeout = agent_timeout
        self.device: Any = None  # the run's device (its own state), once made
        self.process: Any = None
        self.session: Any = None
        self.ready: Any = None
        self.catalog: Any = None
        self.agent_options: dict[str, Any] | None = None
        self.on_device_event, self.on_events, self.on_end, self.on_net = Relay(), Relay(), Relay(), Relay()
        self._error: BaseException | None = None
        #: Reading the catalog and the agent's options failed here (an import racing the run's own, in another
        #: thread): the run launches as it would have without this (it reads them itself; a real error is its).
        self.prepare_error: BaseException | None = None
        self._device_made = threading.Event()
        self._lock = threading.Lock()
        self._over = False  # taken or cancelled
        self._thread = threading.Thread(target=self._start, name="pimon-early-launch", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            try:
                self.device = self.base_device.for_run()
            finally:
                self._device_made.set()
            if self.clear_data:
                self.device.clear_data(self.package)
            # the agent's catalog and options are read while the JVM starts (spawn mostly waits for it)
            hooks = threading.Thread(target=self._prepare_hooks, name="pimon-early-hooks", daemon=True)
            hooks.start()
            try:
                with self._lock:
                    if self._over:
                        return
                    self.process = self.device.spawn(self.package, on_event=self.on_device_event)
            finally:
                hooks.join()
            if self.prepare_error is not None:  # not matched: the run stops this and launches on its own
                return
            from monitor.instrument.session import InstrumentationSession

            with self._lock:
                if self._over:
                    return
                self.session = InstrumentationSession(
                    self.device.frida_device(), self.catalog, on_events=self.on_events, on_end=self.on_end,
                    options=self.agent_options or None, on_net=self.on_net)
            self.session.attach(self.process.pid)
            self.ready = self.session.load(timeout=self.agent_timeout)
        except BaseException as exc:  # noqa: BLE001 - handed to the run by take()
            self._error = exc

    def _prepare_hooks(self) -> None:
        try:
            import monitor.instrument.session  # noqa: F401 - imported here, used by _start
            from monitor.catalog import load_catalog
            from monitor.traffic.capture import traffic_plan

            self.catalog = load_catalog()
            self.agent_options = traffic_plan(self.device, **self.traffic).agent_options()
        except BaseException as exc:  # noqa: BLE001 - the run launches without this early launch
            self.prepare_error = exc

    def run_device(self) -> Any:
        """The device the app was started on (the run's own), or None when it could not be made."""
        self._device_made.wait()
        return self.device

    def matches(self, catalog: Any, agent_options: dict[str, Any]) -> bool:
        """Whether the process was hooked as the run would hook it (waits for the agent to be ready)."""
        self._thread.join()
        if self.prepare_error is not None:
            return False
        same_catalog = catalog is self.catalog or catalog == self.catalog  # the default one, read once per process
        return self._error is not None or (same_catalog and agent_options == self.agent_options)

    def take(self) -> tuple[Any, Any, Any]:
        """(process, session, the agent's ready info), waiting for them; the start's error is raised here, where the
        run's launch would have raised it (the process, if any, stopped)."""
        self._thread.join()
        with self._lock:
            self._over = True
        if self._error is not None:
            self._stop()
            raise self._error
        return self.process, self.session, self.ready

    def cancel(self) -> None:
        """Stop the process and its session unless the run took them (safe to call again)."""
        with self._lock:
            if self._over:
                return
            self._over = True
        process = self.process
        if process is not None and self._thread.is_alive():
            process.stop()  # gated: killed at once, so an attach or a load in progress fails at once
        self._thread.join()
        self._stop()

    def _stop(self) -> None:
        """The gated process stopped (the device kills a process none of whose app ran), then its session closed
        (detaching from a live JVM would first undo every hook)."""
        session, process = self.session, self.process
        if process is not None:
            process.stop()
        if session is not None:
            session.close()
