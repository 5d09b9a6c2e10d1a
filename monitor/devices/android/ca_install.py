"""Make a rooted device trust the mitmproxy CA as a *system* CA, without touching /system on disk.

The technique (the current standard one for Android 7-16, popularised by HTTP Toolkit for 14+):

1. copy the live CA store (the APEX one if present, else /system/etc/security/cacerts) aside;
2. mount a tmpfs over /system/etc/security/cacerts, copy the store back plus our ``<hash>.0``, give
   the files root:root 644 and the ``system_file`` SELinux label;
3. Android 14+ (and 13 with an updated Conscrypt Mainline module) reads
   /apex/com.android.conscrypt/cacerts instead: bind-mount the tmpfs store over it, in init's mount
   namespace **and** inside the mount namespace of zygote/zygote64 and each of their children
   (``nsenter --mount=/proc/PID/ns/mnt``), because each app inherits zygote's namespace view.

All of it is **one pushed shell script run in one root session**, entered into init's mount
namespace (``nsenter --mount=/proc/1/ns/mnt``): Magisk/KernelSU may give every ``su -c`` its own
mount namespace, where a tmpfs made by one session is invisible to the next. The script runs with
``set -e``; only the bind into an app process is allowed to fail (the app may have exited since the
process list was read). Success is then checked where it matters: the file each zygote's namespace
shows must be *our* certificate, byte for byte (every default mitmproxy CA has the same name).
Nothing survives a reboot; teardown unmounts in the same namespaces, also from one script.
"""

from __future__ import annotations

from adbutils import AdbDevice, AdbError

from monitor.devices.android.adb import must, root_sh, sh
from monitor.devices.android.cert import APEX_STORE, SYSTEM_STORE
from monitor.devices.android.state import SetupState
from monitor.errors import DeviceError

STAGE = "/data/local/tmp/pimon-ca"
MOUNT = "/system/bin/mount"
UMOUNT = "/system/bin/umount"
SKIP = "pimon-skip"


def zygote_pids(dev: AdbDevice) -> list[int]:
    r = sh(dev, "pidof zygote zygote64")
    return sorted(int(p) for p in r.out.split() if p.isdigit()) if r.ok else []


def children_of(ps_text: str, parents: list[int]) -> list[int]:
    """PIDs whose PPID is in ``parents``, from ``ps -A -o PID,PPID,NAME`` output."""
    out = []
    for line in ps_text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() and int(parts[1]) in parents:
            out.append(int(parts[0]))
    return sorted(out)


def app_namespaces(dev: AdbDevice) -> tuple[list[int], list[int]]:
    """zygote(s), and every process they forked: the mount namespaces apps see."""
    zyg = zygote_pids(dev)
    return zyg, children_of(sh(dev, "ps -A -o PID,PPID,NAME").out, zyg)


def has_apex_store(dev: AdbDevice, mode: str | None) -> bool:
    return root_sh(dev, f"ls {APEX_STORE}", mode).ok


def in_init(command: str) -> str:
    """``command`` inside init's (the global) mount namespace, whatever namespace su gave us."""
    return f"nsenter --mount=/proc/1/ns/mnt -- {command}"


def nsenter(pid: int, command: str) -> str:
    return f"nsenter --mount=/proc/{pid}/ns/mnt -- {command}"


def install_script(name: str, live: str, apex: bool, zygotes: list[int], apps: list[int]) -> str:
    """The whole install as one ``sh`` script (pure; tested on its own)."""
    store = f"{STAGE}/store"
    lines = [
        "set -e",
        f"rm -rf {store}",
        f"mkdir -p {store}",
        f"cp {live}/* {store}/",
        f"mount -t tmpfs tmpfs {SYSTEM_STORE}",
        f"cp {store}/* {SYSTEM_STORE}/",
        f"cp {STAGE}/{name} {SYSTEM_STORE}/{name}",
        f"chown root:root {SYSTEM_STORE}/*",
        f"chmod 644 {SYSTEM_STORE}/*",
        f"chcon u:object_r:system_file:s0 {SYSTEM_STORE} {SYSTEM_STORE}/*",
    ]
    if apex:
        lines.append(f"mount --bind {SYSTEM_STORE} {APEX_STORE}")
        lines += [nsenter(pid, f"{MOUNT} --bind {SYSTEM_STORE} {APEX_STORE}") for pid in zygotes]
        # an app that exited since `ps` must not abort the rest
        lines += [
            nsenter(pid, f"{MOUNT} --bind {SYSTEM_STORE} {APEX_STORE}") + f" || echo {SKIP} {pid}"
            for pid in apps
        ]
    lines.append(f"rm -rf {store}")
    return "\n".join(lines) + "\n"


