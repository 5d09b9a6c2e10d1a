"""One run: device + instrumentation session + scenario + store, then rules and reports.

:class:`RunRecorder` implements the scenario engine's ``ScenarioContext``: it launches the app
gated, attaches the agent before releasing the gate, and writes everything that happens — agent
events, device lifecycle events, UI actions, consent transitions, dialogs, marks — to the store as
it happens, so a crash of the app (or of pimon) loses at most the batch in flight.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor import __version__
from monitor.apps import app_file_of, app_inventory, resolve_app  # noqa: F401 - the run service's names too
from monitor.devices.base import AppProcess, Device, DeviceEvent, UiDriver
from monitor.errors import AppCrashed, ConfigError, PimonError, Terminated, UiUnreadable
from monitor.store.clean import frame_dict

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str], None]


def now_ms() -> int:
    return int(time.time() * 1000)


#: Seconds a process that reported its crash gets to end by itself before pimon kills it: a crashed JVM can stay
#: alive under Frida (its exit deadlocked with Frida's exit handling, seen under load), answering nothing.
CRASH_EXIT_GRACE = 5.0

#: Set when pimon is asked to stop (SIGINT/SIGTERM while runs go at once in threads): every run in progress
#: stops at its next step and is finished as ``interrupted`` (rules evaluated, sealed, reports written).
INTERRUPT = threading.Event()


def _check_interrupt() -> None:
    if INTERRUPT.is_set():
        raise KeyboardInterrupt


@dataclass
class RunResult:
    run_id: int
    status: str
    reason: str | None
    findings: list[Any] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)


class RunRecorder:
    """The run orchestrator; a ``ScenarioContext`` for the scenario engine."""

    def __init__(
        self,
        *,
        device: Device,
        package: str,
        store: Any,
        run_id: int,
        catalog: Any,
        progress: ProgressCallback | None = None,
        agent_timeout: float = 30.0,
    ) -> None:
        self.device = device
        self.package = package
        self.store = store
        self.run_id = run_id
        self.catalog = catalog
        self.progress = progress or (lambda msg: None)
        self.agent_timeout = agent_timeout
        self._lock = threading.Lock()
        self._process: AppProcess | None = None
        self._session: Any = None
        self._consent_state = "unknown"
        self._stopping = False  # exits we caused are not crashes
        self._classified: set[int | None] = set()
        self._exit_requested = False  # the app asked for its own end (Process.killProcess, System.exit)
        self._ending_ts: int | None = None  # when the process said it ends (its crash report or exit request)
        self.crashed: AppCrashed | None = None
        self.crash: Any = None  # monitor.crashes.Crash of the last crash
        self._device_crash: dict[str, Any] | None = None  # the device's own crash report, before the exit
        self.detached_reason: str | None = None
        self.events_stored = 0
        self._pending: list[Any] = []  # events a locked database could not take yet (in order)
        self._db_warned = False
        self._extra_processes: list[tuple[AppProcess, Any]] = []
        self.processes: list[dict[str, Any]] = []  # every process of the app this run instrumented
        self.screenshots = True  # a picture of the screen per UI step, consent transition and dialog
        #: Screens taken as hierarchies (the emulator's ``ui.snapshot()``), drawn and stored while the scenario waits
        #: or before the app stops (:meth:`render_screenshots`): (time, label, UI action, snapshot).
        self._snapshots: list[tuple[int, str, int | None, Any]] = []
        # The agent's init options (net/tls/unpin/blockQuic, set by execute_run) and the in-process
        # traffic source's per-process sink (TrafficCapture.net_sink), None without traffic capture.
        self.agent_options: dict[str, Any] = {}
        self.net_sink: Callable[[str], Any] | None = None
        #: Called once, when the scenario first waits (``observe``): the run's end is prepared meanwhile
        #: (``monitor.warmup``).
        self.on_first_wait: Callable[[], Any] | None = None
        #: Called once, before the first app process is released (or the device rebooted): the traffic capture's
        #: start, on a device that reads its proxy at release — the proxy starts while the app is attached and hooked.
        self.before_release: Callable[[], Any] | None = None
        #: The app's process started while the run started (``monitor.launch.EarlyLaunch``): the first launch
        #: takes it instead of spawning one.
        self.early: Any = None

    # -- ScenarioContext -------------------------------------------------------------------
    @property
    def ui(self) -> UiDriver:
        return self.device.ui

    def launch(self, *, cold: bool = True, clear_data: bool = False) -> None:
        _check_interrupt()
        early, self.early = self.early, None
        if early is not None:
            if (cold and clear_data == early.clear_data and self._process is None
                    and early.matches(self.catalog, self.agent_options)):
                self._take_early(early)
                return
            early.cancel()
        if not cold and self.app_alive():
            self.device.ui.foreground(self.package)
            return
        self._stop_process()
        if clear_data:
            self.device.clear_data(self.package)
        prepare = getattr(self.device, "prepare_launch", None)  # Android: frida, then the UI agent, before launch
        if prepare is not None:
            prepare(self.package)
        self._start_instrumented(self.device.spawn(self.package, on_event=self._on_device_event))

    def relaunch(self) -> None:
        self.launch(cold=True, clear_data=False)

    def reboot(self) -> None:
        self._stop_process()
        self._network_ready()  # the boot's processes run at once
        self.progress("rebooting device")
        # Processes the system starts after boot (BOOT_COMPLETED receivers) report to this run too.
        import inspect

        takes_events = "on_event" in inspect.signature(self.device.reboot).parameters
        started = self.device.reboot(on_event=self._on_device_event) if takes_events else self.device.reboot()
        for proc in started or []:
            if getattr(proc, "package", None) != self.package:
                proc.release()
            elif self._process is None and getattr(proc, "process", self.package) == self.package:
                self._start_instrumented(proc, restart=True)
            else:  # Android: another process of the app that the system started at boot
                self._start_sub_process(proc, str(getattr(proc, "process", self.package)))

    def install_update(self, app: str) -> Path | None:
        """Install another build of the app over the installed one with its data kept (an upgrade): a
        fixture name or an app file of the same package. The app is stopped first; returns the app file
        now installed (None where the device keeps none, as on Android)."""
        self._stop_process()
        path = Path(app)
        installed = self.device.install(path) if path.is_file() else self.device.install_fixture(app)
        if installed != self.package:
            raise ConfigError(f"the update {app!r} is package {installed!r}, not {self.package!r}")
        self.progress(f"updated {self.package} from {app} (data kept)")
        return self.app_file()

    def app_file(self) -> Path | None:
        """The installed app file (the emulator keeps one per package), else None."""
        jar = getattr(self.device, "app_jar", None)
        return jar(self.package) if jar is not None else None

    def record_action(self, kind: str, target: dict[str, Any] | None, evidence_xml: str | None) -> int:
        _check_interrupt()
        self.progress(f"action: {kind}")
        with self._lock:
            action_id = self.store.add_ui_action(self.run_id, now_ms(), kind, target, evidence_xml)
        self.screenshot(kind, action_id)
        return action_id

    def record_consent(self, state: str, action_id: int | None) -> None:
        with self._lock:
            previous, self._consent_state = self._consent_state, state
            self.store.add_consent_transition(self.run_id, now_ms(), previous, state, action_id)
        self.progress(f"consent: {previous} -> {state}")
        self.screenshot(f"consent: {state}", action_id)

    def record_dialog(self, kind: str, preselected: bool, evidence_xml: str | None) -> None:
        with self._lock:
            self.store.add_dialog(self.run_id, now_ms(), kind, preselected, evidence_xml)
        self.screenshot(f"dialog: {kind}", None)

    def screenshot(self, label: str, action_id: int | None = None, *, evidence: bool = False) -> int | None:
        """A picture of the screen now (the device's ``ui.screenshot()``), stored for the reports; never fails
        the run (a device that cannot take one, or an app that is gone, gives none). ``evidence``: taken even
        when screenshots are off (the picture of a screen pimon could not read)."""
        if not (self.screenshots or evidence) or self._process is None or not self._process.alive:
            return None
        if self._device_crash is not None:  # a crashed app draws nothing more (and may never end)
            return None
        snapshot = None if evidence else getattr(self.device.ui, "snapshot", None)
        try:
            if snapshot is not None:  # the emulator: the hierarchy now, its picture drawn while the scenario waits
                snap = snapshot()
                if snap is not None:
                    self._snapshots.append((now_ms(), label, action_id, snap))
                return None
            png = self.device.ui.screenshot()
        except Exception as exc:  # noqa: BLE001 - evidence, not control flow
            log.debug("screenshot %s failed: %s", label, exc)
            return None
        return self._store_screenshot(now_ms(), label, action_id, png)

    def _store_screenshot(self, ts: int, label: str, action_id: int | None, png: bytes | None) -> int | None:
        if not png:
            return None
        from monitor.store.screenshots import add_screenshot

        source = "emulator-render" if self.device.kind == "emulator" else getattr(
            self.device.ui, "screenshot_source", "uiautomator2")
        with self._lock:
            return add_screenshot(self.store, self.run_id, ts, png, label=label, ui_action_id=action_id,
                                  source=source)

    def render_screenshots(self) -> None:
        """Draw and store the screens taken as hierarchies, each at the time it was taken; never fails the run."""
        while self._snapshots:
            ts, label, action_id, snap = self._snapshots.pop(0)
            try:
                png = self.device.ui.render(snap)
            except Exception as exc:  # noqa: BLE001 - evidence, not control flow
                log.debug("screenshot %s could not be drawn: %s", label, exc)
                continue
            self._store_screenshot(ts, label, action_id, png)

    def _record_missing(self, missing: list[Any]) -> None:
        """The hooks the agent could not install, in the run's config (``hooks_missing``): a coverage gap the
        reports list in their header and findings.json."""
        rows = [{"class": str(getattr(m, "class_name", "") or ""), "method": str(getattr(m, "method", "") or ""),
                 "reason": str(getattr(m, "reason", "") or "")[:300]} for m in missing[:500]]
        try:
            with self._lock:
                self.store.update_run_config(self.run_id, {"hooks_missing": rows})
        except Exception as exc:  # noqa: BLE001
            log.warning("could not store the missing hooks: %s", exc)

    def mark(self, note: str) -> None:
        with self._lock:
            self.store.add_mark(self.run_id, now_ms(), note)

    def observe(self, seconds: float) -> None:
        self.progress(f"observing {seconds:g} s")
        first_wait, self.on_first_wait = self.on_first_wait, None
        if first_wait is not None:
            first_wait()
        end = time.monotonic() + seconds
        self.render_screenshots()  # inside the wait
        while (left := end - time.monotonic()) > 0:
            _check_interrupt()
            proc = self._process
            if proc is None:
                INTERRUPT.wait(min(left, 0.5))
            elif (proc.wait_exit(timeout=min(left, 0.5)) is not None or not proc.alive
                  or self._device_crash is not None):
                return

    def app_alive(self) -> bool:
        """The app runs: its process is there and has not reported a crash (a crashed process can linger)."""
        return self._process is not None and self._process.alive and self._device_crash is None

    # -- internals -------------------------------------------------------------------------
    def _start_instrumented(self, proc: AppProcess, *, restart: bool = False) -> None:
        from monitor.instrument.session import InstrumentationSession

        self._process_started(proc, restart=restart)
        self.progress(f"attaching to pid {proc.pid}")
        session = InstrumentationSession(
            self.device.frida_device(), self.catalog, on_events=self._on_events, on_end=self._on_session_end,
            options=self.agent_options or None,
            on_net=self.net_sink(f"{self.package}[{proc.pid}]") if self.net_sink is not None else None,
        )
        session.attach(proc.pid)
        ready = session.load(timeout=self.agent_timeout)
        self._instrumented(proc, session, ready)

    def _take_early(self, early: Any) -> None:
        """The first launch with the process :class:`monitor.launch.EarlyLaunch` started, attached and hooked
        while the run started: recorded as a spawn here would have been, then released."""
        proc, session, ready = early.take()
        self._process_started(proc)
        early.on_device_event.bind(self._on_device_event)
        early.on_events.bind(self._on_events)
        early.on_end.bind(self._on_session_end)
        early.on_net.bind(self.net_sink(f"{self.package}[{proc.pid}]") if self.net_sink is not None
                          else lambda *_: None)
        self._instrumented(proc, session, ready)

    def _process_started(self, proc: AppProcess, *, restart: bool = False) -> None:
        self._process = proc
        self._stopping = False
        self._exit_requested = False
        self._device_crash = None
        self._ending_ts = None
        self._lifecycle(now_ms(), "restart" if restart else "process-start", {"pid": proc.pid})
        self.processes.append({"pid": proc.pid, "process": getattr(proc, "process", self.package),
                               "role": "main", "started_ms": now_ms()})

    def _instrumented(self, proc: AppProcess, session: Any, ready: Any) -> None:
        """The app's process attached and hooked (gated): what the agent could not hook recorded, the proxy
        started where the device reads it at release, then the app released."""
        if session.attach_retries:
            self.mark(f"attach to pid {proc.pid}: frida timed out syncing up with its agent "
                      f"{session.attach_retries} time(s); attached on a later try")
        missing = getattr(ready, "missing", None) or []
        if missing:
            self.mark(f"agent: {len(missing)} hook(s) could not be installed on this device")
            self._record_missing(missing)
        self._session = session
        self._network_ready()
        proc.release()
        self.progress(f"app running (pid {proc.pid}, {getattr(ready, 'hooks', '?')} hooks)")

    def _start_sub_process(self, proc: AppProcess, name: str) -> None:
        """Instrument one of the app's other processes (``package:push`` ...) before it runs, as the main
        one; its rows are ``sub-process-start``/``-exit`` (not a restart of the app)."""
        from monitor.instrument.session import InstrumentationSession

        self._lifecycle(now_ms(), "sub-process-start", {"pid": proc.pid, "process": name})
        role = "boot" if getattr(proc, "already_running", False) else "sub"
        self.processes.append({"pid": proc.pid, "process": name, "role": role, "started_ms": now_ms()})
        self.progress(f"instrumenting {name} (pid {proc.pid})")
        session = InstrumentationSession(self.device.frida_device(), self.catalog, on_events=self._on_events)
        try:
            session.attach(proc.pid)
            session.load(timeout=self.agent_timeout)
        except PimonError as exc:
            self.mark(f"{name} (pid {proc.pid}) could not be instrumented: {exc}")
            session.close()
            proc.release()
            return
        with self._lock:
            self._extra_processes.append((proc, session))
        self._network_ready()
        proc.release()

    def _network_ready(self) -> None:
        """The device routes through the run's proxy from here on (:attr:`before_release`, once)."""
        start, self.before_release = self.before_release, None
        if start is not None:
            start()

    def _stop_sub_processes(self) -> None:
        with self._lock:
            extras, self._extra_processes = self._extra_processes, []
        for proc, session in extras:
            close_gate = getattr(proc, "close_gate", None)
            if close_gate is not None:
                close_gate()
            _flush_quietly(session)
            session.close()

    def _stop_process(self) -> None:
        self.render_screenshots()  # by the app while it is there to draw them (else by a JVM of the device's own)
        close_gate = getattr(self._process, "close_gate", None)
        if close_gate is not None:  # no more processes of this run to take
            close_gate()
        self._stop_sub_processes()
        proc, session = self._process, self._session
        if proc is None:
            return
        # The process reported its crash (or asked for its exit): it is ending by itself — unless it is held (a JVM
        # whose exit deadlocks under Frida: HotSpot's exit safepoint waits in Frida's exit hook for the agent, whose
        # thread waits for that safepoint in JNI; alive, its agent silent). Then it is killed; its exit is its own.
        crashed = self._device_crash is not None or self._exit_requested
        if crashed and proc.alive:  # the grace runs from the report
            since = (now_ms() - (self._ending_ts or now_ms())) / 1000
            proc.wait_exit(min(CRASH_EXIT_GRACE, max(0.0, CRASH_EXIT_GRACE - since)))
        if proc.alive and not crashed:
            self._stopping = True
        elif not proc.alive:  # it ended on its own before we stopped it: classify now, the exit event may still be in flight
            self._classify_exit(proc.pid, getattr(proc, "exit_code", None), getattr(proc, "stderr_tail", ""),
                                    getattr(proc, "crash_log", ""))
        if session is not None:
            _flush_quietly(session)
        if proc.alive and crashed:
            what = "crashed" if self._device_crash is not None else "asked to exit"
            self.mark(f"the app {what} and its process (pid {proc.pid}) did not end within {CRASH_EXIT_GRACE:g} s: "
                      "killed")
            kill = getattr(proc, "kill", None)
            (kill or proc.stop)()
            self._classify_exit(proc.pid, getattr(proc, "exit_code", None), getattr(proc, "stderr_tail", ""),
                                    getattr(proc, "crash_log", ""))
        elif proc.alive:
            # the agent's events from the app's own end (onDestroy ...) are fetched before its process goes
            proc.stop(drain=(lambda: _flush_quietly(session)) if session is not None else None)
        if session is not None:
            session.close()
        self._process = None
        self._session = None

    def _on_events(self, events: list[Any]) -> None:
        with self._lock:
            self._pending.extend(events)
            self._store_pending(wait=0.0)
        if self.device.kind != "emulator":  # the emulator reports its permission flow itself
            for event in events:
                request = permission_request(event)
                if request is not None:
                    self._lifecycle(event.ts, "permission-request", request)

    def _store_pending(self, wait: float) -> bool:
        """Store the events held back (caller holds the lock). A database that is locked or unreachable keeps
        them here, in order, for the next batch or the end of the run (retried with backoff for ``wait`` s):
        no event is lost to a lock. True when none is left."""
        from sqlalchemy.exc import OperationalError

        deadline, pause = time.monotonic() + wait, 0.05
        while self._pending:
            try:
                self.store.add_events(self.run_id, self._pending, package=self.package)
            except OperationalError as exc:
                if not self._db_warned:
                    self._db_warned = True
                    log.warning("run %s: database busy (%s); holding %d event(s) to store later", self.run_id,
                                str(getattr(exc, "orig", exc)).splitlines()[0], len(self._pending))
                if time.monotonic() + pause > deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            self.events_stored += len(self._pending)
            self._pending = []
        return True

    def flush_pending(self, wait: float = 120.0) -> None:
        """At the end of the run: store every event held back; PimonError (exit 3) if the database stays locked."""
        with self._lock:
            if not self._store_pending(wait):
                raise PimonError(f"the database stayed locked for {wait:.0f} s: {len(self._pending)} event(s) of run "
                                 f"{self.run_id} could not be stored")

    def _on_session_end(self, reason: str, crash: Any = None) -> None:
        if reason not in ("application-requested",):
            self.detached_reason = reason

    def _lifecycle(self, ts: int, kind: str, data: dict[str, Any]) -> None:
        with self._lock:
            self.store.add_lifecycle(self.run_id, ts, kind, data)

    def _on_device_event(self, event: DeviceEvent) -> None:
        if event.kind == "lifecycle":
            # Leaving the foreground because pimon stops the app (end of a scenario, cold launch) is
            # not the app's doing: marked like the process exit that follows.
            data = {**event.data, "stopped_by_pimon": True} if self._stopping else event.data
            self._lifecycle(event.ts, event.data.get("state", "foreground"), data)
        elif event.kind == "process" and event.data.get("what") == "exit-requested":
            self._exit_requested = True
            self._ending_ts = self._ending_ts or event.ts
        elif event.kind == "process" and event.data.get("what") == "crash":
            self._device_crash = {**event.data, "ts": event.ts}
            self._ending_ts = self._ending_ts or event.ts
        elif event.kind == "exit":
            code = event.data.get("code")
            requested = (self._exit_requested or bool(event.data.get("requested_by_app"))) and not self._device_crash
            data = {**event.data, "requested_by_app": requested, "stopped_by_pimon": self._stopping}
            if not self._stopping:
                from monitor.crashes import classify

                crash_log = getattr(self._process, "crash_log", "") if self._process is not None else ""
                crash = classify(code, requested=requested, device_crash=self._device_crash,
                                 stderr_tail=event.data.get("stderr_tail", ""), ts=event.ts, crash_log=crash_log)
                if crash is not None:
                    data["crash"] = {k: v for k, v in crash.as_dict().items() if k != "stack"}
            self._lifecycle(event.ts, "process-exit", data)
            if not self._stopping:
                proc = self._process
                self._classify_exit(proc.pid if proc else None, code, event.data.get("stderr_tail", ""), crash_log)
        elif event.kind == "ui" and event.data.get("what") in ("dialog-shown", "dialog-dismissed"):
            # The device's window events: the second source of consent times (monitor/timeline/consent_times.py).
            self._lifecycle(event.ts, str(event.data["what"]), {k: v for k, v in event.data.items() if k != "what"})
        elif event.kind == "ui" and event.data.get("what") in ("permission-request", "permission-result"):
            # The emulator's system permission flow; on Android the agent's hooks report the same.
            data = {k: v for k, v in event.data.items() if k != "what"}
            self._lifecycle(event.ts, str(event.data["what"]), data)
        elif event.kind in ("component-start", "permission-request", "permission-result", "restart"):
            self._lifecycle(event.ts, event.kind, event.data)
        elif event.kind == "process-spawned":  # Android spawn gating: another process of the app, still held
            self._start_sub_process(event.data["app"], str(event.data.get("process") or ""))
        elif event.kind == "sub-process-exit":
            self._lifecycle(event.ts, "sub-process-exit", {k: v for k, v in event.data.items() if k != "app"})

    def _classify_exit(self, pid: int | None, code: int | None, stderr_tail: str, crash_log: str = "") -> None:
        """An exit we did not cause is a crash unless the app asked for it (or exited with 0); the
        device's own crash report (an uncaught exception) makes it a crash whatever the code."""
        from monitor.crashes import classify

        with self._lock:
            if pid in self._classified:
                return
            self._classified.add(pid)
        crash = classify(code, requested=self._exit_requested and not self._device_crash,
                         device_crash=self._device_crash, stderr_tail=stderr_tail or "", crash_log=crash_log or "")
        if crash is None:
            return
        self.crash = crash
        self.crashed = AppCrashed(f"{crash.summary()} (exit code {code})", exit_code=code,
                                  stderr_tail=crash.stack or stderr_tail or "")

    def finish(self) -> None:
        """Stop the app (flushing the agent) at the end of the scenario."""
        session = self._session
        self._stop_process()
        if session is not None and getattr(session, "missing", None) is not None:
            self._record_missing(list(session.missing))  # classes hooked late are no longer missing


def _flush_quietly(session: Any) -> None:
    """The agent's queued events delivered; an agent that does not answer (a held process) is not waited for
    (``flush`` is bounded)."""
    try:
        session.flush()
    except PimonError:
        pass


_VIEW_CLICK_FRAMES = ("android.view.View.performClick", "android.view.View.performClickInternal",
                      "android.view.View$PerformClick.run")


def permission_request(event: Any) -> dict[str, Any] | None:
    """A ``permission-request`` lifecycle row from an agent event of a requestPermissions hook.

    On Android the agent's hooks are the only source of requests; the permissions are the first
    argument of ``Activity.requestPermissions`` and the second of ``ActivityCompat``'s (a JSON list
    as the agent stringifies arrays). A click handler on the stack means the user asked for it.
    """
    if getattr(event, "method", "") != "requestPermissions":
        return None
    args = list(getattr(event, "args", ()) or ())
    index = 1 if "ActivityCompat" in getattr(event, "class_name", "") else 0
    try:
        permissions = json.loads(args[index]) if len(args) > index else []
    except (TypeError, ValueError):
        permissions = [a.strip() for a in str(args[index]).strip("[]").split(",") if a.strip()]
    stack = list(getattr(event, "stack", ()) or ())
    names = {f"{getattr(f, 'class_name', '')}.{getattr(f, 'method', '')}" for f in stack}
    return {
        "permissions": [str(p).strip('" ') for p in permissions if str(p).strip('" ')],
        "api": getattr(event, "api", "android.app.Activity.requestPermissions"),
        "stack": [frame_dict(f) for f in stack[:32]],
        "user_action": any(n in names for n in _VIEW_CLICK_FRAMES),
    }


def record_inventory(store: Any, run_id: int, device: Device, package: str, app_file: Path | None) -> bool:
    """Store the static inventory of the app file in the run's ``config.inventory``: ``app_file`` (the file the run
    installed), else the emulator's installed jar, else the APK pulled from an Android device (``pull_apk``).
    False (and a mark) when there is no file or it cannot be read."""
    import tempfile

    path = app_file
    if path is None:
        app_jar = getattr(device, "app_jar", None)
        path = app_jar(package) if app_jar is not None else None
    pull_apk = getattr(device, "pull_apk", None)
    with tempfile.TemporaryDirectory(prefix="pimon-apk-") as tmp:
        try:
            pulled = path is None and pull_apk is not None
            if pulled:  # Android without --apk: the installed APK
                path = pull_apk(package, Path(tmp))
            if path is None or not Path(path).is_file():
                return False
            inv = app_inventory(path)
            if app_file is None:  # the device's copy (pulled, or the emulator's per-run one): not a file to keep
                inv = inv.model_copy(update={"file": f"{package} installed on {device.kind} {device.serial}"})
        except PimonError as exc:
            store.add_mark(run_id, None, f"static inventory unavailable: {exc}")
            return False
    store.update_run_config(run_id, {"inventory": inv.model_dump(mode="json")})
    return True


def execute_run(
    *,
    device: Device,
    package: str,
    scenario: Any,
    store: Any,
    params: dict[str, Any] | None = None,
    catalog: Any = None,
    rule_config: Any = None,
    progress: ProgressCallback | None = None,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = ("json", "html"),
    traffic: bool | None = None,
    disclosure: Any = None,
    app_file: Path | None = None,
    suite_run_id: int | None = None,
    task_id: str | None = None,
    baseline: Any = None,
    lang: str | None = None,
    redact: bool = False,
    reveal: bool = False,
    reports_to: Callable[[int], Path] | None = None,
    offline: bool | None = None,
    unpin: bool = False,
    block_quic: bool | None = None,
    outcome: Callable[[Any, int, str, str | None], tuple[str, str] | None] | None = None,
    early: Any = None,
) -> RunResult:
    """Run one scenario on one app and store everything; evaluate the rules; write reports.
    ``redact``: the device profile's identifiers never reach the database (``monitor.redact``).
    ``reveal``: reports show the identifiers raw (masked by default: ``monitor.reports.mask``).
    ``reports_to(run_id)``: where the caller writes the reports when ``out_dir`` is None — recorded for a later
    pimon that closes this run if its pimon dies, and written here when the run is interrupted.

    Whatever happens — the app crashes, the agent detaches, the scenario fails, pimon is
    interrupted — the run is finished in the store with a status saying so, and is reportable.
    ``traffic`` (None: on for the emulator) captures the app's HTTP(S) through pimon's proxy
    (``monitor.traffic.capture.TrafficCapture``); its flows are stored even when the app crashed.
    ``disclosure`` (a :class:`monitor.traffic.disclosure.Disclosure`) is stored in the run's config for
    PI-6.5-UNDISCLOSED-THIRD-PARTY. The static inventory of the app (``app_file``, else the emulator's installed
    jar) is stored in the run's ``config.inventory`` at the end (:func:`record_inventory`).
    ``suite_run_id`` / ``task_id`` tie the run to a suite run and a queue task (``monitor/fleet``);
    ``baseline`` marks accepted findings in the reports.
    Traffic options (``monitor.traffic.capture.traffic_plan``): ``offline`` (None: the emulator answers
    locally, a real device forwards upstream), ``unpin`` (certificate unpinning hooks, recorded as an
    intervention), ``block_quic`` (None: on wherever traffic is captured).
    ``outcome(store, run_id, status, reason)``: the caller's last word on the status before the run is finished
    (``pimon sdk audit``: ``sdk-incomplete`` when the SDK hit a linkage error); None keeps it.
    ``early``: a :class:`monitor.launch.EarlyLaunch` of ``package`` on ``device``, started before this call: the run
    uses its device state, and its first launch takes the process (stopped here when it does not).
    """
    from monitor.catalog import load_catalog
    from monitor.traffic.capture import traffic_plan

    freeze_startup()
    catalog = catalog or load_catalog()
    plan = traffic_plan(device, traffic=traffic, offline=offline, unpin=unpin, block_quic=block_quic)
    traffic = plan.capture
    extra: dict[str, Any] = {"traffic": bool(traffic), **plan.config()}
    if disclosure is not None:
        extra["disclosure"] = disclosure.model_dump(mode="json")
    run_id = store.create_run(
        package,
        device_kind=device.kind,
        device_serial=getattr(device, "serial", None),
        scenario=getattr(scenario, "name", str(scenario)),
        config={"params": dict(params or {}), "pimon": __version__, **extra,
                "owner": run_owner(out_dir, formats, device)},
        suite_run_id=suite_run_id,
        task_id=task_id,
    )
    if out_dir is None and reports_to is not None:
        store.update_run_config(run_id, {"owner": run_owner(reports_to(run_id), formats, device)})
    base_device = device
    capture = None
    if traffic:  # the proxy's process starts while the run's device is made
        from monitor.traffic.capture import TrafficCapture

        capture = TrafficCapture(plan.proxy_config())
        capture.begin()
    try:
        run_device = early.run_device() if early is not None else None
        if early is not None and run_device is None:  # its device state could not be made: the run makes its own
            early.cancel()
            early = None
        device = run_device if run_device is not None else isolated_device(device, run_id)
        if redact:
            from monitor.redact import Redactor, redact_key

            Redactor(device.profile_values(), redact_key()).register(store, run_id)
            store.update_run_config(run_id, {"redacted": True})
    except BaseException:
        if capture is not None:
            capture.abort()
        if early is not None:
            early.cancel()
        if device is not base_device:
            device.close()
        raise
    try:
        return _execute(device=device, package=package, scenario=scenario, store=store, params=params,
                        catalog=catalog, rule_config=rule_config, progress=progress, out_dir=out_dir,
                        formats=formats, traffic=traffic, run_id=run_id, app_file=app_file, baseline=baseline,
                        lang=lang, reports_to=reports_to, plan=plan, reveal=reveal, outcome=outcome,
                        capture=capture, early=early)
    finally:
        getattr(store, "redactors", {}).pop(run_id, None)
        if early is not None:
            early.cancel()  # not taken (no launch, another first step): before its device goes
        if device is not base_device:
            device.close()


#: The youngest generation's threshold once a run starts (CPython's default: 700 allocations). A run allocates in
#: bursts (event batches, flows, reports); collecting every 700 of them costs ~30 ms of a run in gen-0/1 passes.
GC_YOUNG_THRESHOLD = 10_000
_startup_frozen = False


def freeze_startup() -> None:
    """Once per process, when its first run starts: what is alive then (modules, the catalog, the store's metadata:
    ~90,000 containers in ``pimon run``) is left out of the cyclic collector's passes (``gc.freeze``), and the
    youngest generation is collected less often. Measured on a first-launch run: the collector took 0.18 s of it
    (three full passes of 15-55 ms over everything the process had imported), 0.06 s after this.
    Frozen objects are still freed by reference counting; only a reference cycle among them would stay."""
    global _startup_frozen
    if _startup_frozen:
        return
    _startup_frozen = True
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def run_owner(out_dir: Path | None, formats: tuple[str, ...], device: Any) -> dict[str, Any]:
    """Who runs this run (host, pid and its start time) and where its reports go: a later pimon closes a run
    whose owner died (``monitor.recover``), writes its reports there and removes its device state."""
    import os
    import socket

    from monitor.recover import process_start

    home = getattr(device, "home", None)
    return {"host": socket.gethostname(), "pid": os.getpid(), "pid_start": process_start(os.getpid()),
            "out_dir": str(Path(out_dir).resolve()) if out_dir is not None else None, "formats": list(formats),
            "device_home": str(home) if home is not None and device.kind == "emulator" else None}


def isolated_device(device: Device, run_id: int) -> Device:
    """The device state of one run: the emulator's ``for_run`` copy (own proxy, CA trust, app data and
    control ports), so runs at once on one machine never see each other's; other devices as they are."""
    for_run = getattr(device, "for_run", None)
    return for_run(str(run_id)) if for_run is not None else device


def _execute(*, device: Device, package: str, scenario: Any, store: Any, params: dict[str, Any] | None,
             catalog: Any, rule_config: Any, progress: ProgressCallback | None, out_dir: Path | None,
             formats: tuple[str, ...], traffic: bool, run_id: int, app_file: Path | None,
             baseline: Any = None, lang: str | None = None,
             reports_to: Callable[[int], Path] | None = None,
             plan: Any = None, reveal: bool = False,
             outcome: Callable[..., tuple[str, str] | None] | None = None, capture: Any = None,
             early: Any = None) -> RunResult:
    from monitor import warmup
    from monitor.scenarios.engine import run_scenario

    recorder = RunRecorder(device=device, package=package, store=store, run_id=run_id, catalog=catalog,
                           progress=progress)
    if plan is None:
        from monitor.traffic.capture import traffic_plan

        plan = traffic_plan(device, traffic=traffic)
    recorder.agent_options = plan.agent_options()
    recorder.early = early
    warming: list[threading.Thread] = []
    recorder.on_first_wait = lambda: warming.append(warmup.start(formats, lang))
    status, reason = "completed", None
    interrupted: KeyboardInterrupt | None = None
    app_gone = False  # a step stopped because the app had ended
    try:
        if traffic:
            from monitor.traffic.capture import TrafficCapture

            capture = capture or TrafficCapture(plan.proxy_config())  # begun by execute_run
            recorder.net_sink = capture.net_sink

            def start_capture() -> None:
                host, port = capture.start(device)
                recorder.progress(f"traffic through {host}:{port} "
                                  f"({'offline' if plan.offline else 'forwarded upstream'})")

            if getattr(device, "proxy_read_at_release", False):
                recorder.before_release = start_capture  # the proxy's start overlaps the app's spawn and hooks
            else:  # a real device: routed through the proxy before anything of the app starts
                start_capture()
        result = run_scenario(scenario, recorder, params)
        for failed in getattr(result, "failed_assertions", []) or []:
            recorder.mark(f"assertion failed: {failed}")
    except KeyboardInterrupt as exc:
        interrupted = exc
        status = "interrupted"
        reason = "interrupted by SIGTERM" if isinstance(exc, Terminated) else "interrupted by the user"
    except AppCrashed as exc:  # a step needed the app and it had died: the crash is the outcome, not a failure
        recorder.mark(f"scenario stopped: {exc}")
        app_gone = True
        if recorder.crashed is None:
            recorder.finish()  # classify the exit now
        if recorder.crashed is None:
            status, reason = "failed", str(exc)
    except UiUnreadable as exc:  # the screen could not be read: its picture is the evidence, never a finding
        status, reason = "ui-unreadable", str(exc)
        shot = recorder.screenshot("ui-unreadable", evidence=True)
        recorder.mark(f"scenario stopped: {exc}" + (f" (screenshot #{shot})" if shot else " (no screenshot could be taken)"))
    except PimonError as exc:
        status, reason = "failed", str(exc)
    except Exception as exc:
        log.exception("run %s failed", run_id)
        status, reason = "failed", f"internal error: {type(exc).__name__}: {exc}"
    finally:
        try:
            recorder.finish()
        except Exception as exc:  # noqa: BLE001
            log.warning("could not stop the app cleanly: %s", exc)
        try:
            recorder.flush_pending()
        except PimonError as exc:
            status, reason = "failed", str(exc)
        if capture is not None:
            capture.stop(device)
        for thread in warming:  # its imports done before the end's own: no two threads in one import cycle
            thread.join()
    if capture is not None:
        try:
            flows = capture.analyse(store, run_id, device, package)
            recorder.progress(f"{flows} flow(s) recorded")
            capture.record_interventions(store, run_id, plan)
        except Exception as exc:
            log.exception("run %s: traffic analysis failed", run_id)
            recorder.mark(f"traffic analysis failed: {type(exc).__name__}: {exc}")
    if recorder.crash is not None:  # the FATAL stack, for report.html and findings.json
        store.update_run_config(run_id, {"crash": recorder.crash.as_dict()})
    if any(p["role"] != "main" for p in recorder.processes):  # Android: every process of the app, in findings.json
        store.update_run_config(run_id, {"processes": recorder.processes})
    if recorder.crashed is not None and status == "completed":
        status, reason = "app-crashed", str(recorder.crashed)
        if recorder.crashed.stderr_tail:
            reason += "\n" + recorder.crashed.stderr_tail[:1500]
    elif recorder.crashed is not None:
        reason = f"{reason}; {recorder.crashed}"
    elif status == "completed" and recorder.detached_reason not in (None, "process-terminated"):
        status, reason = "detached", f"instrumentation detached: {recorder.detached_reason}"
    if interrupted is None:
        try:  # probes for Frida/root followed by the app's end: instrumentation-detected (monitor/detection.py)
            from monitor.detection import record as record_detection

            status, reason = record_detection(store, run_id, status, reason, app_gone=app_gone)
        except Exception as exc:
            log.exception("run %s: detection analysis failed", run_id)
            recorder.mark(f"detection analysis failed: {type(exc).__name__}: {exc}")
    try:
        record_inventory(store, run_id, device, package, app_file)
    except Exception as exc:
        log.exception("run %s: static inventory failed", run_id)
        recorder.mark(f"static inventory failed: {type(exc).__name__}: {exc}")
    try:  # the privacy policy the app links to or bundles: evidence, and the disclosure unless one was given
        from monitor.policy.run import record_policy

        jar = getattr(device, "app_jar", None)
        record_policy(store, run_id, package, app_file or (jar(package) if jar is not None else None))
    except Exception as exc:
        log.exception("run %s: privacy policy failed", run_id)
        recorder.mark(f"privacy policy not read: {type(exc).__name__}: {exc}")
    if outcome is not None and status in ("completed", "app-crashed"):
        try:
            status, reason = outcome(store, run_id, status, reason) or (status, reason)
        except Exception as exc:
            log.exception("run %s: outcome failed", run_id)
            recorder.mark(f"outcome not decided: {type(exc).__name__}: {exc}")
    store.finish_run(run_id, status, reason)
    from monitor.rules import analyse_run  # imported by the warm-up while the scenario waited

    findings = analyse_run(store, run_id, rule_config)
    from monitor.store.chain import seal_run

    seal_run(store, run_id)  # hash chain over every stored record + the findings: `pimon verify`
    reports: dict[str, Path] = {}
    if out_dir is None and interrupted is not None and reports_to is not None:
        out_dir = reports_to(run_id)  # the caller will not get to write them: pimon stops after this run
    if out_dir is not None:
        from monitor.reports import write_reports

        reports = write_reports(store, run_id, out_dir, formats=formats, baseline=baseline, lang=lang, reveal=reveal)
    if interrupted is not None:  # the run is closed, evaluated, sealed and reported: now pimon stops
        raise interrupted
    return RunResult(run_id, status, reason, findings, reports)
