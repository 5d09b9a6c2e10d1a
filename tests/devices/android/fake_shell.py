"""The fake device's ``sh``: answers the shell commands pimon sends from a scripted device state.

Only what a real Android toybox shell would print for these commands, no more. Unknown commands
answer ``sh: X: not found`` with exit 127, as on a device, so a test fails loudly when pimon sends
something the fake does not model.
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import shlex
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fake_adb import FakeDevice

PRIVILEGED = {"mount", "umount", "nsenter", "chcon", "chown", "setenforce"}
FRIDA_MARK = b"FRIDA-VERSION:"
ELF_MACHINES = {"arm64-v8a": 183, "armeabi-v7a": 40, "x86": 3, "x86_64": 62}


def fake_frida_server(version: str, abi: str = "arm64-v8a") -> bytes:
    """A stand-in frida-server binary: a real ELF header for ``abi`` plus a version marker."""
    is64 = abi in ("arm64-v8a", "x86_64")
    header = b"\x7fELF" + bytes([2 if is64 else 1, 1, 1]) + b"\0" * 9
    header += (2).to_bytes(2, "little") + ELF_MACHINES[abi].to_bytes(2, "little")
    return header + b"\0" * 44 + FRIDA_MARK + version.encode() + b"\n"


class FakeShell:
    def __init__(self, dev: FakeDevice, root: bool | None = None) -> None:
        self.dev = dev
        self.root = dev.root == "adbd" if root is None else root
        self.hold = False

    def run(self, line: str) -> tuple[str, int, bool]:
        out, rc = self._line(line)
        return out, rc, self.hold

    def _line(self, line: str) -> tuple[str, int]:
        lex = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
        lex.whitespace_split = True
        tokens = list(lex)
        out, rc, stmt = "", 0, []
        for tok in tokens + [";"]:
            if tok in (";", "&&"):
                if stmt:
                    o, rc = self._stmt(stmt)
                    out += o
                    stmt = []
                    if tok == "&&" and rc != 0:
                        break
            else:
                stmt.append(tok)
        return out, rc

    def _stmt(self, argv: list[str]) -> tuple[str, int]:
        # drop redirections (">/dev/null", "2>&1", "</dev/null")
        clean: list[str] = []
        skip = False
        for i, tok in enumerate(argv):
            if skip:
                skip = False
                continue
            if tok in (">", "<", ">>", ">&", "2>&", "2>"):
                skip = True
                continue
            if tok in ("&",):
                continue
            clean.append(tok)
        argv = clean
        if argv and argv[0].startswith("CLASSPATH="):
            self.hold = True
            self.dev.props["pimon.fake.u2.running"] = "1"
            return "", 0
        if not argv:
            return "", 0
        name = argv[0]
        if name == "toybox" and len(argv) > 1:
            return self._stmt(argv[1:])
        if name in PRIVILEGED and not self.root:
            return f"{name}: Permission denied\n", 1
        handler: Callable[[list[str]], tuple[str, int]] | None = getattr(
            self, "cmd_" + name.replace("-", "_").replace("/", "_").replace(".", "_"), None
        )
        if name.endswith("/frida-server"):
            return self.frida_server(argv)
        if handler is None:
            return f"/system/bin/sh: {name}: not found\n", 127
        return handler(argv[1:])

    # -- commands ----------------------------------------------------------------------------
    def cmd_getprop(self, args: list[str]) -> tuple[str, int]:
        if args:
            return self.dev.props.get(args[0], "") + "\n", 0
        return "".join(f"[{k}]: [{v}]\n" for k, v in sorted(self.dev.props.items())), 0

    def cmd_id(self, args: list[str]) -> tuple[str, int]:
        if self.root:
            return "uid=0(root) gid=0(root) groups=0(root) context=u:r:su:s0\n", 0
        return "uid=2000(shell) gid=2000(shell) groups=2000(shell) context=u:r:shell:s0\n", 0

    def cmd_su(self, args: list[str]) -> tuple[str, int]:
        if self.dev.root == "su0":  # AOSP emulator su: su [WHO [COMMAND...]]
            if not args or not args[0].isdigit():
                return f"su: invalid uid/gid '{args[0] if args else ''}'\n", 1
            rest = args[1:]
            inner = FakeShell(self.dev, root=args[0] == "0")
            if rest[:2] == ["sh", "-c"]:
                out, rc = inner._line(rest[2])
            else:
                out, rc = inner._stmt(rest)
            return out, rc
        if self.dev.root != "su":
            return "/system/bin/sh: su: not found\n", 127
        if args[:1] == ["-c"] and len(args) >= 2:
            inner = FakeShell(self.dev, root=True)
            out, rc = inner._line(" ".join(args[1:]) if len(args) > 2 else args[1])
            self.hold = self.hold or inner.hold
            return out, rc
        return "su: unsupported usage\n", 1

    def cmd_settings(self, args: list[str]) -> tuple[str, int]:
        op, ns, key = args[0], args[1], args[2]
        k = f"{ns}/{key}"
        if op == "get":
            return self.dev.settings.get(k, "null") + "\n", 0
        if op == "put":
            self.dev.settings[k] = args[3]
            return "", 0
        if op == "delete":
            existed = self.dev.settings.pop(k, None) is not None
            return f"Deleted {int(existed)} rows\n", 0
        return "bad settings op\n", 1

    def cmd_pidof(self, args: list[str]) -> tuple[str, int]:
        pids = [str(self.dev.processes[a]) for a in args if a in self.dev.processes]
        return (" ".join(pids) + "\n", 0) if pids else ("", 1)

    def cmd_ps(self, args: list[str]) -> tuple[str, int]:
        zyg = self.dev.processes.get("zygote64", 0)
        lines = ["  PID  PPID NAME", "    1     0 init"]
        for name, pid in sorted(self.dev.processes.items(), key=lambda kv: kv[1]):
            ppid = 1 if name.startswith("zygote") or name == "frida-server" else zyg
            lines.append(f"{pid:5d} {ppid:5d} {name}")
        return "\n".join(lines) + "\n", 0

    def cmd_kill(self, args: list[str]) -> tuple[str, int]:
        for a in args:
            if a.startswith("-"):
                continue
            names = [n for n, p in self.dev.processes.items() if str(p) == a]
            if not names:
                return f"kill: {a}: No such process\n", 1
            if names[0] == "frida-server" and not self.root:
                return f"kill: {a}: Operation not permitted\n", 1
            del self.dev.processes[names[0]]
        return "", 0

    def _exists(self, path: str) -> bool:
        return path in self.dev.files or path.rstrip("/") in self.dev.dirs

    def cmd_ls(self, args: list[str]) -> tuple[str, int]:
        paths = [a for a in args if not a.startswith("-")]
        out, rc = "", 0
        for p in paths:
            if self._exists(p):
                out += p + "\n"
            else:
                out += f"ls: {p}: No such file or directory\n"
                rc = 1
        return out, rc

    def cmd_which(self, args: list[str]) -> tuple[str, int]:
        known = {"su": self.dev.root == "su", "nsenter": True, "nc": True}
        hits = [f"/system/bin/{a}" for a in args if known.get(a)]
        return ("\n".join(hits) + "\n", 0) if hits else ("", 1)

    def cmd_getenforce(self, args: list[str]) -> tuple[str, int]:
        return self.dev.selinux + "\n", 0

    def cmd_setenforce(self, args: list[str]) -> tuple[str, int]:
        self.dev.selinux = "Permissive" if args[0] in ("0", "Permissive") else "Enforcing"
        return "", 0

    def cmd_date(self, args: list[str]) -> tuple[str, int]:
        return f"{int(time.time()) + self.dev.clock_offset}\n", 0

    def cmd_pm(self, args: list[str]) -> tuple[str, int]:
        sub, rest = args[0], args[1:]
        pkg = rest[-1] if rest else ""
        if sub == "path":
            if pkg in self.dev.packages:
                return f"package:{self.dev.packages[pkg]}\n", 0
            return "", 1
        if sub == "list" and rest[:1] == ["packages"]:
            return "".join(f"package:{p}\n" for p in sorted(self.dev.packages)), 0
        if sub == "clear":
            return ("Success\n", 0) if pkg in self.dev.packages else ("Failed\n", 1)
        if sub == "install":
            path = rest[-1]
            data = self.dev.files.get(path)
            if data is None:
                return "Failure [INSTALL_FAILED_INVALID_URI]\n", 1
            from androguard.core.apk import APK  # the device's package manager reads the manifest

            name = APK(data, raw=True).get_package()
            self.dev.packages[name] = f"/data/app/{name}-1/base.apk"
            return "Success\n", 0
        return f"pm: unknown command {sub}\n", 1

    def cmd_am(self, args: list[str]) -> tuple[str, int]:
        if args[:1] == ["force-stop"]:
            self.dev.processes.pop(args[-1], None)
        return "", 0

    def cmd_monkey(self, args: list[str]) -> tuple[str, int]:
        pkg = args[args.index("-p") + 1]
        if pkg not in self.dev.packages:
            return "** No activities found to run, monkey aborted.\n", 252
        self.dev.focus = f"{pkg}/{pkg}.MainActivity"
        return "Events injected: 1\n", 0

    def cmd_dumpsys(self, args: list[str]) -> tuple[str, int]:
        if args[:2] == ["window", "windows"]:
            return f"  mCurrentFocus=Window{{4b1e2f0 u0 {self.dev.focus}}}\n", 0
        return "", 0

    def cmd_input(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_ime(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_md5sum(self, args: list[str]) -> tuple[str, int]:
        data = self.dev.files.get(args[0])
        if data is None:
            return f"md5sum: {args[0]}: No such file or directory\n", 1
        return f"{hashlib.md5(data).hexdigest()}  {args[0]}\n", 0

    def cmd_chmod(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_chown(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_chcon(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_mkdir(self, args: list[str]) -> tuple[str, int]:
        for a in args:
            if not a.startswith("-"):
                self.dev.dirs.add(a.rstrip("/"))
        return "", 0

    def _glob(self, pattern: str) -> list[str]:
        if "*" not in pattern:
            return [pattern] if pattern in self.dev.files else []
        return sorted(p for p in self.dev.files if fnmatch.fnmatch(p, pattern))

    def cmd_cp(self, args: list[str]) -> tuple[str, int]:
        args = [a for a in args if not a.startswith("-")]
        *srcs, dst = args
        for pattern in srcs:
            for src in self._glob(pattern):
                target = (
                    posixpath.join(dst, posixpath.basename(src)) if dst.rstrip("/") in self.dev.dirs else dst
                )
                self.dev.files[target] = self.dev.files[src]
        return "", 0

    def cmd_mv(self, args: list[str]) -> tuple[str, int]:
        src, dst = [a for a in args if not a.startswith("-")]
        if src not in self.dev.files:
            return f"mv: {src}: No such file or directory\n", 1
        self.dev.files[dst] = self.dev.files.pop(src)
        return "", 0

    def cmd_rm(self, args: list[str]) -> tuple[str, int]:
        for a in args:
            if a.startswith("-"):
                continue
            for p in [p for p in self.dev.files if p == a or p.startswith(a.rstrip("/") + "/")]:
                del self.dev.files[p]
            self.dev.dirs.discard(a.rstrip("/"))
        return "", 0

    def _under(self, target: str) -> dict[str, bytes]:
        prefix = target.rstrip("/") + "/"
        return {p: d for p, d in self.dev.files.items() if p.startswith(prefix)}

    def cmd_mount(self, args: list[str], ns: str = "init") -> tuple[str, int]:
        target = args[-1].rstrip("/")
        if ns == "init":  # the fake models file visibility in init's namespace only
            hidden = self._under(target)
            self.dev.stash[target] = hidden
            for p in hidden:
                del self.dev.files[p]
            if "--bind" in args:
                src = args[-2].rstrip("/") + "/"
                for p, data in list(self.dev.files.items()):
                    if p.startswith(src):
                        self.dev.files[target + "/" + p[len(src) :]] = data
        self.dev.mounts.append((ns, target))
        return "", 0

    def cmd_umount(self, args: list[str], ns: str = "init") -> tuple[str, int]:
        target = args[-1].rstrip("/")
        if (ns, target) not in self.dev.mounts:
            return f"umount: {target}: Invalid argument\n", 1
        self.dev.mounts.remove((ns, target))
        if ns == "init":
            for p in self._under(target):
                del self.dev.files[p]
            self.dev.files.update(self.dev.stash.pop(target, {}))
        return "", 0

    def cmd_nsenter(self, args: list[str]) -> tuple[str, int]:
        ns = next(a for a in args if a.startswith("--mount=")).split("/")[2]
        rest = args[args.index("--") + 1 :]
        tool = posixpath.basename(rest[0])
        if tool == "mount":
            return self.cmd_mount(rest[1:], ns=ns)
        if tool == "umount":
            return self.cmd_umount(rest[1:], ns=ns)
        return "nsenter: unsupported\n", 1

    def cmd_nc(self, args: list[str]) -> tuple[str, int]:
        import socket

        host, port = [a for a in args if not a.startswith("-") and not a.isdigit() or a == args[-1]][-2:]
        local = self.dev.reverses.get(f"tcp:{port}")
        if host not in ("127.0.0.1", "localhost") or local is None:
            return "nc: connect: Connection refused\n", 1
        try:
            socket.create_connection(("127.0.0.1", int(local.split(":")[1])), timeout=1).close()
        except OSError:
            return "nc: connect: Connection refused\n", 1
        return "", 0

    def cmd_cat(self, args: list[str]) -> tuple[str, int]:
        if args == ["/proc/mounts"]:
            lines = ["/dev/block/dm-0 / ext4 ro,seclabel 0 0"]
            lines += [f"tmpfs {t} tmpfs rw,seclabel 0 0" for ns, t in self.dev.mounts if ns == "init"]
            return "\n".join(lines) + "\n", 0
        data = self.dev.files.get(args[0]) if args else None
        return (
            (data.decode(errors="replace"), 0) if data is not None else (f"cat: {args[0]}: No such file\n", 1)
        )

    def cmd_ip(self, args: list[str]) -> tuple[str, int]:
        ip = self.dev.props.get("pimon.fake.wlan0.ip")
        if not ip:
            return 'Device "wlan0" does not exist.\n', 1
        return f"47: wlan0: <BROADCAST,UP>\n    inet {ip}/24 brd 192.168.1.255 scope global wlan0\n", 0

    def cmd_timeout(self, args: list[str]) -> tuple[str, int]:
        return self._stmt(args[1:])

    def cmd_echo(self, args: list[str]) -> tuple[str, int]:
        return " ".join(args) + "\n", 0

    def cmd_reboot(self, args: list[str]) -> tuple[str, int]:
        self.dev.reboot()
        return "", 0

    def frida_server(self, argv: list[str]) -> tuple[str, int]:
        path = argv[0]
        data = self.dev.files.get(path)
        if data is None:
            return f"/system/bin/sh: {path}: not found\n", 127
        machine = int.from_bytes(data[18:20], "little")
        if machine != ELF_MACHINES.get(self.dev.props["ro.product.cpu.abi"]):
            return f"/system/bin/sh: {path}: not executable: 64-bit ELF file\n", 126
        version = data.split(FRIDA_MARK, 1)[1].split(b"\n")[0].decode() if FRIDA_MARK in data else "?"
        if "--version" in argv:
            return version + "\n", 0
        if "-D" in argv or "--daemonize" in argv:
            if not self.root:
                return "Unable to start: permission denied\n", 1
            self.dev.next_pid += 1
            self.dev.processes["frida-server"] = self.dev.next_pid
            return "", 0
        return "", 0
