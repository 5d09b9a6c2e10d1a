"""``pimon setup`` / ``pimon teardown``: make a device ready, and leave it as it was found.

Setup order: frida-server (stop a mismatched one, push, start) -> CA -> traffic route
(``adb reverse`` then the global proxy setting) -> uiautomator2 agent. Each change is recorded in
:class:`SetupState` the moment it is made; :mod:`monitor.devices.android.undo` reverses them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from adbutils import AdbDevice, AdbError

from monitor.devices.android import ca_install, cert, frida_server
from monitor.devices.android.adb import must, root_mode, root_sh, sh
from monitor.devices.android.probe import frida_state, pids
from monitor.devices.android.state import SetupState
from monitor.errors import DeviceError

BACKUP = frida_server.DEVICE_PATH + ".pimon-backup"
USER_CA_DEST = "/sdcard/Download/pimon-mitmproxy-ca.pem"


@dataclass
class SetupOptions:
    proxy_port: int = 8080
    frida_server: Path | None = None  # local .xz or binary; None = download
    frida_base_url: str | None = None
    ca_pem: Path | None = None  # None = the mitmproxy CA in pimon's state home
    frida: bool = True
    ca: bool = True
    proxy: bool = True
    ui: bool = True
    force: bool = False


def setup(dev: AdbDevice, opts: SetupOptions) -> list[str]:
    """Run the enabled steps; returns what was done, one line each."""
    state = SetupState.load(dev.serial or "")
    if opts.ca:  # a missing/bad CA file is reported before anything on the device changes
        if opts.ca_pem is None:  # pimon's own CA: made now if no proxy ever ran on this host
            from monitor.traffic.proxyconf import ensure_ca

            ensure_ca()
        cert.load_pem(opts.ca_pem or cert.default_ca_pem())
    mode = root_mode(dev)
    notes: list[str] = []
    if opts.frida:
        notes += setup_frida(dev, mode, opts, state)
    if opts.ca:
        notes += setup_ca(dev, mode, opts.ca_pem or cert.default_ca_pem(), state)
    if opts.proxy:
        notes += setup_proxy(dev, opts.proxy_port, state)
    if opts.ui:
        notes += setup_ui(dev, state)
    return notes


# -- frida-server ------------------------------------------------------------------------------
def setup_frida(dev: AdbDevice, mode: str | None, opts: SetupOptions, state: SetupState) -> list[str]:
    want = frida_server.host_version()
    abi = sh(dev, "getprop ro.product.cpu.abi").out.strip()
    arch = frida_server.arch_for_abi(abi)
    if mode is None:
        raise DeviceError(
            "frida-server needs root: use an AVD with a Google APIs image and `adb root`, "
            "or a rooted phone (Magisk); or skip with --no-frida"
        )
    have = frida_state(dev)  # the running server is identified by its binary, not by its name
    if have.pid and have.running_version == want and not opts.force:
        return [f"frida-server {want} already running (pid {have.pid}, {have.exe or '?'})"]
    good = have.present and have.version == want and have.arch == arch
    notes = []
    if have.pid and have.running_version != want:  # another version answers on 27042: stop that one
        must(root_sh(dev, f"kill {have.pid}", mode), f"stop the running frida-server ({have.exe or '?'})")
        state.record("frida-stopped", pid=have.pid, version=have.running_version, exe=have.exe)
        notes.append(
            f"stopped frida-server {have.running_version or '?'} (pid {have.pid}, {have.exe or '?'}): "
            f"the host's frida is {want}"
        )
        have.pid = None
    if not good or opts.force:
        data = frida_server.load_binary(
            opts.frida_server or frida_server.download(want, arch, base=opts.frida_base_url)
        )
        got = frida_server.elf_arch(data[:20])
        if got != arch:
            raise DeviceError(f"this frida-server is built for {got}, the device ({abi}) needs {arch}")
        if have.pid:
            must(root_sh(dev, f"kill {have.pid}", mode), "stop the running frida-server")
            state.record("frida-stopped", pid=have.pid, version=have.running_version, exe=have.exe)
            have.pid = None
        if have.present and not state.find("frida-replaced") and not state.find("frida-pushed"):
            must(sh(dev, f"cp {frida_server.DEVICE_PATH} {BACKUP}"), "back up the existing frida-server")
            state.record("frida-replaced", backup=BACKUP, version=have.version)
        elif not have.present:
            state.record("frida-pushed", path=frida_server.DEVICE_PATH)
        try:
            dev.sync.push(data, frida_server.DEVICE_PATH, mode=0o755)
        except (AdbError, OSError) as exc:
            raise DeviceError(f"pushing frida-server failed: {exc}") from exc
        must(sh(dev, f"chmod 755 {frida_server.DEVICE_PATH}"), "make frida-server executable")
        notes.append(f"frida-server {want} ({arch}) pushed to {frida_server.DEVICE_PATH}")
    if not have.pid:
        pid = start_frida(dev, mode)
        state.record("frida-started", pid=pid)
        notes.append(f"frida-server started (pid {pid})")
    else:
        notes.append(f"frida-server {want} already running (pid {have.pid})")
    return notes


def start_frida(dev: AdbDevice, mode: str | None, timeout: float = 10, exe: str = frida_server.DEVICE_PATH) -> int:
    must(root_sh(dev, f"{exe} -D", mode), "start frida-server")
    deadline = time.monotonic() + timeout
    delay = 0.05
    name = exe.rsplit("/", 1)[-1]
    while True:  # a daemon on the device: adb offers no event for it, so poll with backoff
        running = pids(dev, name)
        if running:
            return running[0]
        if time.monotonic() > deadline:
            raise DeviceError(
                f"frida-server did not come up within {timeout:.0f} s; "
                f"try `adb shell su -c {frida_server.DEVICE_PATH}` to see its error"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


# -- CA ----------------------------------------------------------------------------------------
def setup_ca(dev: AdbDevice, mode: str | None, pem_path: Path, state: SetupState) -> list[str]:
    ca = cert.load_pem(pem_path)
    name = cert.android_name(ca)
    if mode is None:
        if not state.find("user-ca-file"):
            dev.sync.push(cert.android_file(ca), USER_CA_DEST, mode=0o644)
            state.record("user-ca-file", path=USER_CA_DEST)
        return [ca_install.USER_CA_HELP.format(dest=USER_CA_DEST)]
    ours = cert.android_file(ca)
    live = cert.APEX_STORE if ca_install.has_apex_store(dev, mode) else cert.SYSTEM_STORE
    zygotes = ca_install.zygote_pids(dev) or [1]
    seen = ca_install.trusted_in(dev, mode, zygotes[0], f"{live}/{name}")
    if ca_install.same_cert(seen, ours):
        return [f"CA {name} already trusted ({live}, as zygote sees it)"]
    notes = []
    if seen:  # same file name, another certificate: every default mitmproxy CA is c8750f0d.0
        notes.append(f"{live}/{name} held another certificate (another host's mitmproxy CA?): replaced")
    previous = state.find("ca-system")
    if previous is not None:  # ours, from an earlier setup with another CA: take it away first
        ca_install.remove_system_ca(dev, mode, previous)
        state.drop(previous)
    notes += ca_install.install_system_ca(dev, mode, name, ours, state)
    change = state.find("ca-system")
    if change is not None:
        change["pem"] = str(pem_path)
        state.save()
    return notes


# -- traffic route -----------------------------------------------------------------------------
def setup_proxy(dev: AdbDevice, port: int, state: SetupState, *, scope: str = "") -> list[str]:
    """``adb reverse tcp:PORT`` then the global proxy setting. ``scope="run-"`` records the changes
    as a run's own (undone by the run's ``clear_proxy``, leaving setup's route in place)."""
    remote = local = f"tcp:{port}"
    if not any(r.remote == remote and r.local == local for r in dev.reverse_list()):
        dev.reverse(remote, local)
        state.record(scope + "reverse", remote=remote, local=local)
    target = f"127.0.0.1:{port}"
    previous = sh(dev, "settings get global http_proxy").out.strip()
    if previous != target:
        must(sh(dev, f"settings put global http_proxy {target}"), "set the global HTTP proxy")
        if not state.find(scope + "proxy"):
            state.record(scope + "proxy", previous=previous)
    return [
        f"device traffic -> 127.0.0.1:{port} on the device -> adb reverse -> 127.0.0.1:{port} on this host"
    ]


def proxy_port(state: SetupState) -> int | None:
    """The proxy port ``pimon setup`` routed the device to, if it did."""
    change = next((c for c in state.changes if c["kind"] == "reverse"), None)
    return int(change["remote"].split(":")[1]) if change else None


# -- uiautomator2 ------------------------------------------------------------------------------
def setup_ui(dev: AdbDevice, state: SetupState) -> list[str]:
    import uiautomator2

    existed = dev.sync.exists("/data/local/tmp/u2.jar")
    try:
        d = uiautomator2.connect(dev)  # pushes u2.jar when its md5 differs, starts the agent, pings it
        info = d.info
    except Exception as exc:  # uiautomator2 raises many unrelated types; report them as one line
        raise DeviceError(f"uiautomator2 agent did not start: {type(exc).__name__}: {exc}") from exc
    if not existed and not state.find("u2-jar"):
        state.record("u2-jar", path="/data/local/tmp/u2.jar")
    size = f"{info.get('displayWidth')}x{info.get('displayHeight')}"
    note = f"uiautomator2 agent installed and answering (screen {size}); it stops with the adb connection"
    return [note + ", a run starts it again"]
