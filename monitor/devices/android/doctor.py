"""``pimon doctor``: check each prerequisite of a device, each with its own message and fix.

Read-only: doctor never changes the device. A check is ``ok``, ``warn`` (works, with a caveat),
``fail`` (a run will not work) or ``skip`` (could not be checked because an earlier check failed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from adbutils import AdbDevice, AdbError

from monitor.devices.android import adb, cert, frida_server
from monitor.devices.android.probe import FridaState, frida_state
from monitor.errors import PimonError

MAX_SKEW_S = 2.0
# A real HTTP request from the device through adb reverse: adbd accepts the TCP connection even when
# nothing listens on the host, so only an HTTP answer proves the route. toybox nc: connect within
# 3 s, quit 2 s after stdin's EOF; timeout guards a server that never answers.
PROBE_PATH = "/pimon-doctor-probe"
PROBE = (
    "printf 'GET http://pimon.invalid" + PROBE_PATH + " HTTP/1.0\\r\\nHost: pimon.invalid\\r\\n\\r\\n' "
    "| timeout 6 nc -q 2 -w 3 127.0.0.1 {port}"
)


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail | skip
    message: str
    fix: str = ""


@dataclass
class DoctorOptions:
    serial: str | None = None
    proxy_port: int | None = None  # None: the port `pimon setup` routed the device to, else 8080
    ca_pem: Path | None = None
    host: str | None = None
    port: int | None = None
    clock: Callable[[], float] = time.time


def run(opts: DoctorOptions) -> list[Check]:
    host, port = adb.server_address(opts.host, opts.port)
    if not adb.server_reachable(host, port):
        return [
            Check(
                "adb",
                "fail",
                f"no adb server answers on {host}:{port}",
                "run `adb start-server` (install adb: `apt install adb` or Android SDK platform-tools)",
            )
        ]
    c = adb.client(host, port)
    checks = [Check("adb", "ok", f"adb server {host}:{port}, protocol version {c.server_version()}")]
    try:
        dev = adb.pick(c, opts.serial)
    except PimonError as exc:
        fix = (
            "accept the USB debugging prompt on the phone; if none shows, `adb kill-server` and replug"
            if "unauthorised" in str(exc)
            else "connect the device (USB debugging on) or start the AVD"
        )
        return checks + [Check("device", "fail", str(exc), fix)]
    checks.append(Check("device", "ok", f"{dev.serial} authorised"))
    try:
        found = device_checks(dev, opts)
    except (PimonError, AdbError) as exc:
        return checks + [
            Check("device", "fail", f"lost contact with {dev.serial}: {exc}", "reconnect the device")
        ]
    return checks + [
        Check(c.name, c.status, c.message, c.fix.replace("SERIAL", dev.serial or "SERIAL")) for c in found
    ]


def device_checks(dev: AdbDevice, opts: DoctorOptions) -> list[Check]:
    from monitor.devices.android.provision import proxy_port
    from monitor.devices.android.state import SetupState

    abi = adb.sh(dev, "getprop ro.product.cpu.abi").out.strip()
    sdk = adb.sh(dev, "getprop ro.build.version.sdk").out.strip()
    mode = adb.root_mode(dev)
    fs = frida_state(dev)
    port = opts.proxy_port or proxy_port(SetupState.load(dev.serial or "")) or 8080
    return [
        check_root(mode),
        check_abi(abi),
        *check_frida(fs, abi),
        check_selinux(adb.sh(dev, "getenforce").out.strip()),
        check_proxy(dev, port),
        check_ca(dev, mode, opts.ca_pem or cert.default_ca_pem(), sdk),
        check_ui(dev),
        check_clock(adb.sh(dev, "date +%s").out.strip(), opts.clock()),
        *check_install(dev),
    ]


def check_root(mode: str | None) -> Check:
    if mode == "adbd":
        return Check("root", "ok", "adbd runs as root (adb root)")
    if mode == "su":
        return Check("root", "ok", "root through su")
    if mode == "su0":
        return Check("root", "ok", "root through the emulator's `su 0` (`adb root` also works here)")
    return Check(
        "root",
        "fail",
        "no root: frida-server cannot run and the CA can only go to the user store",
        "AVD: use a 'Google APIs' (not 'Google Play') image and run `adb root`; phone: root it (Magisk)",
    )


def check_abi(abi: str) -> Check:
    if abi in frida_server.ABI_ARCH:
        return Check("abi", "ok", f"{abi} -> frida-server android-{frida_server.ABI_ARCH[abi]}")
    return Check("abi", "fail", f"unknown ABI {abi!r}", "pimon supports arm64-v8a, armeabi-v7a, x86, x86_64")


def check_frida(fs: FridaState, abi: str) -> list[Check]:
    """The running server (identified by the binary behind its pid), then pimon's copy on disk."""
    want, arch = frida_server.host_version(), frida_server.ABI_ARCH.get(abi)
    path = frida_server.DEVICE_PATH
    out = []
    if not fs.pid:
        running = Check("frida-server running", "fail", "frida-server is not running", "run `pimon setup SERIAL`")
    elif fs.running_version and fs.running_version != want:
        running = Check(
            "frida-server running",
            "fail",
            f"the running frida-server (pid {fs.pid}, {fs.exe or '?'}) is {fs.running_version}, "
            f"this host's frida is {want} (they must match)",
            "run `pimon setup SERIAL` (it stops that server and starts the right one)"
            + (" and update/disable what starts it (MagiskFrida module?)" if fs.foreign else ""),
        )
    elif fs.foreign:
        running = Check(
            "frida-server running",
            "ok" if fs.running_version == want else "warn",
            f"pid {fs.pid} from {fs.exe} ({fs.running_version or 'version unknown'}), not pimon's copy",
            "" if fs.running_version == want else "check that it is a frida-server of the host's version",
        )
    else:
        running = Check("frida-server running", "ok", f"pid {fs.pid} ({fs.running_version or want})")
    if not fs.present:
        if fs.foreign and running.status == "ok":
            return [running]
        return [Check("frida-server", "fail", f"{path} is missing", "run `pimon setup SERIAL`"), running]
    if fs.arch and arch and fs.arch != arch:
        out.append(
            Check(
                "frida-server abi",
                "fail",
                f"{path} is built for {fs.arch}, the device needs {arch}",
                "run `pimon setup --force SERIAL` to push the right build",
            )
        )
    elif fs.version is None:
        out.append(
            Check(
                "frida-server abi",
                "fail",
                f"{path} does not run: {fs.error}",
                "run `pimon setup --force SERIAL`",
            )
        )
    if fs.version and fs.version != want:
        out.append(
            Check(
                "frida-server version",
                "fail",
                f"device has frida-server {fs.version}, this host's frida is {want} (they must match)",
                "run `pimon setup --force SERIAL`",
            )
        )
    elif fs.version:
        out.append(Check("frida-server version", "ok", f"{fs.version} matches the host"))
    return out + [running]


