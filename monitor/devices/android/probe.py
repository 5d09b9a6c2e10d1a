"""What a device is and what state it is in, read through adb (no changes made)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from adbutils import AdbClient, AdbDevice

from monitor.devices.android import frida_server
from monitor.devices.android.adb import parse_getprop, root_mode, sh


@dataclass
class FridaState:
    present: bool
    pid: int | None = None
    version: str | None = None  # what the binary reports; None if it did not run
    arch: str | None = None  # from the ELF header
    error: str = ""  # what running it printed when it failed

    @property
    def summary(self) -> str:
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


def frida_state(dev: AdbDevice, path: str = frida_server.DEVICE_PATH) -> FridaState:
    if not dev.sync.exists(path):
        return FridaState(present=False)
    header = b""
    for chunk in dev.sync.iter_content(path):
        header = chunk[:20]
        break
    running = pids(dev, "frida-server")
    r = sh(dev, f"{path} --version")
    version = frida_server.parse_version(r.out) if r.ok else None
    error = "" if version else (r.out.strip().splitlines() or [f"exit {r.rc}"])[-1]
    return FridaState(True, running[0] if running else None, version, frida_server.elf_arch(header), error)


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
