"""``pimon selftest --device SERIAL``: exercise each capability pimon needs on *this* phone, and say
which work — a table for the lab, JSON to attach to a bug report or to add a row to the "verified
on" table of docs/android.md.

Each check is independent: a failing one is recorded with its reason and the next one still runs
(a check that needs an earlier one's result is ``skip``). Nothing is left changed on the device
except what ``pimon setup`` already did; spawn gating is always turned off again.

Checks (names are stable; the JSON keeps them):

device            adb state, model, Android version, ABI
root              how pimon gets root (adbd / su / su 0)
frida-server      the *running* server: pid, binary (/proc/PID/exe), version vs the host's frida
frida-connect     Frida through adb forward to that server
spawn-gating      a spawn-gated start of PACKAGE, with spawn gating on; other spawns resumed
sub-process       a ``PACKAGE:x`` process held by spawn gating (needs an app that starts one)
framework-hook    a framework hook (Application.onCreate) firing in the gated app, so hooks are in
                  place before the app's first instruction
app-class-hook    a hook on a class of the app's own dex (its launcher activity), installed once the
                  app's class loader exists
late-loader-hook  a class loader created after start: selftest makes one in the probed app (a PathClassLoader
                  over the device's WebView provider APK) and the agent must hook a class of it as the
                  loader is constructed (the BaseDexClassLoader hook; ART only)
in-process-tls    TLS plaintext taps in place in the probed app (Conscrypt on ART, libssl/BoringSSL loaded by it):
                  what in-process capture needs to see traffic that ignores the proxy or pins its certificate
ca-zygote         pimon's CA trusted as zygote sees it (what every new app process inherits)
proxy-route       an HTTP request from the device through adb reverse to this host
ui-dump           the uiautomator2 agent starts, answers, and dumps the screen
consent-detector  the consent-dialog detector on the live screen (what it finds)
permission-dialog a permission dialog recognised on the live screen (AOSP or OEM), if one shows
reboot            reboot, then frida-server, CA and adb reverse back (only with --reboot: minutes)
"""

from __future__ import annotations

import json
import platform
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from monitor.errors import PimonError

STATUSES = ("ok", "warn", "fail", "skip")


@dataclass
class Check:
    name: str
    status: str
    detail: str
    seconds: float = 0.0


@dataclass
class Report:
    serial: str
    device: dict[str, Any] = field(default_factory=dict)
    host: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    def status(self, name: str) -> str:
        return next((c.status for c in self.checks if c.name == name), "skip")

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    def as_dict(self) -> dict[str, Any]:
        return {"serial": self.serial, "device": self.device, "host": self.host,
                "checks": [asdict(c) for c in self.checks]}

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def verified_row(self) -> str:
        """A row for docs/android.md's "verified on" table."""
        d = self.device
        cols = [d.get("model", "?"), f"{d.get('android', '?')} (SDK {d.get('sdk', '?')})", d.get("root") or "none",
                self.host.get("frida", "?")]
        cols += [self.status(n) for n in ("spawn-gating", "sub-process", "framework-hook", "app-class-hook",
                                          "ca-zygote", "ui-dump", "reboot")]
        return "| " + " | ".join(str(c) for c in cols) + " |"