def check_selinux(mode: str) -> Check:
    if mode == "Enforcing":
        return Check(
            "selinux",
            "warn",
            "Enforcing: fine for frida-server 17 in most cases",
            "if spawning fails with 'unable to inject', try `adb shell su -c setenforce 0` (until reboot)",
        )
    return Check("selinux", "ok", mode or "unknown")


def check_proxy(dev: AdbDevice, port: int) -> Check:
    want = f"127.0.0.1:{port}"
    value = adb.sh(dev, "settings get global http_proxy").out.strip()
    if value != want:
        shown = "unset" if value in ("null", "", ":0") else value
        return Check(
            "proxy",
            "fail",
            f"global HTTP proxy is {shown}, expected {want}",
            f"run `pimon setup --proxy-port {port} SERIAL`",
        )
    if not any(r.remote == f"tcp:{port}" for r in dev.reverse_list()):
        return Check(
            "proxy",
            "fail",
            f"the device points at {want} but no `adb reverse tcp:{port}` exists",
            f"run `pimon setup --proxy-port {port} SERIAL` (adb reverse is lost when adb restarts)",
        )
    leads = next((r.local for r in dev.reverse_list() if r.remote == f"tcp:{port}"), f"tcp:{port}")
    if leads != f"tcp:{port}":
        return Check(
            "proxy",
            "fail",
            f"adb reverse tcp:{port} leads to this host's {leads}, not tcp:{port}",
            f"run `pimon setup --proxy-port {port} SERIAL` again",
        )
    with _ProbeResponder(port) as responder:
        r = adb.sh(dev, PROBE.format(port=port), timeout=15)
    if "HTTP/1." not in r.out:
        return Check(
            "proxy",
            "fail",
            f"an HTTP request from the device through adb reverse tcp:{port} got no HTTP answer "
            + ("(pimon's probe listener on this host saw nothing)" if responder.listening
               else f"(what listens on this host's 127.0.0.1:{port} is not an HTTP proxy)"),
            f"check `adb reverse --list` (tcp:{port} must lead to this host's tcp:{port}) and what listens "
            f"on 127.0.0.1:{port}; `pimon setup --proxy-port {port} SERIAL` redoes the route",
        )
    if responder.listening:
        return Check(
            "proxy",
            "ok",
            f"{want} -> adb reverse -> this host's 127.0.0.1:{port} (verified by an HTTP request; "
            "no proxy runs now, a run starts one there)",
        )
    return Check("proxy", "ok", f"{want} -> adb reverse -> the proxy on this host answered HTTP")