def remove_script(apex: bool, zygotes: list[int], apps: list[int]) -> str:
    lines = []
    if apex:  # a namespace without the bind says 'Invalid argument': tolerated
        lines += [nsenter(pid, f"{UMOUNT} {APEX_STORE}") + f" || echo {SKIP} {pid}" for pid in apps + zygotes]
        lines.append(f"umount {APEX_STORE} || echo {SKIP} init")
    lines.append(f"umount {SYSTEM_STORE}")
    return "\n".join(lines) + "\n"


def run_script(dev: AdbDevice, mode: str | None, script: str, path: str, what: str) -> list[str]:
    """Push ``script`` and run it as root in init's mount namespace; the pids it skipped."""
    try:
        dev.sync.push(script.encode(), path, mode=0o755)
    except (AdbError, OSError) as exc:
        raise DeviceError(f"pushing the {what} script failed: {exc}") from exc
    r = must(root_sh(dev, in_init(f"sh {path}"), mode, timeout=120), what)
    return [line.split()[1] for line in r.out.splitlines() if line.startswith(SKIP + " ")]


def trusted_in(dev: AdbDevice, mode: str | None, pid: int, path: str) -> bytes:
    """The file at ``path`` as the process ``pid`` sees it (its mount namespace)."""
    r = root_sh(dev, nsenter(pid, f"cat {path}"), mode)
    return r.out.encode() if r.ok else b""


def same_cert(a: bytes, b: bytes) -> bool:
    def norm(x: bytes) -> bytes:
        return b"".join(x.split())

    return bool(a) and norm(a) == norm(b)


def verify(dev: AdbDevice, mode: str | None, name: str, pem: bytes, apex: bool) -> list[int]:
    """Each zygote's namespace must show our certificate under ``name``; the zygote pids checked."""
    store = APEX_STORE if apex else SYSTEM_STORE
    zygotes = zygote_pids(dev) or [1]
    for pid in zygotes:
        if not same_cert(trusted_in(dev, mode, pid, f"{store}/{name}"), pem):
            raise DeviceError(
                f"the CA was installed but zygote (pid {pid}) does not see it in {store}/{name}; "
                "new app processes would not trust it (a root solution hiding mounts from zygote?)"
            )
    return zygotes


def install_system_ca(
    dev: AdbDevice, mode: str | None, name: str, pem: bytes, state: SetupState
) -> list[str]:
    """Run the install script, then verify inside zygote. Records ``ca-system`` before any mount."""
    apex = has_apex_store(dev, mode)
    live = APEX_STORE if apex else SYSTEM_STORE
    try:
        dev.sync.push(pem, f"{STAGE}/{name}", mode=0o644)
    except (AdbError, OSError) as exc:
        raise DeviceError(f"pushing the CA to {STAGE} failed: {exc}") from exc
    zygotes, apps = app_namespaces(dev) if apex else ([], [])
    change = state.record("ca-system", name=name, apex=apex, namespaces=zygotes + apps)
    skipped = run_script(
        dev, mode, install_script(name, live, apex, zygotes, apps), f"{STAGE}/install.sh", "installing the CA"
    )
    checked = verify(dev, mode, name, pem, apex)
    root_sh(dev, f"rm -rf {STAGE}", mode)
    notes = [f"CA {name} added to the system store ({'APEX + ' if apex else ''}{SYSTEM_STORE}, tmpfs)"]
    if apex:
        change["namespaces"] = [p for p in zygotes + apps if str(p) not in skipped]
        state.save()
        notes.append(
            f"bound into {len(change['namespaces'])} zygote/app mount namespaces"
            + (f" ({len(skipped)} processes exited meanwhile)" if skipped else "")
        )
    notes.append(f"verified: zygote ({', '.join(map(str, checked))}) sees this CA, so new app processes do")
    return notes


def mounted(dev: AdbDevice, path: str) -> bool:
    """Is something mounted on ``path`` in adbd's (init's) mount namespace?"""
    return any(
        len(parts) > 1 and parts[1] == path
        for parts in (line.split() for line in sh(dev, "cat /proc/mounts").out.splitlines())
    )


def remove_system_ca(dev: AdbDevice, mode: str | None, change: dict) -> bool:
    """Undo install_system_ca: unmount in app namespaces, then the APEX bind, then the tmpfs.
    False if there was nothing left to unmount (the device rebooted since)."""
    if not mounted(dev, SYSTEM_STORE):
        return False
    zygotes, apps = app_namespaces(dev) if change.get("apex") else ([], [])
    run_script(dev, mode, remove_script(bool(change.get("apex")), zygotes, apps), f"{STAGE}-remove.sh",
               "removing the CA")
    sh(dev, f"rm -f {STAGE}-remove.sh")
    return True


USER_CA_HELP = (
    "this device is not rooted, so the CA cannot be made a system CA. Install {dest} as a user CA "
    "(Settings > Security > Encryption & credentials > Install a certificate > CA certificate). "
    "Apps targeting Android 7+ trust user CAs only if their network_security_config says "
    '<certificates src="user"/> (debug builds, or a repackaged app); for everything else use a '
    "rooted AVD (Google APIs image + `adb root`)."
)
