"""``pimon teardown``: undo what ``pimon setup`` recorded, newest first; and re-apply after a reboot
what a reboot undid (frida-server, the tmpfs CA, adb reverse)."""

from __future__ import annotations

from pathlib import Path

from adbutils import AdbDevice, AdbError

from monitor.devices.android import ca_install, cert, frida_server
from monitor.devices.android.adb import must, root_mode, root_sh, sh
from monitor.devices.android.probe import pids
from monitor.devices.android.provision import setup_ca, start_frida
from monitor.devices.android.state import SetupState
from monitor.errors import DeviceError


def teardown(dev: AdbDevice) -> list[str]:
    """Undo every recorded change, newest first. Changes that could not be undone stay recorded."""
    state = SetupState.load(dev.serial or "")
    if not state.changes:
        return ["nothing to undo: pimon setup made no changes on this device"]
    mode = root_mode(dev)
    notes: list[str] = []
    errors: list[str] = []
    for change in reversed(list(state.changes)):
        try:
            notes.append(undo(dev, mode, change))
            state.drop(change)
        except DeviceError as exc:
            errors.append(str(exc))
    if errors:
        raise DeviceError("teardown incomplete: " + "; ".join(errors) + f" (record kept in {state.path})")
    return notes


def undo(dev: AdbDevice, mode: str | None, change: dict) -> str:
    kind = change["kind"]
    if kind == "frida-started":
        if change["pid"] in pids(dev, "frida-server"):
            must(root_sh(dev, f"kill {change['pid']}", mode), "stop frida-server")
        return f"frida-server (pid {change['pid']}) stopped"
    if kind == "frida-pushed":
        must(sh(dev, f"rm -f {change['path']}"), "remove frida-server")
        return f"{change['path']} removed"
    if kind == "frida-replaced":
        must(
            sh(dev, f"mv {change['backup']} {frida_server.DEVICE_PATH}"), "restore the previous frida-server"
        )
        return f"previous frida-server {change.get('version') or ''} restored"
    if kind == "frida-stopped":
        pid = start_frida(dev, mode, exe=change.get("exe") or frida_server.DEVICE_PATH)
        return f"previous frida-server restarted (pid {pid})"
    if kind == "ca-system":
        if ca_install.remove_system_ca(dev, mode, change):
            return f"CA {change['name']} removed from the system store"
        return f"CA {change['name']} was already gone (the device rebooted since setup)"
    if kind == "user-ca-file":
        must(sh(dev, f"rm -f {change['path']}"), "remove the CA file")
        return f"{change['path']} removed (remove the user CA in Settings if you installed it)"
    if kind in ("reverse", "run-reverse"):
        try:
            dev.reverse_remove(change["remote"])
        except AdbError as exc:
            if "not found" not in str(exc):
                raise DeviceError(f"adb reverse --remove {change['remote']} failed: {exc}") from exc
        return f"adb reverse {change['remote']} removed"
    if kind in ("proxy", "run-proxy"):
        previous = change["previous"]
        if previous in ("null", ""):
            must(sh(dev, "settings put global http_proxy :0"), "clear the global HTTP proxy")
            must(sh(dev, "settings delete global http_proxy"), "delete the global HTTP proxy setting")
        else:
            must(sh(dev, f"settings put global http_proxy {previous}"), "restore the global HTTP proxy")
        return f"global HTTP proxy restored to {previous!r}"
    if kind == "u2-jar":
        must(sh(dev, f"rm -f {change['path']}"), "remove the uiautomator2 agent")
        return f"{change['path']} removed"
    raise DeviceError(f"unknown change {kind!r} in the setup record")


def undo_kinds(dev: AdbDevice, kinds: tuple[str, ...]) -> list[str]:
    """Undo only the recorded changes of these kinds (e.g. the proxy route), newest first."""
    state = SetupState.load(dev.serial or "")
    mode = root_mode(dev)
    notes = []
    for change in [c for c in reversed(state.changes) if c["kind"] in kinds]:
        notes.append(undo(dev, mode, change))
        state.drop(change)
    return notes


GONE_AFTER_REBOOT = ("frida-started", "frida-stopped", "ca-system", "reverse", "run-reverse")


def after_reboot(dev: AdbDevice, state: SetupState) -> list[str]:
    """Re-apply what a reboot undid (recorded before the reboot in ``state``): frida-server, the tmpfs
    CA, adb reverse (setup's and a running run's). The proxy setting and pushed files survive."""
    had = {c["kind"]: c for c in state.changes}
    reverses = [c for c in state.changes if c["kind"] in ("reverse", "run-reverse")]
    for change in [c for c in state.changes if c["kind"] in GONE_AFTER_REBOOT]:
        state.drop(change)
    mode = root_mode(dev)
    notes = []
    if "frida-started" in had:
        pid = start_frida(dev, mode)
        state.record("frida-started", pid=pid)
        notes.append(f"frida-server restarted (pid {pid})")
    if "ca-system" in had:
        pem = had["ca-system"].get("pem")
        notes += setup_ca(dev, mode, Path(pem) if pem else cert.default_ca_pem(), state)
    for change in reverses:
        remote = change["remote"]
        dev.reverse(remote, change["local"])
        state.record(change["kind"], remote=remote, local=change["local"])
        notes.append(f"adb reverse {remote} restored")
    return notes
