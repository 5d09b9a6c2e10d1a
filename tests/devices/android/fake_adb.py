"""A fake adb server speaking adb's host protocol on 127.0.0.1, backed by scripted fake devices.

This is the protocol boundary we cannot have here (a phone). adbutils and uiautomator2 connect to it
as to a real ``adb`` server: 4-hex-length-prefixed requests, ``OKAY``/``FAIL`` replies,
``host:version``, ``host:devices(-l)``, ``host:tport:serial:`` / ``host:transport:``,
``host-serial:S:<cmd>``, ``shell:`` (v1; adbutils appends ``; echo X4EXIT:$?``), ``sync:``
(STAT/SEND/RECV/LIST), ``reverse:*`` and ``tcp:PORT`` (piped to a host port, e.g. a fake
uiautomator2 agent). Every shell command reaching a device is recorded in ``device.commands``.
"""

from __future__ import annotations

import queue
import select
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from .fake_shell import READ_ONLY, FakeShell, Mount

X4 = "; echo X4EXIT:$?"


def screencap_png(dev: Any) -> bytes:
    """What ``screencap -p`` writes: a PNG of the screen (the test's ``dev.screen_png``, else a grey one;
    all black while ``dev.secure_window`` is set, as Android blanks FLAG_SECURE windows)."""
    import io

    from PIL import Image

    if getattr(dev, "screen_png", None) and not getattr(dev, "secure_window", False):
        return dev.screen_png
    buf = io.BytesIO()
    Image.new("RGB", (108, 192), (0, 0, 0) if getattr(dev, "secure_window", False) else (128, 128, 128)).save(buf, "PNG")
    return buf.getvalue()