class Selftest:
    def __init__(self, device: Any, *, package: str | None = None, reboot: bool = False,
                 proxy_port: int | None = None, wait: float = 15.0) -> None:
        from monitor.devices.android.ui import U2UiDriver

        self.dev = device  # an AndroidDevice
        self.package = package
        self.do_reboot = reboot
        self.proxy_port = proxy_port
        self.wait = wait
        self.report = Report(device.serial)
        self.ui = U2UiDriver(device.adb)
        self._fd: Any = None
        self._spawned: tuple[int, Any] | None = None  # (pid, session) of the gated probe app

    # -- running -----------------------------------------------------------------------------
    def check(self, name: str, fn: Callable[[], tuple[str, str]]) -> Check:
        t0 = time.monotonic()
        try:
            status, detail = fn()
        except PimonError as exc:
            status, detail = "fail", str(exc)
        except Exception as exc:  # noqa: BLE001 - a selftest reports whatever broke, and goes on
            status, detail = "fail", f"{type(exc).__name__}: {exc}"
        c = Check(name, status, detail.splitlines()[0][:400] if detail else "", round(time.monotonic() - t0, 2))
        self.report.checks.append(c)
        return c

    def run(self) -> Report:
        import frida

        self.report.host = {"frida": frida.__version__, "python": platform.python_version(),
                            "platform": platform.platform(terse=True)}
        self.check("device", self.device_facts)
        self.check("root", self.root)
        self.check("frida-server", self.frida_server)
        connected = self.check("frida-connect", self.frida_connect).status == "ok"
        if connected and self.package:
            try:
                self.check("spawn-gating", self.spawn_gating)
                hooked = self.report.status("spawn-gating") == "ok"
                for name, fn in (("framework-hook", self.framework_hook), ("app-class-hook", self.app_class_hook)):
                    self.check(name, fn if hooked else lambda: ("skip", "the app was not spawned"))
                self.check("sub-process", self.sub_process)
                self.check("late-loader-hook", self.late_loader_hook if hooked else lambda: ("skip", "the app was not spawned"))
                self.check("in-process-tls", self.tls_taps if hooked else lambda: ("skip", "the app was not spawned"))
            finally:
                self._end_probe()
        else:
            why = "no Frida connection" if not connected else "no --package: name an installed app to probe"
            for name in ("spawn-gating", "framework-hook", "app-class-hook", "sub-process", "late-loader-hook",
                         "in-process-tls"):
                self.check(name, lambda why=why: ("skip", why))
        self.check("ca-zygote", self.ca_zygote)
        self.check("proxy-route", self.proxy_route)
        ui_ok = self.check("ui-dump", self.ui_dump).status == "ok"
        self.check("consent-detector", self.consent_detector if ui_ok else lambda: ("skip", "no UI dump"))
        self.check("permission-dialog", self.permission_dialog if ui_ok else lambda: ("skip", "no UI dump"))
        self.check("reboot", self.reboot if self.do_reboot else lambda: ("skip", "pass --reboot to test it (minutes)"))
        return self.report

    # -- the checks ----------------------------------------------------------------------------
    def device_facts(self) -> tuple[str, str]:
        from monitor.devices.android import probe

        f = probe.facts(self.dev.adb)
        self.report.device = {"model": f.model, "android": f.android, "sdk": f.sdk, "abi": f.abi, "root": f.root,
                              "selinux": f.selinux, "manufacturer": self._prop("ro.product.manufacturer"),
                              "rom": self._prop("ro.miui.ui.version.name") or self._prop("ro.build.version.emui")
                              or self._prop("ro.build.version.oplusrom") or ""}
        return "ok", f"{f.model}, Android {f.android} (SDK {f.sdk}), {f.abi}, SELinux {f.selinux}"

    def _prop(self, name: str) -> str:
        from monitor.devices.android.adb import sh

        return sh(self.dev.adb, f"getprop {name}").out.strip()

    def root(self) -> tuple[str, str]:
        from monitor.devices.android.adb import root_mode

        mode = root_mode(self.dev.adb)
        return ("ok", {"adbd": "adb root", "su": "su -c (Magisk/KernelSU)", "su0": "su 0 (emulator)"}[mode]) \
            if mode else ("fail", "no root: frida-server and the system CA need it")

    def frida_server(self) -> tuple[str, str]:
        from monitor.devices.android import frida_server, probe

        fs = probe.frida_state(self.dev.adb)
        self.report.device["frida_server"] = {"pid": fs.pid, "exe": fs.exe, "version": fs.running_version}
        if not fs.pid:
            return "fail", "no frida-server running (`pimon setup SERIAL`)"
        want = frida_server.host_version()
        where = f"pid {fs.pid}, {fs.exe or '?'}"
        if fs.running_version != want:
            return "fail", f"{where} is {fs.running_version or 'of unknown version'}, host frida is {want}"
        return ("warn" if fs.foreign else "ok"), f"{fs.running_version} ({where})" + (
            ", not pimon's copy" if fs.foreign else "")

    def frida_connect(self) -> tuple[str, str]:
        self._fd = self.dev.frida_device()
        params = self._fd.query_system_parameters()
        os_info = params.get("os", {}) if isinstance(params, dict) else {}
        return "ok", f"{getattr(self._fd, 'name', 'frida')}: {os_info.get('name', '?')} {os_info.get('version', '')}"

    def spawn_gating(self) -> tuple[str, str]:
        from monitor.devices.android.gating import SpawnGate
        from monitor.instrument.session import InstrumentationSession

        fd = self._fd
        others: list[str] = []
        self._subs: list[tuple[int, str]] = []
        self._sub_seen = threading.Event()

        def on_app(pid: int, name: str) -> None:
            self._subs.append((pid, name))
            self._sub_seen.set()
            fd.resume(pid)

        self._gate = SpawnGate(fd, self.package, on_app)
        pid = int(fd.spawn([self.package]))
        self._gate.main_spawned(pid)
        self._events: list[Any] = []
        self._late: list[Any] = []
        catalog = self._probe_catalog()
        self._net: list[Any] = []
        session = InstrumentationSession(fd, catalog, self._events.extend, options={"net": True, "tls": True},
                                         on_net=self._net.append)
        session.attach(pid)
        ready = session.load(timeout=30)
        self._ready = ready
        self._spawned = (pid, session)
        fd.resume(pid)
        others = [n for _, n in self._gate.resumed]
        return "ok", (f"{self.package} spawned gated (pid {pid}), agent ready ({ready.runtime}, {ready.hooks} hooks), "
                      f"resumed; {len(others)} other spawn(s) let go at once")

    def _probe_catalog(self) -> list[dict[str, Any]]:
        out = [{"class": "android.app.Application", "method": "onCreate", "category": "selftest"},
               {"class": LATE_CLASS, "method": "$init", "category": "selftest"}]
        self._activity = self._launcher_activity()
        if self._activity:
            out.append({"class": self._activity, "method": "onCreate", "category": "selftest"})
        return out

    def _launcher_activity(self) -> str:
        from monitor.devices.android.adb import sh

        r = sh(self.dev.adb, f"cmd package resolve-activity --brief {self.package}")
        line = r.out.strip().splitlines()[-1] if r.ok and r.out.strip() else ""
        if "/" not in line:
            return ""
        pkg, cls = line.split("/", 1)
        return pkg + cls if cls.startswith(".") else cls

    def _wait_event(self, api_prefix: str) -> Any:
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            if self._spawned is not None:
                try:
                    self._spawned[1].flush()
                except PimonError:
                    pass
            hit = next((e for e in self._events if e.api.startswith(api_prefix)), None)
            if hit is not None:
                return hit
            time.sleep(0.2)
        return None

    def framework_hook(self) -> tuple[str, str]:
        ev = self._wait_event("android.app.Application.onCreate")
        if ev is None:
            return "fail", f"no Application.onCreate event within {self.wait:g} s (runtime {self._ready.runtime})"
        return "ok", "Application.onCreate hooked before it ran (hooks installed while the process was held)"

    def app_class_hook(self) -> tuple[str, str]:
        if not self._activity:
            return "skip", "could not resolve the app's launcher activity"
        ev = self._wait_event(self._activity + ".onCreate")
        if ev is None:
            return "fail", f"{self._activity}.onCreate (a class of the app's dex) was not hooked within {self.wait:g} s"
        return "ok", f"{self._activity}.onCreate hooked through the app's class loader"

    def late_loader_hook(self) -> tuple[str, str]:
        if self._ready.runtime != "art":
            return "skip", f"no ART runtime in the probed process (runtime {self._ready.runtime})"
        apk = self._webview_apk()
        if not apk:
            return "skip", "no WebView provider APK found (`dumpsys webviewupdate`, `pm path`) to make a class loader over"
        session = self._spawned[1] if self._spawned is not None else None
        if session is None:
            return "skip", "the app was not spawned"
        return late_loader_verdict(session, LATE_CLASS, lambda: session.make_loader(apk), self.wait)

    def tls_taps(self) -> tuple[str, str]:
        session = self._spawned[1] if self._spawned is not None else None
        if session is not None:
            try:
                session.flush()
            except PimonError:
                pass
        taps = tls_taps_of(self._net)
        if taps:
            return "ok", f"TLS plaintext taps in place: {', '.join(taps[:8])}"
        return "fail", (f"no TLS library hooked in {self.package} (Conscrypt on ART, libssl/BoringSSL natively): "
                        "in-process capture would see no plaintext; an app with its own static TLS (Flutter) is "
                        "not covered either")

    def _webview_apk(self) -> str:
        from monitor.devices.android.adb import sh

        r = sh(self.dev.adb, "dumpsys webviewupdate")
        m = re.search(r"Current WebView package \(name, version\): \(([\w.]+),", r.out or "")
        for pkg in ([m.group(1)] if m else []) + ["com.google.android.webview", "com.android.webview", "com.android.chrome"]:
            path = sh(self.dev.adb, f"pm path {pkg}")
            line = next((ln for ln in (path.out or "").splitlines() if ln.startswith("package:") and ln.endswith("base.apk")), "")
            if path.ok and line:
                return line[len("package:"):].strip()
        return ""

    def sub_process(self) -> tuple[str, str]:
        if not getattr(self, "_gate", None):
            return "skip", "spawn gating did not start"
        if self._sub_seen.wait(min(self.wait, 5)):
            pid, name = self._subs[0]
            return "ok", f"{name} (pid {pid}) held by spawn gating, then resumed"
        return "skip", f"{self.package} started no {self.package}:x process within 5 s (use an app that has one)"

    def _end_probe(self) -> None:
        gate = getattr(self, "_gate", None)
        if gate is not None:
            gate.close()
        if self._spawned is not None:
            pid, session = self._spawned
            session.close()
            try:
                self._fd.kill(pid)
            except Exception as exc:  # noqa: BLE001 - gone already
                self.report.device.setdefault("notes", []).append(f"kill {pid}: {exc}")
            self._spawned = None

    def ca_zygote(self) -> tuple[str, str]:
        from monitor.devices.android import ca_install, cert
        from monitor.devices.android.adb import root_mode

        pem = cert.default_ca_pem()
        if not pem.exists():
            return "fail", f"{pem} does not exist: run `pimon setup SERIAL` (it creates it)"
        ours = cert.android_file(cert.load_pem(pem))
        name = cert.android_name(cert.load_pem(pem))
        mode = root_mode(self.dev.adb)
        if mode is None:
            return "skip", "no root: cannot read the store as zygote sees it"
        store = cert.APEX_STORE if ca_install.has_apex_store(self.dev.adb, mode) else cert.SYSTEM_STORE
        zyg = ca_install.zygote_pids(self.dev.adb)
        bad = [p for p in zyg if not ca_install.same_cert(ca_install.trusted_in(self.dev.adb, mode, p, f"{store}/{name}"), ours)]
        if not zyg:
            return "fail", "no zygote process found"
        if bad:
            return "fail", f"zygote {', '.join(map(str, bad))} does not trust pimon's CA in {store}: `pimon setup SERIAL`"
        return "ok", f"{name} in {store} as zygote ({', '.join(map(str, zyg))}) sees it"

    def proxy_route(self) -> tuple[str, str]:
        from monitor.devices.android import doctor
        from monitor.devices.android.provision import proxy_port
        from monitor.devices.android.state import SetupState

        port = self.proxy_port or proxy_port(SetupState.load(self.dev.serial)) or 8080
        c = doctor.check_proxy(self.dev.adb, port)
        return c.status, c.message + " (HTTPS through the proxy and in-process TLS: see a run's flows)"

    def ui_dump(self) -> tuple[str, str]:
        from monitor.scenarios.hierarchy import parse

        self.ui.start()
        self._xml = self.ui.dump_hierarchy()
        nodes = parse(self._xml)
        pkgs = sorted({n.package for n in nodes if n.package})
        return "ok", f"{len(nodes)} nodes; windows of {', '.join(pkgs[:4])}"

    def consent_detector(self) -> tuple[str, str]:
        from monitor.scenarios.detect import detect

        d = detect(self._xml)
        if d.get("dialog"):
            return "ok", f"consent dialog on screen ({d.get('kind')}): agree={bool(d.get('agree'))} refuse={bool(d.get('refuse'))}"
        return "ok", "ran on the live screen: no consent dialog there (open an app's privacy dialog to test it)"

    def permission_dialog(self) -> tuple[str, str]:
        from monitor.scenarios.detect import detect_permission

        p = detect_permission(self._xml)
        if p.dialog:
            return "ok", f"permission dialog recognised: allow={p.allow.text if p.allow else None!r} deny={p.deny.text if p.deny else None!r}"
        return "skip", "no permission dialog on screen now (leave one open and run again to test its recognition)"

    def reboot(self) -> tuple[str, str]:
        from monitor.devices.android import probe

        t0 = time.monotonic()
        self.dev.reboot()
        fs = probe.frida_state(self.dev.adb)
        ca = self.ca_zygote()
        if not fs.pid:
            return "fail", "frida-server did not come back after the reboot"
        if ca[0] == "fail":
            return "fail", "after the reboot: " + ca[1]
        return "ok", f"rebooted and restored in {time.monotonic() - t0:.0f} s (frida-server pid {fs.pid}, CA in zygote)"


