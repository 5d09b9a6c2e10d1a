"""Talking to the adb server: reachability, picking a device, running (root) shell commands.

Everything goes through adbutils' client, which speaks adb's host protocol to the adb server
(``ANDROID_ADB_SERVER_HOST``/``ANDROID_ADB_SERVER_PORT``, default 127.0.0.1:5037).
"""

from __future__ import annotations

import os
import shlex
import socket
from dataclasses import dataclass

from adbutils import AdbClient, AdbDevice, AdbError

from monitor.errors import DeviceError, DeviceNotFound, ToolMissing


@dataclass(frozen=True)
class ShellResult:
    command: str
    rc: int
    out: str

    @property
    def ok(self) -> bool:
        return self.rc == 0


def server_address(host: str | None = None, port: int | None = None) -> tuple[str, int]:
    host = host or os.environ.get("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
    port = port or int(os.environ.get("ANDROID_ADB_SERVER_PORT", "5037"))
    return host, port


def server_reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    """Probe the adb server with a plain socket (adbutils would try to start one itself)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def client(host: str | None = None, port: int | None = None) -> AdbClient:
    """An adbutils client for a running adb server; ToolMissing with the fix when there is none."""
    host, port = server_address(host, port)
    if not server_reachable(host, port):
        raise ToolMissing(
            f"no adb server on {host}:{port}; start it with `adb start-server` "
            "(install adb: `apt install adb` or Android SDK platform-tools)"
        )
    return AdbClient(host=host, port=port, socket_timeout=60)


def pick(c: AdbClient, serial: str | None = None) -> AdbDevice:
    """The device to use: ``serial``, $ANDROID_SERIAL, or the only one attached."""
    serial = serial or os.environ.get("ANDROID_SERIAL")
    try:
        infos = c.list(extended=True)
    except AdbError as exc:
        raise DeviceError(f"adb server error: {exc}") from exc
    if serial:
        match = [i for i in infos if i.serial == serial]
        if not match:
            known = ", ".join(i.serial for i in infos) or "none"
            raise DeviceNotFound(f"device {serial} is not attached (attached: {known}); check `adb devices`")
        info = match[0]
    else:
        if not infos:
            raise DeviceNotFound("no Android device attached; plug one in (USB debugging on) or start an AVD")
        if len(infos) > 1:
            raise DeviceNotFound(
                "several devices attached (" + ", ".join(i.serial for i in infos) + "); name one as SERIAL"
            )
        info = infos[0]
    check_state(info.serial, info.state)
    return c.device(serial=info.serial)


def check_state(serial: str, state: str) -> None:
    if state == "unauthorized":
        raise DeviceNotFound(
            f"device {serial} is unauthorised: unlock it and accept the 'Allow USB debugging' prompt"
        )
    if state == "offline":
        raise DeviceNotFound(f"device {serial} is offline: reconnect the cable or run `adb reconnect`")
    if state != "device":
        raise DeviceNotFound(f"device {serial} is in state {state!r}, not ready for adb shell")


def sh(dev: AdbDevice, command: str, timeout: float = 60) -> ShellResult:
    """Run a shell command; its exit status and combined output. DeviceError if the device is gone."""
    try:
        r = dev.shell2(command, timeout=timeout, rstrip=True)
    except (AdbError, OSError, EOFError) as exc:
        raise DeviceError(f"{dev.serial}: adb shell failed ({exc}); is the device still connected?") from exc
    return ShellResult(command, r.returncode, r.output)


def root_mode(dev: AdbDevice) -> str | None:
    """How to be root: 'adbd' (``adb root``), 'su' (Magisk/KernelSU ``su -c CMD``), 'su0' (the AOSP
    ``su 0 CMD`` of emulator images without ``adb root``), or None."""
    if "uid=0(" in sh(dev, "id").out:
        return "adbd"
    for mode, probe in (("su", "su -c id"), ("su0", "su 0 id")):
        r = sh(dev, probe)
        if r.ok and "uid=0(" in r.out:
            return mode
    return None


def as_root(command: str, mode: str | None) -> str:
    """The command line that runs ``command`` as root under ``mode``."""
    if mode == "adbd":
        return command
    if mode == "su":
        return "su -c " + shlex.quote(command)
    if mode == "su0":
        return "su 0 sh -c " + shlex.quote(command)
    raise DeviceError(
        "this needs root: use an AVD with a Google APIs image and `adb root`, or a rooted phone (Magisk `su`)"
    )


def root_sh(dev: AdbDevice, command: str, mode: str | None, timeout: float = 60) -> ShellResult:
    return sh(dev, as_root(command, mode), timeout=timeout)


def must(result: ShellResult, what: str) -> ShellResult:
    """Raise a one-line DeviceError naming ``what`` if the command failed."""
    if not result.ok:
        detail = result.out.strip().splitlines()[-1] if result.out.strip() else f"exit {result.rc}"
        raise DeviceError(f"{what} failed: {detail} (command: {result.command})")
    return result


def parse_getprop(text: str) -> dict[str, str]:
    """``getprop`` output (``[key]: [value]`` lines) as a dict."""
    props: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and "]: [" in line and line.endswith("]"):
            key, value = line[1:-1].split("]: [", 1)
            props[key] = value
    return props


__all__ = [
    "ShellResult",
    "as_root",
    "check_state",
    "client",
    "must",
    "parse_getprop",
    "pick",
    "root_mode",
    "root_sh",
    "server_address",
    "server_reachable",
    "sh",
]