@dataclass
class FakeDevice:
    serial: str
    state: str = "device"  # device | unauthorized | offline
    props: dict[str, str] = field(default_factory=dict)
    root: str | None = "su"  # "adbd" (adb root), "su" (Magisk su -c), "su0" (AOSP su 0 CMD), or None
    selinux: str = "Enforcing"
    settings: dict[str, str] = field(default_factory=dict)  # "global/http_proxy" -> value
    files: dict[str, bytes] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    processes: dict[str, int] = field(default_factory=dict)  # name -> pid
    packages: dict[str, str] = field(default_factory=dict)  # package -> apk path
    clock_offset: int = 0
    tcp_ports: dict[int, int] = field(default_factory=dict)  # device port -> host port (services)
    reverses: dict[str, str] = field(default_factory=dict)  # remote -> local
    mtab: list[Mount] = field(default_factory=list)  # every mount, in every namespace, in order
    su_isolated: bool = True  # Magisk/KernelSU: each `su -c` session gets its own mount namespace
    proc_ns: dict[int, str] = field(default_factory=dict)  # pid -> its mount namespace ("init" = pid 1's)
    reboot_down_s: float = 0.3  # a reboot: still listed (boot_completed=1) this long, then gone
    reboot_gone_s: float = 0.4  # absent from `adb devices` this long, then booting (boot_completed=0)
    reboot_boot_s: float = 0.4  # then boot_completed=1 after this long
    boot_id: str = "boot-0"
    on_ps: Callable[[FakeDevice], None] | None = None  # runs after each `ps`: process lists change
    reboot_thread: threading.Thread | None = None
    exes: dict[int, str] = field(default_factory=dict)  # pid -> /proc/PID/exe
    listening: dict[int, int] = field(default_factory=dict)  # TCP port -> pid listening on it
    pushes: list[tuple[str, bytes]] = field(default_factory=list)  # every `adb push`, in order
    exe_data: dict[int, bytes] = field(default_factory=dict)  # pid -> the binary it runs (kept if deleted)
    pm_sessions: dict[int, dict] = field(default_factory=dict)  # pm install-create sessions
    versions: dict[str, int] = field(default_factory=dict)  # package -> installed versionCode
    installed_parts: dict[str, int] = field(default_factory=dict)  # package -> how many APKs it was installed from
    min_target_sdk: int = 23  # Android 14+ refuses apps targeting less (without --bypass-low-target-sdk-block)
    apex: bool = True  # has /apex/com.android.conscrypt/cacerts (Android 14+)
    commands: list[str] = field(default_factory=list)
    next_pid: int = 4000
    reboots: int = 0
    focus: str = "com.android.launcher3/com.android.launcher3.Launcher"  # package/activity on screen
    logcat: queue.Queue = field(default_factory=queue.Queue)  # lines a `logcat` stream will print
    crash_log: queue.Queue = field(default_factory=queue.Queue)  # lines of `logcat -b crash`

    def __post_init__(self) -> None:
        defaults = {
            "ro.product.model": "Pixel 7",
            "ro.build.version.release": "14",
            "ro.build.version.sdk": "34",
            "ro.product.cpu.abi": "arm64-v8a",
            "ro.product.manufacturer": "Google",
            "ro.serialno": self.serial,
            "sys.boot_completed": "1",
        }
        self.props = {**defaults, **self.props}
        self.dirs |= {
            "/",
            "/data",
            "/data/local",
            "/data/local/tmp",
            "/system",
            "/system/etc",
            "/system/etc/security",
            "/system/etc/security/cacerts",
            "/apex",
            "/apex/com.android.conscrypt",
            "/apex/com.android.conscrypt/cacerts",
            "/data/misc/user/0/cacerts-added",
        }
        if not self.apex:
            self.dirs -= {"/apex/com.android.conscrypt", "/apex/com.android.conscrypt/cacerts"}
        for store in ("/system/etc/security/cacerts",) + (
            ("/apex/com.android.conscrypt/cacerts",) if self.apex else ()
        ):
            for name in ("0d69c7e1.0", "3513523f.0"):
                self.files.setdefault(f"{store}/{name}", f"builtin {name}".encode())
        self.processes.setdefault("zygote64", 600)
        self.processes.setdefault("zygote", 601)
        self.processes.setdefault("com.android.systemui", 1200)
        self.processes.setdefault("com.google.android.gms", 1300)

    @property
    def mounts(self) -> list[tuple[str, str]]:
        """(namespace, mountpoint) of every mount, in order."""
        return [(m.ns, m.target) for m in self.mtab]

    # -- mount namespaces ----------------------------------------------------------------------
    def ns_of(self, pid: int) -> str | None:
        """The mount namespace of a live pid (1 = init); None if no such process."""
        if pid == 1:
            return "init"
        if pid not in self.processes.values():
            return None
        return self.proc_ns.get(pid, str(pid))

    def view(self, ns: str) -> list[Mount]:
        return [m for m in self.mtab if m.ns == ns or (m.shared and m.ns == "init")]

    def resolve(self, ns: str, path: str) -> tuple[dict[str, bytes], str, Mount | None]:
        """Where ``path`` lives as seen from ``ns``: (files dict, key, the mount or None for disk)."""
        path = path.rstrip("/") or "/"
        for m in reversed(self.view(ns)):
            if path.startswith(m.target + "/"):
                return m.files, path[len(m.target) + 1 :], m
        return self.files, path, None

    def read(self, ns: str, path: str) -> bytes | None:
        files, key, _ = self.resolve(ns, path)
        return files.get(key)

    def write(self, ns: str, path: str, data: bytes) -> str | None:
        """Store a file; an error line if the path is on a read-only filesystem."""
        files, key, mount = self.resolve(ns, path)
        if mount is None and path.startswith(READ_ONLY):
            return "Read-only file system"
        files[key] = data
        return None

    def listdir(self, ns: str, d: str) -> list[str]:
        d = d.rstrip("/")
        for m in reversed(self.view(ns)):
            if d == m.target:
                return sorted(m.files)
        prefix = d + "/"
        return sorted(p[len(prefix) :] for p in self.files if p.startswith(prefix) and "/" not in p[len(prefix) :])

    def is_dir(self, ns: str, d: str) -> bool:
        d = d.rstrip("/") or "/"
        return d in self.dirs or any(m.target == d for m in self.view(ns))

    def visible(self, pid_or_ns: int | str, path: str) -> bytes | None:
        """A file as a process (pid) or namespace sees it: what tests check."""
        ns = self.ns_of(pid_or_ns) if isinstance(pid_or_ns, int) else pid_or_ns
        return None if ns is None else self.read(ns, path)

    def fork_app(self, name: str) -> int:
        """zygote forks a new app process: its namespace starts as a copy of zygote64's."""
        self.next_pid += 1
        pid = self.next_pid
        zyg = self.ns_of(self.processes["zygote64"]) or "init"
        for m in [m for m in self.mtab if m.ns == zyg]:
            self.mtab.append(Mount(str(pid), m.target, m.files, m.shared, m.fstype))
        self.processes[name] = pid
        return pid

    def run_server(self, exe: str, data: bytes, name: str | None = None, port: int = 27042) -> int:
        """A frida-server (or anything) running from ``exe`` and listening on ``port``."""
        self.next_pid += 1
        pid = self.next_pid
        self.processes[name or exe.rsplit("/", 1)[-1]] = pid
        self.exes[pid], self.exe_data[pid], self.listening[port] = exe, data, pid
        return pid

    # -- reboot --------------------------------------------------------------------------------
    def reboot(self) -> None:
        """What a reboot does to the state pimon cares about: processes, mounts, reverses go."""
        keep = ("zygote64", "zygote", "com.android.systemui", "com.google.android.gms")
        self.processes = {k: v + 1 for k, v in self.processes.items() if k in keep}
        self.proc_ns.clear()
        self.exes.clear()
        self.exe_data.clear()
        self.listening.clear()
        self.mtab.clear()
        self.reverses.clear()
        self.props.pop("pimon.fake.u2.running", None)
        self.props["sys.boot_completed"] = "1"
        self.boot_id = f"boot-{self.reboots + 1}"
        self.reboots += 1

    def reboot_slowly(self) -> None:
        """``adb reboot`` as a real device does it: for a moment nothing changes (sys.boot_completed
        is still 1), then the device leaves `adb devices`, comes back booting, and only later
        finishes booting. Runs in a thread; the command that asked returns at once."""

        def run() -> None:
            time.sleep(self.reboot_down_s)
            previous = self.state
            self.state = "gone"
            self.reboot()
            self.props["sys.boot_completed"] = "0"
            time.sleep(self.reboot_gone_s)
            self.state = previous
            time.sleep(self.reboot_boot_s)
            self.props["sys.boot_completed"] = "1"

        self.reboot_thread = threading.Thread(target=run, name=f"fake-reboot-{self.serial}", daemon=True)
        self.reboot_thread.start()

    def snapshot(self) -> dict:
        """Everything setup may change, for before/after comparisons."""
        return {
            "settings": dict(self.settings),
            "files": dict(self.files),
            "processes": dict(self.processes),
            "reverses": dict(self.reverses),
            "mounts": list(self.mounts),
            "boot_completed": self.props.get("sys.boot_completed"),
            "selinux": self.selinux,
        }

    def shell_commands(self) -> list[str]:
        return list(self.commands)


