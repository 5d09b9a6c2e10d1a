"""Make a rooted device trust the mitmproxy CA as a *system* CA, without touching /system on disk.

The technique (the current standard one for Android 7-16, popularised by HTTP Toolkit for 14+):

1. copy the live CA store (the APEX one if present, else /system/etc/security/cacerts) aside;
2. mount a tmpfs over /system/etc/security/cacerts, copy the store back plus our ``<hash>.0``, give
   the files root:root 644 and the ``system_file`` SELinux label;
3. Android 14+ (and 13 with an updated Conscrypt Mainline module) reads
   /apex/com.android.conscrypt/cacerts instead: bind-mount the tmpfs store over it, in init's mount
   namespace **and** inside the mount namespace of zygote/zygote64 and each of their children
   (``nsenter --mount=/proc/PID/ns/mnt``), because each app inherits zygote's namespace view.

Nothing survives a reboot; teardown unmounts in the same namespaces. Every step is one root shell
command so a failure names the step.
"""

from __future__ import annotations

from adbutils import AdbDevice

from monitor.devices.android.adb import must, root_sh, sh
from monitor.devices.android.cert import APEX_STORE, SYSTEM_STORE
from monitor.devices.android.state import SetupState

STAGE = "/data/local/tmp/pimon-ca"
MOUNT = "/system/bin/mount"
UMOUNT = "/system/bin/umount"


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


def app_namespaces(dev: AdbDevice) -> list[int]:
    """zygote(s) and every process they forked: the mount namespaces apps see."""
    zyg = zygote_pids(dev)
    return zyg + children_of(sh(dev, "ps -A -o PID,PPID,NAME").out, zyg)


def batches(pids: list[int], size: int = 25) -> list[list[int]]:
    """Split per-process commands so one adb shell line stays well under old adbd's 4 KiB limit."""
    return [pids[i : i + size] for i in range(0, len(pids), size)]


def has_apex_store(dev: AdbDevice, mode: str | None) -> bool:
    return root_sh(dev, f"ls {APEX_STORE}", mode).ok


def install_system_ca(
    dev: AdbDevice, mode: str | None, name: str, pem: bytes, state: SetupState
) -> list[str]:
    """Run the steps; returns human-readable notes. Records ``ca-system`` as soon as a mount exists."""
    apex = has_apex_store(dev, mode)
    live = APEX_STORE if apex else SYSTEM_STORE
    dev.sync.push(pem, f"/data/local/tmp/{name}", mode=0o644)
    steps = [
        (f"rm -rf {STAGE}", "clear the staging directory"),
        (f"mkdir -p {STAGE}", "create the staging directory"),
        (f"cp {live}/* {STAGE}/", "copy the current CA store aside"),
        (f"mount -t tmpfs tmpfs {SYSTEM_STORE}", "mount a tmpfs over the system CA store"),
    ]
    for cmd, what in steps:
        must(root_sh(dev, cmd, mode), what)
    change = state.record("ca-system", name=name, apex=apex, namespaces=[])
    steps = [
        (f"cp {STAGE}/* {SYSTEM_STORE}/", "restore the CA store into the tmpfs"),
        (f"cp /data/local/tmp/{name} {SYSTEM_STORE}/{name}", "add the pimon CA"),
        (f"chown root:root {SYSTEM_STORE}/*", "set owner of the CA files"),
        (f"chmod 644 {SYSTEM_STORE}/*", "set mode of the CA files"),
        (f"chcon u:object_r:system_file:s0 {SYSTEM_STORE} {SYSTEM_STORE}/*", "label the CA files"),
    ]
    if apex:
        steps.append((f"mount --bind {SYSTEM_STORE} {APEX_STORE}", "bind the store over the APEX store"))
    for cmd, what in steps:
        must(root_sh(dev, cmd, mode), what)
    notes = [f"CA {name} added to the system store ({'APEX + ' if apex else ''}{SYSTEM_STORE}, tmpfs)"]
    if apex:
        pids = app_namespaces(dev)
        for batch in batches(pids):
            script = " ; ".join(
                f"nsenter --mount=/proc/{pid}/ns/mnt -- {MOUNT} --bind {SYSTEM_STORE} {APEX_STORE}"
                for pid in batch
            )
            must(root_sh(dev, script, mode), "bind the store inside zygote/app mount namespaces")
        change["namespaces"] = pids
        state.save()
        notes.append(f"bound into {len(pids)} zygote/app mount namespaces")
    root_sh(dev, f"rm -rf {STAGE} /data/local/tmp/{name}", mode)
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
    if change.get("apex"):
        for batch in batches(app_namespaces(dev)):  # a namespace without the bind says 'Invalid argument'
            root_sh(
                dev,
                " ; ".join(f"nsenter --mount=/proc/{p}/ns/mnt -- {UMOUNT} {APEX_STORE}" for p in batch),
                mode,
            )
        if mounted(dev, APEX_STORE):
            must(root_sh(dev, f"umount {APEX_STORE}", mode), "unmount the APEX CA store bind")
    must(root_sh(dev, f"umount {SYSTEM_STORE}", mode), "unmount the tmpfs CA store")
    return True


USER_CA_HELP = (
    "this device is not rooted, so the CA cannot be made a system CA. Install {dest} as a user CA "
    "(Settings > Security > Encryption & credentials > Install a certificate > CA certificate). "
    "Apps targeting Android 7+ trust user CAs only if their network_security_config says "
    '<certificates src="user"/> (debug builds, or a repackaged app); for everything else use a '
    "rooted AVD (Google APIs image + `adb root`)."
)
