"""AndroidDevice: a phone or AVD through adb, frida-server and uiautomator2.

Frida reaches frida-server through ``adb forward tcp:<free> tcp:27042`` and
``DeviceManager.add_remote_device`` — works the same for USB phones, AVDs and emulator containers,
and needs no Frida USB backend. Spawning is Frida's spawn gating: ``spawn([package])`` creates the
process suspended before any app code; :meth:`AndroidApp.release` is ``resume(pid)``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import frida
from adbutils import AdbClient, AdbError

from monitor.devices.android import adb, profile, provision, undo
from monitor.devices.android.app import FRIDA_ERRORS, AndroidApp
from monitor.devices.android.probe import running_server
from monitor.devices.android.state import SetupState
from monitor.devices.android.ui import U2UiDriver
from monitor.devices.base import AppProcess, Device, DeviceEventCallback, UiDriver
from monitor.errors import AppCrashed, AppNotFound, ConfigError, ControlTimeout, DeviceError

FRIDA_PORT = 27042


class AndroidDevice(Device):
    kind = "android"

    def __init__(
        self, serial: str | None = None, *, client: AdbClient | None = None, frida_device: Any = None,
        gadget: bool = False,
    ) -> None:
        """``frida_device`` overrides how Frida is reached (default: adb forward to frida-server).
        ``gadget``: no frida-server; the app is patched with Frida's gadget listening on the device's
        127.0.0.1:27042 (docs/android.md, "Unrooted phones"), reached through the same adb forward."""
        self._client = client or adb.client()
        self.adb = adb.pick(self._client, serial)
        self.serial = self.adb.serial or ""
        self._frida = frida_device
        self._frida_override = frida_device
        self.gadget = gadget
        self._package = ""  # the last app spawned: after a reboot, its boot-time processes are looked for
        self._boot_gate: Any = None
        self._ui: U2UiDriver | None = None
        self.install_notes: list[str] = []
        self.gate_processes = True  # instrument the app's other processes (package:x) too
        self.gating_error = ""  # why spawn gating could not be enabled, if it could not

    # -- Frida -------------------------------------------------------------------------------
    def frida_device(self) -> Any:
        if self._frida is None:
            if not self.gadget and running_server(self.adb) is None:
                raise DeviceError(
                    f"frida-server is not running on {self.serial}; run `pimon setup {self.serial}`"
                )
            try:
                local = self.adb.forward_port(FRIDA_PORT)
            except AdbError as exc:
                raise DeviceError(f"adb forward to frida-server failed: {exc}") from exc
            self._frida = frida.get_device_manager().add_remote_device(f"127.0.0.1:{local}")
        return self._frida

    def diagnose_loss(self) -> str:
        """Why the Frida connection went away: USB/adb gone, frida-server died, or unknown."""
        try:
            states = {i.serial: i.state for i in self._client.list()}
        except (AdbError, OSError):
            return f"the adb server went away; {self.serial} is unreachable (events so far are kept)"
        if states.get(self.serial) != "device":
            return (
                f"{self.serial} disconnected (adb state: {states.get(self.serial, 'absent')}); "
                "events so far are kept — reconnect and run again"
            )
        try:
            alive = running_server(self.adb) is not None
        except DeviceError:
            alive = False
        if not alive:
            return (
                f"frida-server on {self.serial} died (events so far are kept); "
                f"`pimon doctor {self.serial}` then `pimon setup {self.serial}`"
            )
        return (
            f"lost the Frida connection to {self.serial} while frida-server still runs "
            "(events so far are kept)"
        )

    def prepare_launch(self, package: str) -> None:
        """Before a run launches the app: the app is installed, Frida answers, and the uiautomator2
        agent is started and pinged (it can take 30 s; not inside the consent dialog's seconds)."""
        if not self.is_installed(package):
            raise AppNotFound(f"{package} is not installed on {self.serial}")
        if not self.gadget:
            self.frida_device()
        ui = self.ui
        if isinstance(ui, U2UiDriver):
            ui.start()

    def spawn(self, package: str, *, on_event: DeviceEventCallback | None = None) -> AppProcess:
        if not self.is_installed(package):
            raise AppNotFound(
                f"{package} is not installed on {self.serial}; `pimon` can install an APK, "
                "or `adb install APP.apk`"
            )
        if self.gadget:
            return self._spawn_gadget(package, on_event)
        fd = self.frida_device()
        self.close_boot_gate()
        self._package = package
        adb.sh(self.adb, f"am force-stop {package}")  # a cold start: spawn gating needs a new process
        gate = self._gate(fd, package, on_event) if on_event is not None and self.gate_processes else None
        try:
            pid = self._spawn_main(fd, package)
        except BaseException:
            if gate is not None:
                gate.close()
            raise
        if gate is not None:
            gate.main_spawned(pid)
        app = AndroidApp(self, fd, package, pid, on_event)
        app.gate = gate
        return app

    def _spawn_gadget(self, package: str, on_event: DeviceEventCallback | None, timeout: float = 20) -> AppProcess:
        """Gadget route: start the app (its gadget holds it in ``on_load: wait`` until a client resumes
        it), reach the gadget through adb forward, and hand its one process over still held."""
        adb.sh(self.adb, f"am force-stop {package}")
        r = adb.sh(self.adb, f"monkey -p {package} -c android.intent.category.LAUNCHER 1")
        if not r.ok or "No activities found" in r.out:
            raise AppNotFound(f"{package} could not be started on {self.serial}: {r.out.strip()[-200:]}")
        deadline = time.monotonic() + timeout
        delay, last = 0.1, ""
        while True:  # the gadget listens once the app has loaded it: no event for that, poll
            try:
                fd = self.frida_device()
                procs = fd.enumerate_processes()
                if procs:
                    break
            except FRIDA_ERRORS as exc:
                last = f"{type(exc).__name__}: {exc}"
                self._frida = self._frida_override
            if time.monotonic() > deadline:
                raise AppCrashed(
                    f"no Frida gadget answered on {self.serial}:27042 within {timeout:.0f} s after starting "
                    f"{package} ({last or 'no process listed'}); is the installed APK the gadget-patched one?"
                )
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        self._package = package
        return AndroidApp(self, fd, package, procs[0].pid, on_event)

    def _spawn_main(self, fd: Any, package: str) -> int:
        try:
            return int(fd.spawn([package]))
        except (frida.ExecutableNotFoundError, frida.ProcessNotFoundError) as exc:
            raise AppNotFound(f"{package}: Frida cannot find it on {self.serial} ({exc})") from exc
        except frida.InvalidOperationError as exc:  # frida-server said no: not a lost connection
            raise DeviceError(f"frida-server refused to spawn {package} on {self.serial}: {exc}") from exc
        except (frida.ServerNotRunningError, frida.TransportError) as exc:
            raise DeviceError(self.diagnose_loss()) from exc
        except frida.TimedOutError as exc:
            raise AppCrashed(
                f"{package} did not start on {self.serial} ({exc}); it may crash at launch: "
                "see `adb logcat -b crash`"
            ) from exc
        except FRIDA_ERRORS as exc:
            raise AppCrashed(
                f"{package} could not be spawned on {self.serial}: {type(exc).__name__}: {exc}"
            ) from exc

    def _gate(self, fd: Any, package: str, on_event: DeviceEventCallback) -> Any:
        """Spawn gating for the run: the app's other processes (``package:x``) come to ``on_event`` as
        ``process-spawned`` events carrying a gated :class:`AndroidApp` (instrument it, then
        ``release()``); every other new process on the device is resumed at once."""
        from monitor.devices.android.gating import SpawnGate
        from monitor.devices.base import DeviceEvent

        def on_app(pid: int, name: str) -> None:
            proc = AndroidApp(self, fd, package, pid, _sub_events(on_event, pid, name), lifecycle=False)
            proc.process = name
            on_event(DeviceEvent("process-spawned", int(time.time() * 1000),
                                 {"pid": pid, "process": name, "app": proc}))

        try:
            return SpawnGate(fd, package, on_app)
        except FRIDA_ERRORS as exc:  # a Frida backend without spawn gating: the main process only
            self.gating_error = f"{type(exc).__name__}: {exc}"
            return None

    # -- packages ----------------------------------------------------------------------------
    def is_installed(self, package: str) -> bool:
        r = adb.sh(self.adb, f"pm path {package}")
        return r.ok and r.out.startswith("package:")

    def clear_data(self, package: str) -> None:
        r = adb.sh(self.adb, f"pm clear {package}")
        if "Success" not in r.out:
            if not self.is_installed(package):
                raise AppNotFound(f"{package} is not installed on {self.serial}")
            raise DeviceError(f"pm clear {package} failed: {r.out.strip() or r.rc}")

    def install(self, path: Path) -> str:
        """Install an .apk, or a split set (.xapk, .apks); see :mod:`monitor.devices.android.install`."""
        from monitor.devices.android import install

        package, self.install_notes = install.install(self.adb, Path(path))
        return package

    def pull_apk(self, package: str, dest_dir: Path) -> Path:
        """Copy the installed package's base APK (``pm path``) into ``dest_dir``; AppNotFound if not installed."""
        r = adb.sh(self.adb, f"pm path {package}")
        paths = [ln.removeprefix("package:").strip() for ln in r.out.splitlines() if ln.startswith("package:")]
        if not r.ok or not paths:
            raise AppNotFound(f"{package} is not installed on {self.serial}")
        remote = next((p for p in paths if p.endswith("/base.apk")), paths[0])
        local = Path(dest_dir) / f"{package}.apk"
        try:
            self.adb.sync.pull(remote, local)
        except (AdbError, OSError) as exc:
            raise DeviceError(f"pulling {remote} from {self.serial} failed: {exc}") from exc
        if not local.is_file() or local.stat().st_size == 0:
            raise DeviceError(f"pulling {remote} from {self.serial} gave no file")
        return local

    # -- screen ------------------------------------------------------------------------------
    @property
    def ui(self) -> UiDriver:
        if self._ui is None:
            self._ui = U2UiDriver(self.adb)
        return self._ui

    # -- reboot, network, CA -----------------------------------------------------------------
    def reboot(self, timeout: float = 180, *, on_event: DeviceEventCallback | None = None) -> list[AppProcess]:
        """Reboot, wait for the device to go away, then for a *fresh* boot to complete, then re-apply
        what setup had done (tmpfs CA, frida-server, adb reverse do not survive a reboot; the proxy
        setting does). Right after ``reboot`` the old system still answers (``sys.boot_completed``
        is 1 until it goes down), so completion only counts with a new boot id."""
        state = SetupState.load(self.serial)
        old_boot = self._boot_id()
        adb.sh(self.adb, "reboot")
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:  # adb offers no event for a boot: poll with backoff
            if self._booted_again(old_boot):
                break
            if time.monotonic() > deadline:
                raise ControlTimeout(
                    f"{self.serial} did not come back from the reboot within {timeout:.0f} s"
                )
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        self._frida = self._frida_override
        self._ui = None
        undo.after_reboot(self.adb, state)
        if on_event is None or not self._package:
            return []
        return self._boot_processes(self._package, on_event)

    def _boot_processes(self, package: str, on_event: DeviceEventCallback) -> list[AppProcess]:
        """After a reboot: spawn gating on at once (what the app starts from now on is held), and the
        app's processes the system already started at boot (BOOT_COMPLETED receivers, sticky services:
        before frida-server was back, so they cannot have been held) attached as they run, main first.
        The caller instruments them (``release()`` is then a no-op) and stops them."""
        from monitor.devices.android.gating import wanted

        fd = self.frida_device()
        gate = self._gate(fd, package, on_event)
        if gate is not None:
            gate.main_spawned(-1)  # no spawn of ours to wait for: a new main process is the app's own
        try:
            running = [p for p in fd.enumerate_processes() if wanted(package, p.name)]
        except FRIDA_ERRORS as exc:
            raise DeviceError(f"listing processes after the reboot failed: {exc}") from exc
        running.sort(key=lambda p: (p.name != package, p.pid))
        procs: list[AppProcess] = []
        for p in running:
            try:
                main = p.name == package and not procs
                events = on_event if main else _sub_events(on_event, p.pid, p.name)
                app = AndroidApp(self, fd, package, p.pid, events, lifecycle=main)
            except AppCrashed:
                continue  # ended meanwhile
            app.process, app.already_running = p.name, True
            procs.append(app)
        if procs:
            procs[0].gate = gate  # closed when the run stops it
        elif gate is not None:
            self._boot_gate = gate  # closed by the next spawn (or close_boot_gate)
        return procs

    def close_boot_gate(self) -> None:
        gate, self._boot_gate = self._boot_gate, None
        if gate is not None:
            gate.close()

    def _boot_id(self) -> str:
        return adb.sh(self.adb, "cat /proc/sys/kernel/random/boot_id").out.strip()

    def _booted_again(self, old_boot: str) -> bool:
        try:
            states = {i.serial: i.state for i in self._client.list()}
        except (AdbError, OSError):
            return False
        if states.get(self.serial) != "device":
            return False
        try:
            if adb.sh(self.adb, "getprop sys.boot_completed").out.strip() != "1":
                return False
            return self._boot_id() not in ("", old_boot)
        except DeviceError:
            return False

    def set_proxy(self, host: str, port: int) -> None:
        if host not in ("127.0.0.1", "localhost"):
            raise ConfigError(
                f"pimon routes a device to the host's loopback proxy through adb reverse; got {host}:{port}"
            )
        provision.setup_proxy(self.adb, port, SetupState.load(self.serial), scope="run-")

    def clear_proxy(self) -> None:
        """Undo what ``set_proxy`` did for this run only: setup's route (its reverse and proxy
        setting) stays, so the device is as ``pimon setup`` left it."""
        undo.undo_kinds(self.adb, ("run-proxy", "run-reverse"))

    @property
    def setup_proxy_port(self) -> int | None:
        """The port ``pimon setup`` routed this device to (a run's proxy may listen there)."""
        return provision.proxy_port(SetupState.load(self.serial))

    def install_ca(self, pem: Path) -> None:
        provision.setup_ca(self.adb, adb.root_mode(self.adb), pem, SetupState.load(self.serial))

    def profile_values(self) -> dict[str, str]:
        """The device's identifiers readable through adb, keyed as the traffic matcher's profile keys."""
        return profile.read(self.adb)


def _sub_events(on_event: DeviceEventCallback, pid: int, name: str) -> DeviceEventCallback:
    """Events of another process of the app: its end is not the app's end."""
    from monitor.devices.base import DeviceEvent

    def relay(e: DeviceEvent) -> None:
        if e.kind == "exit":
            e = DeviceEvent("sub-process-exit", e.ts, {**e.data, "pid": pid, "process": name})
        on_event(e)

    return relay
