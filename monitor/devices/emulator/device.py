"""pimon's JVM emulator as a :class:`~monitor.devices.base.Device`.

The device is a directory (``state_home()/devices/<name>`` unless given): ``apps/<pkg>.jar``,
``data/<pkg>/``, ``settings/global.properties``, ``ca/truststore.jks``, ``profile.properties``.
Each app runs in its own JVM (``com.pimon.emulator.Zygote``), spawn-gated.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

from monitor import paths
from monitor.devices.base import Device, DeviceEvent, DeviceEventCallback
from monitor.devices.emulator import props
from monitor.devices.emulator.java import find_java, find_keytool
from monitor.devices.emulator.manifest import AppManifest, read_manifest
from monitor.devices.emulator.process import EmulatorProcess
from monitor.devices.emulator.ui import EmulatorUi
from monitor.errors import AppNotFound, ConfigError, DeviceError, ToolMissing

TRUSTSTORE_PASSWORD = "changeit"
#: Device events after which the screen may look different: a poll of the screen looks again at once.
SCREEN_NEWS = frozenset({"ui", "lifecycle", "exit", "restart"})
#: Small, quick-starting app JVMs: one GC thread, C1 only (about 40% less start-up CPU; Frida hooks them as usual).
JVM_DEFAULTS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m")
# Where an app's JVM writes its fatal error log (hs_err_pid<N>.log), as Android's debuggerd writes tombstones: the
# crash record of an app killed by a signal names the JVM's error and problematic frame from it (monitor/crashes.py).
TOMBSTONES = "tombstones"


class EmulatorDevice(Device):
    kind = "emulator"
    #: An app process reads the device's proxy and CA trust when it is released, not when it is spawned (Zygote):
    #: a run starts its proxy while the gated app is attached and hooked (monitor/run.py).
    proxy_read_at_release = True

    def __init__(self, home: Path | None = None, name: str = "emulator", *, build_dir: Path | None = None,
                 timeout: float = 10.0) -> None:
        self.name = name
        self.serial = f"emulator:{name}"
        self.home = Path(home) if home is not None else paths.state_home() / "devices" / name
        self.build_dir = Path(build_dir) if build_dir is not None else paths.EMULATOR_BUILD
        self.timeout = timeout
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        for sub in ("apps", "data", "settings", "ca"):
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.control_secret = _control_secret(self.home)
        self.processes: list[EmulatorProcess] = []
        #: Extra JVM options for one package's processes (``pimon sdk audit``: the JVM's exception log), kept
        #: by :meth:`for_run`.
        self.app_jvm_args: dict[str, tuple[str, ...]] = {}
        #: Where the apps' JVMs write their fatal error logs; a run's device (:meth:`for_run`) writes to its
        #: parent's, which outlives it, as Android's tombstones outlive the app.
        self.tombstones = self.home / TOMBSTONES
        self._ui = EmulatorUi(self)
        #: Screen news from this device's processes (ui and lifecycle events, exits): EmulatorUi.wait_change.
        self.ui_changes = 0
        self.ui_changed = threading.Condition()
        self._covers: queue.Queue[EmulatorProcess | None] = queue.Queue()
        threading.Thread(target=self._cover_loop, name=f"pimon-cover-{name}", daemon=True).start()

    # ---- files -------------------------------------------------------------------------------------

    @property
    def framework_jar(self) -> Path:
        jar = self.build_dir / "framework.jar"
        if not jar.is_file():
            raise ToolMissing(f"the emulator is not built ({jar} is missing): run `make -C emulator` or `make setup`")
        return jar

    def app_jar(self, package: str) -> Path:
        return self.home / "apps" / f"{package}.jar"

    def data_dir(self, package: str) -> Path:
        return self.home / "data" / package

    @property
    def truststore(self) -> Path:
        return self.home / "ca" / "truststore.jks"

    # ---- apps --------------------------------------------------------------------------------------

    def install(self, path: Path) -> str:
        """Installs an app jar (AndroidManifest.xml at its root); returns its package."""
        path = Path(path)
        if not path.is_file():
            raise AppNotFound(f"no such app file: {path}")
        manifest = read_manifest(path)
        tmp = self.app_jar(manifest.package).with_suffix(".jar.tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(self.app_jar(manifest.package))
        return manifest.package

    def fixtures(self) -> list[str]:
        """Names of the built fixture apps (emulator/apps/<name>) and test apps."""
        names = {p.stem for sub in ("apps", "testapps") for p in (self.build_dir / sub).glob("*.jar")}
        return sorted(names)

    def install_fixture(self, name: str) -> str:
        """Installs a built fixture app (build/apps/<name>.jar, else build/testapps/<name>.jar)."""
        for sub in ("apps", "testapps"):
            jar = self.build_dir / sub / f"{name}.jar"
            if jar.is_file():
                return self.install(jar)
        have = ", ".join(self.fixtures()) or "none (run `make -C emulator`)"
        raise AppNotFound(f"unknown fixture app {name!r}; available: {have}")

    def installed(self) -> list[str]:
        return sorted(p.stem for p in (self.home / "apps").glob("*.jar"))

    def is_installed(self, package: str) -> bool:
        return self.app_jar(package).is_file()

    def manifest(self, package: str) -> AppManifest:
        self._need(package)
        return read_manifest(self.app_jar(package))

    def uninstall(self, package: str) -> None:
        self._stop_package(package)
        self.app_jar(package).unlink(missing_ok=True)
        shutil.rmtree(self.data_dir(package), ignore_errors=True)

    def _need(self, package: str) -> None:
        if not self.is_installed(package):
            have = ", ".join(self.installed()) or "none"
            raise AppNotFound(f"{package} is not installed on {self.serial}; installed: {have}")

    def clear_data(self, package: str) -> None:
        """Like ``pm clear``: ends the app and deletes data/<pkg>/ (prefs, grants, files)."""
        self._stop_package(package)
        shutil.rmtree(self.data_dir(package), ignore_errors=True)

    # ---- processes ---------------------------------------------------------------------------------

    def spawn(self, package: str, *, on_event: DeviceEventCallback | None = None, boot: bool = False,
              gate: bool = True, jvm_args: Sequence[str] = ()) -> EmulatorProcess:
        """Starts the app's JVM, gated: the JVM is up, no app class is loaded until ``release()``.
        A live process of the same package is stopped first (one process per package).

        ``boot``: deliver BOOT_COMPLETED to the app's receivers instead of launching its main activity.
        ``jvm_args``: extra JVM options (e.g. ``-Xmx256m``, ``-Dkey=value``) placed before the main class.
        """
        self._need(package)
        java = find_java()
        self._stop_package(package)  # one process per package, as on Android
        tombstones = self.tombstones
        tombstones.mkdir(mode=0o700, parents=True, exist_ok=True)
        cmd = [java, *JVM_DEFAULTS, f"-XX:ErrorFile={tombstones}/hs_err_pid%p.log",
               *self.app_jvm_args.get(package, ()), *jvm_args,
               "-cp", str(self.framework_jar), "com.pimon.emulator.Zygote",
               "--device-dir", str(self.home), "--package", package, "--parent-pipe"]
        if gate:
            cmd.append("--gate")
        if boot:
            cmd.append("--boot")
        holder: list[EmulatorProcess] = []

        def events(ev: DeviceEvent) -> None:
            if ev.kind == "lifecycle" and ev.data.get("state") == "foreground" and holder:
                self._covers.put(holder[0])
            if on_event is not None:
                on_event(ev)
            if ev.kind in SCREEN_NEWS:
                with self.ui_changed:
                    self.ui_changes += 1
                    self.ui_changed.notify_all()

        proc = EmulatorProcess(package, cmd, on_event=events, timeout=self.timeout, cwd=self.home,
                               secret=self.control_secret, tombstones=tombstones)
        holder.append(proc)
        if not gate:
            proc.released = True
        self.processes = [p for p in self.processes if p.alive] + [proc]
        self._register(proc)
        return proc

    def _cover_loop(self) -> None:
        """One app in front at a time: when one comes to the foreground, the others go to the background."""
        while True:
            front = self._covers.get()
            if front is None:
                return
            for p in list(self.processes):
                if p is not front and p.alive and p.released and p.foreground:
                    with contextlib.suppress(DeviceError):
                        p.request("cover")

    def process(self, package: str) -> EmulatorProcess | None:
        """The newest live process of this package."""
        for p in reversed(self.processes):
            if p.package == package and p.alive:
                return p
        return None

    def _stop_package(self, package: str) -> None:
        for p in list(self.processes):
            if p.package == package and p.alive:
                p.stop()

    def stop_all(self) -> None:
        for p in list(self.processes):
            if p.alive:
                p.stop()
        self.processes = []

    @property
    def ui(self) -> EmulatorUi:
        return self._ui

    def reboot(self, *, on_event: DeviceEventCallback | None = None) -> list[EmulatorProcess]:  # type: ignore[override]
        """Ends every app process, then starts (gated) each installed app that has a BOOT_COMPLETED
        receiver with ``--boot``. Returns those processes: attach, then ``release()`` each."""
        self.stop_all()
        started = []
        for package in self.installed():
            if read_manifest(self.app_jar(package)).boot_receivers:
                started.append(self.spawn(package, on_event=on_event, boot=True))
        return started

    # ---- network and trust ---------------------------------------------------------------------------

    @property
    def _global_settings(self) -> Path:
        return self.home / "settings" / "global.properties"

    def set_proxy(self, host: str, port: int) -> None:
        """The global HTTP(S) proxy (``settings put global http_proxy host:port``), for apps started afterwards."""
        if not host or any(c in host for c in " /:") and not host.startswith("["):
            raise ConfigError(f"bad proxy host {host!r}")
        if not 0 < int(port) < 65536:
            raise ConfigError(f"bad proxy port {port!r}")
        values = props.read(self._global_settings)
        values["http_proxy"] = f"{host}:{int(port)}"
        props.write(self._global_settings, values)

    def clear_proxy(self) -> None:
        values = props.read(self._global_settings)
        if values.pop("http_proxy", None) is not None:
            props.write(self._global_settings, values)

    def proxy(self) -> str | None:
        return props.read(self._global_settings).get("http_proxy")

    def install_ca(self, pem: Path) -> None:
        """Adds a CA certificate (PEM) to the device's trust store (JKS, password changeit): written here
        (``jks.py``), or by keytool when the PEM or the store is more than that module reads."""
        pem = Path(pem)
        if not pem.is_file():
            raise ConfigError("no such certificate file", path=str(pem))
        alias = "pimon-" + hashlib.sha256(pem.read_bytes()).hexdigest()[:16]
        if _add_trusted_cert(self.truststore, pem, alias):
            return
        keytool = find_keytool()
        base = [keytool, "-keystore", str(self.truststore), "-storepass", TRUSTSTORE_PASSWORD, "-storetype", "JKS"]
        if self.truststore.exists():
            subprocess.run([*base, "-delete", "-alias", alias], capture_output=True, check=False)
        run = subprocess.run([*base, "-importcert", "-noprompt", "-alias", alias, "-file", str(pem)],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            detail = (run.stdout + run.stderr).strip().splitlines()
            raise ConfigError(f"keytool could not import the certificate: {detail[-1] if detail else run.returncode}",
                              path=str(pem))

    def render(self, xml: str, scale: float = 0.5) -> bytes:
        """A hierarchy (the dump's XML) drawn as the apps draw their screenshots, by a JVM started for it: for a
        screen none of the device's apps is left to draw (ScreenRenderer's ``main``)."""
        try:
            done = subprocess.run([find_java(), *JVM_DEFAULTS, "-cp", str(self.framework_jar),
                                   "com.pimon.emulator.ScreenRenderer", f"{scale:g}"],
                                  input=xml.encode("utf-8"), capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeviceError(f"the screen could not be drawn: {exc}") from exc
        if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise DeviceError(f"the screen could not be drawn: {tail[0][:300]}")
        return done.stdout

    # ---- instrumentation and profile -----------------------------------------------------------------

    def frida_device(self) -> Any:
        import frida

        return frida.get_local_device()

    def profile_values(self) -> dict[str, str]:
        """The device profile (identifiers, location, …) from profile.properties, completed with the
        emulator's deterministic defaults on first use (written by com.pimon.emulator.Profile)."""
        path = self.home / "profile.properties"
        if not path.is_file():
            try:
                subprocess.run([find_java(), "-cp", str(self.framework_jar), "com.pimon.emulator.DeviceTool",
                                "profile", str(self.home)], capture_output=True, timeout=60, check=False)
            except (ToolMissing, OSError, subprocess.TimeoutExpired):
                return {}
        return props.read(path)

    # ---- isolation -----------------------------------------------------------------------------------

    def for_run(self, key: str | None = None) -> EmulatorDevice:
        """A device of its own for one run, so any number of runs can go at once on one machine.

        A copy of this device's state in ``runs/<pid>-<key>/`` (0700): the installed apps (hard links), the
        profile (the same identifiers), the settings without a proxy, the apps' data, the hosts file (``etc/hosts``)
        and the CAs this device trusts (none by default).
        The run's proxy, CA trust, app data and app processes (each with its own control port) live there
        and nowhere else; :meth:`close` of the returned device deletes it (the state of this device is
        never changed by a run). Directories left by a pimon that died are removed here too.
        Its processes are also listed in this device's ``processes`` (``process(package)`` finds them)."""
        self.profile_values()  # created once here, so every run of this device sees the same identifiers
        runs = self.home / "runs"
        runs.mkdir(mode=0o700, exist_ok=True)
        remove_stale_run_dirs(runs)
        key = f"{os.getpid()}-{key or hashlib.sha256(os.urandom(16)).hexdigest()[:12]}"
        home = runs / key
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(mode=0o700)
        for sub in ("apps", "settings", "ca", "data"):
            (home / sub).mkdir(mode=0o700)
        for jar in (self.home / "apps").glob("*.jar"):
            try:
                os.link(jar, home / "apps" / jar.name)
            except OSError:
                shutil.copyfile(jar, home / "apps" / jar.name)
        for f in (self.home / "settings").glob("*.properties"):
            values = props.read(f)
            values.pop("http_proxy", None)
            props.write(home / "settings" / f.name, values)
        if (self.home / "profile.properties").is_file():
            shutil.copyfile(self.home / "profile.properties", home / "profile.properties")
        # the device's own hosts file and trusted CAs (a lab's test servers); the run adds its proxy's CA
        if (self.home / "etc").is_dir():
            shutil.copytree(self.home / "etc", home / "etc", dirs_exist_ok=True)
        if self.truststore.is_file():
            shutil.copyfile(self.truststore, home / "ca" / self.truststore.name)
        if (self.home / "data").is_dir():
            shutil.copytree(self.home / "data", home / "data", dirs_exist_ok=True, symlinks=True)
        child = EmulatorDevice(home, self.name, build_dir=self.build_dir, timeout=self.timeout)
        child.serial = self.serial
        child.app_jvm_args = dict(self.app_jvm_args)
        child.tombstones = self.tombstones
        child.proxy_read_at_release = self.proxy_read_at_release
        child._parent = self
        child._run_dir = home
        return child

    _parent: EmulatorDevice | None = None
    _run_dir: Path | None = None

    def _register(self, proc: EmulatorProcess) -> None:
        parent = self._parent
        if parent is not None:
            parent.processes = [p for p in parent.processes if p.alive] + [proc]

    def close(self) -> None:
        self.stop_all()
        self._covers.put(None)
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _control_secret(home: Path) -> str:
    """The device's control-channel secret (``control.secret``, 0600): apps' channels answer only clients that
    present it, so another local user cannot drive or read an app through its loopback port."""
    path = home / "control.secret"
    try:
        text = path.read_text().strip()
        if text:
            return text
    except OSError:
        pass
    import secrets

    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_run_dirs(runs: Path) -> list[Path]:
    """Delete the per-run device directories (``<pid>-<key>``) whose pimon process is gone."""
    removed = []
    for d in runs.iterdir() if runs.is_dir() else ():
        pid = d.name.partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def _add_trusted_cert(truststore: Path, pem: Path, alias: str) -> bool:
    """``keytool -delete -alias`` + ``-importcert`` without a JVM: False (nothing written) when the PEM's first
    certificate or the existing store is not something :mod:`jks` reads; keytool then does it, or says why not."""
    import ssl
    import time

    from cryptography import x509

    from monitor.devices.emulator import jks

    try:
        text = pem.read_text(encoding="ascii")
        begin, end = text.index(ssl.PEM_HEADER), text.index(ssl.PEM_FOOTER)
        der = ssl.PEM_cert_to_DER_cert(text[begin:end + len(ssl.PEM_FOOTER)])
        x509.load_der_x509_certificate(der)  # keytool refuses what is not a certificate: so do we
        entries = jks.read(truststore.read_bytes(), TRUSTSTORE_PASSWORD) if truststore.exists() else []
    except (OSError, ValueError):  # JksError is a ValueError
        return False
    entries = [e for e in entries if e.alias != alias.lower()]
    entries.append(jks.trusted_cert(alias, der, int(time.time() * 1000)))
    tmp = truststore.with_name(f".{truststore.name}.{os.getpid()}.tmp")
    tmp.write_bytes(jks.write(entries, TRUSTSTORE_PASSWORD))
    os.replace(tmp, truststore)
    return True