class _ProbeResponder:
    """While doctor probes: if nothing listens on 127.0.0.1:PORT, answer HTTP there ourselves, so the
    route device -> adb reverse -> host is verified even when no proxy runs."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.listening = False
        self._server: Any = None

    def __enter__(self) -> Self:
        import http.server
        import threading

        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = b"pimon doctor"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        try:
            self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Answer)
        except OSError:  # taken: a proxy (or something else) is there; probe through it
            return self
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        self.listening = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def check_ca(dev: AdbDevice, mode: str | None, pem: Path, sdk: str) -> Check:
    try:
        name = cert.android_name(cert.load_pem(pem))
    except PimonError as exc:
        return Check(
            "ca", "fail", str(exc), "start pimon's proxy once (it creates the CA), then `pimon setup`"
        )
    store = cert.APEX_STORE if adb.sh(dev, f"ls {cert.APEX_STORE}").ok else cert.SYSTEM_STORE
    if mode is not None:  # what new app processes will see: zygote's view, compared by content
        from monitor.devices.android import ca_install

        ours = cert.android_file(cert.load_pem(pem))
        zygote = (ca_install.zygote_pids(dev) or [1])[0]
        seen = ca_install.trusted_in(dev, mode, zygote, f"{store}/{name}")
        if ca_install.same_cert(seen, ours):
            return Check("ca", "ok", f"{name} in {store}, as zygote (pid {zygote}) sees it")
        if seen:
            return Check(
                "ca",
                "fail",
                f"{store}/{name} is another certificate (another host's mitmproxy CA?), not {pem}",
                "run `pimon setup SERIAL` (it replaces it)",
            )
    elif adb.sh(dev, f"ls {store}/{name}").ok:
        return Check("ca", "ok", f"{name} in {store} (content not compared: no root to read it as zygote does)")
    if adb.sh(dev, f"ls {cert.USER_STORE}/{name}").ok:
        return Check(
            "ca",
            "warn",
            f"{name} is only a user CA: apps targeting Android 7+ ignore it",
            "root the device and run `pimon setup`, or rebuild the app with a network_security_config",
        )
    fix = (
        "run `pimon setup SERIAL` (tmpfs mount; undone by teardown or reboot)"
        if mode
        else "install the CA as a user CA (see `pimon setup`), or use a rooted AVD"
    )
    return Check("ca", "fail", f"{name} is not trusted (looked in {store}, Android SDK {sdk})", fix)


def check_ui(dev: AdbDevice) -> Check:
    if dev.sync.exists("/data/local/tmp/u2.jar"):
        return Check("uiautomator2", "ok", "agent u2.jar installed")
    return Check(
        "uiautomator2", "fail", "uiautomator2 agent (u2.jar) not installed", "run `pimon setup SERIAL`"
    )


def check_clock(device_epoch: str, host_epoch: float) -> Check:
    if not device_epoch.isdigit():
        return Check("clock", "warn", f"could not read the device clock ({device_epoch!r})")
    skew = int(device_epoch) - host_epoch
    if abs(skew) > MAX_SKEW_S:
        return Check(
            "clock",
            "fail",
            f"device clock is {skew:+.0f} s off the host; event and traffic times will not line up",
            "enable automatic date & time on the device (or `adb shell su -c date @$(date +%s)`)",
        )
    return Check("clock", "ok", f"skew {skew:+.1f} s")


def check_install(dev: AdbDevice) -> list[Check]:
    """MIUI refuses `adb install` unless "Install via USB" is on (it needs a Mi account and a SIM)."""
    miui = adb.sh(dev, "getprop ro.miui.ui.version.name").out.strip()
    if not miui:
        return []
    return [
        Check(
            "install via usb",
            "warn",
            f"MIUI/HyperOS ({miui}): installs over adb fail with INSTALL_FAILED_USER_RESTRICTED "
            "unless Developer options > 'Install via USB' (and 'USB debugging (Security settings)') are on",
            "enable both in Developer options (signed in to a Mi account, with a SIM), or install the APK by hand",
        )
    ]
