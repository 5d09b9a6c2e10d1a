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
from dataclasses import dataclass, field

from .fake_shell import FakeShell

X4 = "; echo X4EXIT:$?"


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
    mounts: list[tuple[str, str]] = field(default_factory=list)  # (namespace, mountpoint)
    stash: dict[str, dict[str, bytes]] = field(default_factory=dict)  # mountpoint -> files it hides
    apex: bool = True  # has /apex/com.android.conscrypt/cacerts (Android 14+)
    commands: list[str] = field(default_factory=list)
    next_pid: int = 4000
    reboots: int = 0
    focus: str = "com.android.launcher3/com.android.launcher3.Launcher"  # package/activity on screen
    logcat: queue.Queue = field(default_factory=queue.Queue)  # lines a `logcat` stream will print

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

    def reboot(self) -> None:
        """What a reboot does to the state pimon cares about: processes, mounts, reverses go."""
        keep = ("zygote64", "zygote", "com.android.systemui", "com.google.android.gms")
        self.processes = {k: v + 1 for k, v in self.processes.items() if k in keep}
        for target in [t for ns, t in reversed(self.mounts) if ns == "init"]:
            prefix = target + "/"
            for p in [p for p in self.files if p.startswith(prefix)]:
                del self.files[p]
            self.files.update(self.stash.pop(target, {}))
        self.mounts.clear()
        self.reverses.clear()
        self.props.pop("pimon.fake.u2.running", None)
        self.props["sys.boot_completed"] = "1"
        self.reboots += 1

    def snapshot(self) -> dict:
        """Everything setup may change, for before/after comparisons."""
        return {
            "settings": dict(self.settings),
            "files": dict(self.files),
            "processes": dict(self.processes),
            "reverses": dict(self.reverses),
            "mounts": list(self.mounts),
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

    def __enter__(self) -> FakeAdbServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
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
        if dev is None:
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
                extra = ""
                if req.endswith("-l") and d.state == "device":
                    model = d.props["ro.product.model"].replace(" ", "_")
                    extra = f" product:fake model:{model} device:fake transport_id:1"
                lines.append(f"{d.serial}\t{d.state}{extra}")
            self._okay(("\n".join(lines) + "\n").encode())
            return False
        if req.startswith("host:tport:serial:") or req.startswith("host:transport:"):
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
                if d is None:
                    self._fail(f"device '{serial}' not found")
                else:
                    self._okay(d.state.encode())
                return False
            dev = self._select(serial)
            if dev is None:
                return False
            if rest.startswith("wait-for-"):
                self.sock.sendall(b"OKAYOKAY")
                return False
            if rest == "features":
                self._okay(b"shell_v2,cmd,stat_v2,apex,abb")
            elif rest.startswith("forward:"):
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
            else:
                out, rc, hold = FakeShell(dev).run(cmd)
        self._okay()
        if cmd.startswith("logcat "):  # follow the device's log until the client hangs up
            self._follow(dev)
            return
        self.sock.sendall(out.encode())
        if magic:
            self.sock.sendall(f"X4EXIT:{rc}\n".encode())
        if hold:  # a long-running command (uiautomator server): keep the stream open
            try:
                while self.sock.recv(1024):
                    pass
            except OSError:
                pass

    def _follow(self, dev: FakeDevice) -> None:
        while True:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if readable and not self.sock.recv(1024):
                return
            try:
                line = dev.logcat.get(timeout=0.05)
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
                if arg in dev.files:
                    mode, size = 0o100644, len(dev.files[arg])
                elif arg.rstrip("/") in dev.dirs or arg == "/":
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
                    dev.files[path] = data
                    dev.commands.append(f"<push {path} {len(data)}>")
                self.sock.sendall(b"OKAY" + struct.pack("<I", 0))
            elif cmd == "RECV":
                data = dev.files.get(arg)
                if data is None:
                    msg = b"No such file or directory"
                    self.sock.sendall(b"FAIL" + struct.pack("<I", len(msg)) + msg)
                    return
                for i in range(0, len(data), 65536):
                    chunk = data[i : i + 65536]
                    self.sock.sendall(b"DATA" + struct.pack("<I", len(chunk)) + chunk)
                self.sock.sendall(b"DONE" + struct.pack("<I", 0))
            elif cmd == "LIST":
                prefix = arg.rstrip("/") + "/"
                for p, data in dev.files.items():
                    if p.startswith(prefix) and "/" not in p[len(prefix) :]:
                        name = p[len(prefix) :].encode()
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