LATE_CLASS = "com.android.webview.chromium.WebViewChromiumFactoryProvider"
"""A class of the WebView provider APK: on no app's class path, so only a loader made after start has it."""


def tls_taps_of(messages: list[Any]) -> list[str]:
    """The TLS taps the agent reported (``net:status`` at init, ``net:tap`` when a library loads later)."""
    taps: list[str] = []
    for m in messages:
        if getattr(m, "type", "") in ("net:status", "net:tap"):
            taps += [str(t) for t in (m.payload.get("tls") or []) if str(t) not in taps]
    return taps


def late_loader_verdict(session: Any, class_name: str, make_loader: Callable[[], Any], wait: float) -> tuple[str, str]:
    """The late-loader row (pure apart from the two calls): ``class_name`` must be missing at init, then hooked
    late (``hook:installed`` with ``late``) once ``make_loader()`` made a loader that has it."""
    if class_name not in {m.class_name for m in session.missing}:
        return "skip", f"{class_name} was already loaded before the agent (hooked at init): nothing late to test"
    make_loader()
    if session.wait_late_hook(class_name, timeout=wait):
        return "ok", f"a class loader made after start was seen as it was constructed; {class_name} hooked in it"
    return "fail", (f"a class loader made after start has {class_name}, but the agent did not hook it within "
                    f"{wait:g} s: classes of packed or dynamically loaded dex would be missed")


def run(device: Any, **kw: Any) -> Report:
    return Selftest(device, **kw).run()