class FakeAdbServer:
    """``with FakeAdbServer([FakeDevice("emu-1")]) as srv: AdbClient("127.0.0.1", srv.port)``."""

    def __init__(self, devices: list[FakeDevice] | None = None, version: int = 41) -> None:
        self.devices: dict[str, FakeDevice] = {d.serial: d for d in devices or []}
        self.version = version
        self.requests: list[str] = []
        self.forwards: list[socket.socket] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                _Session(outer, self.request).run()

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def add(self, device: FakeDevice) -> FakeDevice:
        self.devices[device.serial] = device
        return device

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def forward(self, dev: FakeDevice, local: int, remote: int) -> None:
        """``adb forward tcp:LOCAL tcp:REMOTE``: connections to the host's LOCAL reach what listens on the
        device's REMOTE (``dev.tcp_ports``); with nothing there, adbd closes them at once, as a real one."""
        listener = socket.create_server(("127.0.0.1", local))
        self.forwards.append(listener)

        def serve() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                target = dev.tcp_ports.get(remote)
                try:
                    if target is None:
                        raise OSError("nothing listens on the device")
                    upstream = socket.create_connection(("127.0.0.1", target), timeout=5)
                except OSError:
                    conn.close()
                    continue
                threading.Thread(target=_pipe, args=(conn, upstream), daemon=True).start()

        threading.Thread(target=serve, name=f"fake-forward-{local}", daemon=True).start()

    def __exit__(self, *exc: object) -> None:
        for listener in self.forwards:
            listener.close()
        self._server.shutdown()
        self._server.server_close()


