"""What a device is and what state it is in, read through adb (no changes made)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from adbutils import AdbClient, AdbDevice

from monitor.devices.android import frida_server
from monitor.devices.android.adb import parse_getprop, root_mode, root_sh, sh

FRIDA_PORT = 27042


@dataclass
class FridaState:
    present: bool  # the file pimon manages (/data/local/tmp/frida-server) exists
    pid: int | None = None  # the frida-server actually running (listening on 27042), whatever its name
    version: str | None = None  # what pimon's file reports; None if it did not run
    arch: str | None = None  # from the ELF header of pimon's file
    error: str = ""  # what running it printed when it failed
    exe: str = ""  # the running server's binary (/proc/PID/exe): MagiskFrida, a renamed server ...
    running_version: str | None = None  # what the *running* binary reports

    @property
    def foreign(self) -> bool:
        """A server runs from another binary than pimon's file (MagiskFrida, a renamed copy)."""
        return bool(self.pid and self.exe and self.exe != frida_server.DEVICE_PATH)

    @property
    def summary(self) -> str:
        if self.pid and (self.foreign or not self.present):
            return f"{self.running_version or '?'} running pid {self.pid} from {self.exe or '?'}"
        if not self.present:
            return "absent"
        state = f"running pid {self.pid}" if self.pid else "stopped"
        return f"{self.version or self.error or '?'} ({self.arch or '?'}), {state}"


@dataclass
class DeviceFacts:
    serial: str
    state: str
    model: str = ""
    android: str = ""
    sdk: int = 0
    abi: str = ""
    root: str | None = None
    frida: FridaState | None = None
    proxy: str = ""
    selinux: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def pids(dev: AdbDevice, name: str) -> list[int]:
    r = sh(dev, f"pidof {name}")
    return [int(p) for p in r.out.split() if p.isdigit()] if r.ok else []


def listening_pid(dev: AdbDevice, port: int = FRIDA_PORT) -> int | None:
    """The pid listening on TCP ``port`` (toybox ``netstat -tlnp``, root needed for the pid)."""
    mode = root_mode(dev)
    if mode is None:
        return None
    r = root_sh(dev, "netstat -tlnp", mode)
    for line in r.out.splitlines():
        parts = line.split()
        if len(parts) >= 7 and parts[0].startswith("tcp") and parts[3].endswith(f":{port}"):
            owner = parts[-1].split("/", 1)[0]
            if owner.isdigit():
                return int(owner)
    return None


def server_identity(dev: AdbDevice, pid: int) -> tuple[str, str | None]:
    """(binary path, version) of a running frida-server, read from ``/proc/PID/exe``."""
    mode = root_mode(dev)
    r = root_sh(dev, f"readlink /proc/{pid}/exe", mode) if mode else sh(dev, f"readlink /proc/{pid}/exe")
    exe = r.out.strip().removesuffix(" (deleted)") if r.ok else ""
    if not exe:
        return "", None
    v = root_sh(dev, f"/proc/{pid}/exe --version", mode) if mode else sh(dev, f"{exe} --version")
    return exe, frida_server.parse_version(v.out) if v.ok else None


def running_server(dev: AdbDevice) -> int | None:
    """The frida-server that answers on 27042, else one named frida-server."""
    pid = listening_pid(dev)
    if pid is None:
        named = pids(dev, "frida-server")
        pid = named[0] if named else None
    return pid


def frida_state(dev: AdbDevice, path: str = frida_server.DEVICE_PATH) -> FridaState:
    pid = running_server(dev)
    exe, running_version = server_identity(dev, pid) if pid else ("", None)
    if not dev.sync.exists(path):
        return FridaState(False, pid, exe=exe, running_version=running_version)
    header = b""
    for chunk in dev.sync.iter_content(path):
        header = chunk[:20]
        break
    r = sh(dev, f"{path} --version")
    version = frida_server.parse_version(r.out) if r.ok else None
    error = "" if version else (r.out.strip().splitlines() or [f"exit {r.rc}"])[-1]
    return FridaState(True, pid, version, frida_server.elf_arch(header), error, exe, running_version)


def proxy_setting(dev: AdbDevice) -> str:
    value = sh(dev, "settings get global http_proxy").out.strip()
    return "" if value in ("null", ":0") else value


def facts(dev: AdbDevice, state: str = "device") -> DeviceFacts:
    props = parse_getprop(sh(dev, "getprop").out)
    sdk = props.get("ro.build.version.sdk", "0")
    return DeviceFacts(
        serial=dev.serial or "",
        state=state,
        model=props.get("ro.product.model", ""),
        android=props.get("ro.build.version.release", ""),
        sdk=int(sdk) if sdk.isdigit() else 0,
        abi=props.get("ro.product.cpu.abi", ""),
        root=root_mode(dev),
        frida=frida_state(dev),
        proxy=proxy_setting(dev),
        selinux=sh(dev, "getenforce").out.strip(),
    )


def discover(c: AdbClient) -> list[DeviceFacts]:
    """Every attached device; unauthorised/offline ones are listed with only their state."""
    out = []
    for info in c.list(extended=True):
        if info.state != "device":
            out.append(DeviceFacts(serial=info.serial, state=info.state))
            continue
        out.append(facts(c.device(serial=info.serial)))
    return out