class _Session:
    def __init__(self, server: FakeAdbServer, sock: socket.socket) -> None:
        self.srv = server
        self.sock = sock
        self.device: FakeDevice | None = None

    # -- framing -----------------------------------------------------------------------------
    def _read(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def _okay(self, payload: bytes | None = None) -> None:
        self.sock.sendall(b"OKAY" + (self._block(payload) if payload is not None else b""))

    def _fail(self, message: str) -> None:
        self.sock.sendall(b"FAIL" + self._block(message.encode()))

    @staticmethod
    def _block(data: bytes) -> bytes:
        return b"%04x" % len(data) + data

    def run(self) -> None:
        try:
            while True:
                length = int(self._read(4), 16)
                request = self._read(length).decode()
                with self.srv.lock:
                    self.srv.requests.append(request)
                if not self._dispatch(request):
                    return
        except (EOFError, ConnectionError, OSError):
            return

    # -- requests ------------------------------------------------------------------------------
    def _select(self, serial: str) -> FakeDevice | None:
        dev = self.srv.devices.get(serial)
        if dev is None or dev.state == "gone":
            self._fail(f"device '{serial}' not found")
            return None
        if dev.state == "unauthorized":
            self._fail("device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set")
            return None
        if dev.state == "offline":
            self._fail("device offline")
            return None
        return dev

    def _dispatch(self, req: str) -> bool:
        """Answer one request; False closes the connection."""
        if req == "host:version":
            self._okay(b"%04x" % self.srv.version)
            return False
        if req in ("host:devices", "host:devices-l"):
            lines = []
            for d in self.srv.devices.values():
                if d.state == "gone":  # rebooting: adb does not list it at all
                    continue
                extra = ""
                if req.endswith("-l") and d.state == "device":
                    model = d.props["ro.product.model"].replace(" ", "_")
                    extra = f" product:fake model:{model} device:fake transport_id:1"
                lines.append(f"{d.serial}\t{d.state}{extra}")
            self._okay(("\n".join(lines) + "\n").encode())
            return False
        if req.startswith(("host:tport:serial:", "host:transport:")):
            dev = self._select(req.split(":", 2)[2].removeprefix("serial:"))
            if dev is None:
                return False
            self.device = dev
            self.sock.sendall(b"OKAY" + (struct.pack("<Q", 1) if "tport" in req else b""))
            return True
        if req.startswith("host-serial:"):
            _, serial, rest = req.split(":", 2)
            if rest == "get-state":
                d = self.srv.devices.get(serial)
                if d is None or d.state == "gone":
                    self._fail(f"device '{serial}' not found")
                else:
                    self._okay(d.state.encode())
                return False
            if rest.startswith("wait-for-"):  # adb blocks until the device is there (e.g. after a reboot)
                deadline = time.monotonic() + 30
                while (d := self.srv.devices.get(serial)) is None or d.state == "gone":
                    if time.monotonic() > deadline:
                        self._fail(f"device '{serial}' not found")
                        return False
                    time.sleep(0.02)
                self.sock.sendall(b"OKAYOKAY")
                return False
            dev = self._select(serial)
            if dev is None:
                return False
            if rest == "features":
                self._okay(b"shell_v2,cmd,stat_v2,apex,abb")
            elif rest.startswith("forward:"):  # adb forward: a real listener on the host, relayed to the device
                local, remote = rest[len("forward:") :].removeprefix("norebind:").split(";", 1)
                self.srv.forward(dev, int(local.split(":")[1]), int(remote.split(":")[1]))
                self._okay()
                self.sock.sendall(b"OKAY")
            else:
                self._okay(b"")
            return False
        dev = self.device
        if dev is None:
            self._fail(f"unknown host service '{req}'")
            return False
        if req.startswith("shell:"):
            self._shell(dev, req[len("shell:") :])
            return False
        if req == "sync:":
            self._okay()
            self._sync(dev)
            return False
        if req.startswith("reverse:"):
            self._reverse(dev, req[len("reverse:") :])
            return False
        if req.startswith("tcp:"):
            self._tcp(dev, int(req[4:]))
            return False
        if req == "reboot:":
            self._okay()
            dev.commands.append("<reboot>")
            dev.reboot_slowly()
            return False
        self._fail(f"unsupported service {req}")
        return False

    def _shell(self, dev: FakeDevice, cmd: str) -> None:
        magic = cmd.endswith(X4)
        if magic:
            cmd = cmd[: -len(X4)]
        with self.srv.lock:
            dev.commands.append(cmd)
            if cmd.startswith("logcat "):
                out, rc, hold = "", 0, False
            elif cmd.split()[:2] == ["screencap", "-p"]:  # the screen as PNG, raw bytes on the stream
                out, rc, hold = screencap_png(dev), 0, False
            else:
                out, rc, hold = FakeShell(dev).run(cmd)
        self._okay()
        if cmd.startswith("logcat "):  # follow the device's log until the client hangs up
            self._follow(dev.crash_log if " -b crash" in cmd else dev.logcat)
            return
        self.sock.sendall(out if isinstance(out, bytes) else out.encode())  # screencap -p: binary
        if magic:
            self.sock.sendall(f"X4EXIT:{rc}\n".encode())
        if hold:  # a long-running command (uiautomator server): keep the stream open
            try:
                while self.sock.recv(1024):
                    pass
            except OSError:
                pass

    def _follow(self, lines: queue.Queue) -> None:
        while True:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if readable and not self.sock.recv(1024):
                return
            try:
                line = lines.get(timeout=0.05)
            except queue.Empty:
                continue
            try:
                self.sock.sendall(line.encode() + b"\n")
            except OSError:
                return

    def _sync(self, dev: FakeDevice) -> None:
        while True:
            try:
                cmd = self._read(4).decode()
            except EOFError:
                return
            if cmd == "QUIT":
                return
            (n,) = struct.unpack("<I", self._read(4))
            arg = self._read(n).decode()
            if cmd == "STAT":
                found = dev.read("init", arg)
                if found is not None:
                    mode, size = 0o100644, len(found)
                elif dev.is_dir("init", arg):
                    mode, size = 0o040755, 0
                else:
                    mode, size = 0, 0
                self.sock.sendall(b"STAT" + struct.pack("<III", mode, size, 1700000000 if mode else 0))
            elif cmd == "SEND":
                path = arg.rsplit(",", 1)[0]
                data = b""
                while True:
                    kind = self._read(4)
                    (m,) = struct.unpack("<I", self._read(4))
                    if kind == b"DONE":
                        break
                    data += self._read(m)
                with self.srv.lock:
                    error = dev.write("init", path, data)
                    dev.pushes.append((path, data))
                    dev.commands.append(f"<push {path} {len(data)}>")
                if error:
                    msg = f"couldn't create file: {error}".encode()
                    self.sock.sendall(b"FAIL" + struct.pack("<I", len(msg)) + msg)
                    return
                self.sock.sendall(b"OKAY" + struct.pack("<I", 0))
            elif cmd == "RECV":
                data = dev.read("init", arg)
                if data is None:
                    msg = b"No such file or directory"
                    self.sock.sendall(b"FAIL" + struct.pack("<I", len(msg)) + msg)
                    return
                for i in range(0, len(data), 65536):
                    chunk = data[i : i + 65536]
                    self.sock.sendall(b"DATA" + struct.pack("<I", len(chunk)) + chunk)
                self.sock.sendall(b"DONE" + struct.pack("<I", 0))
            elif cmd == "LIST":
                for entry in dev.listdir("init", arg):
                    data = dev.read("init", arg.rstrip("/") + "/" + entry) or b""
                    name = entry.encode()
                    self.sock.sendall(
                        b"DENT" + struct.pack("<IIII", 0o100644, len(data), 0, len(name)) + name
                    )
                self.sock.sendall(b"DONE" + struct.pack("<IIII", 0, 0, 0, 0))
            else:
                return

    def _reverse(self, dev: FakeDevice, rest: str) -> None:
        with self.srv.lock:
            dev.commands.append(f"<reverse {rest}>")
            if rest == "list-forward":
                body = "".join(f"host {remote} {local}\n" for remote, local in dev.reverses.items())
                self._okay(body.encode())
                return
            if rest.startswith("forward:"):
                spec = rest[len("forward:") :].removeprefix("norebind:")
                remote, local = spec.split(";", 1)
                dev.reverses[remote] = local
            elif rest.startswith("killforward:"):
                remote = rest[len("killforward:") :]
                if remote not in dev.reverses:
                    self._fail(f"listener '{remote}' not found")
                    return
                del dev.reverses[remote]
            elif rest == "killforward-all":
                dev.reverses.clear()
        self._okay()
        self.sock.sendall(b"OKAY")

    def _tcp(self, dev: FakeDevice, port: int) -> None:
        host_port = dev.tcp_ports.get(port)
        if host_port is None:
            self._fail(f"connect error for tcp:{port}: Connection refused")
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", host_port), timeout=5)
        except OSError as exc:
            self._fail(f"connect error: {exc}")
            return
        self._okay()
        _pipe(self.sock, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    def copy(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    t = threading.Thread(target=copy, args=(b, a), daemon=True)
    t.start()
    copy(a, b)
    t.join(timeout=10)
    b.close()
