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
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fake_adb import FakeDevice

READ_ONLY = ("/system/", "/apex/", "/vendor/", "/product/")
PRIVILEGED = {"mount", "umount", "nsenter", "chcon", "chown", "setenforce"}
FRIDA_MARK = b"FRIDA-VERSION:"
ELF_MACHINES = {"arm64-v8a": 183, "armeabi-v7a": 40, "x86": 3, "x86_64": 62}


@dataclass
class Mount:
    """One mount: its namespace, mountpoint, and the files it shows there (name -> bytes; flat dirs).
    A bind shares its source's ``files`` dict. ``shared`` mounts (made in init's namespace under
    /system) propagate to every namespace; /apex is private to each namespace, as on Android 14+."""

    ns: str
    target: str
    files: dict[str, bytes]
    shared: bool = False
    fstype: str = "tmpfs"


def fake_frida_server(version: str, abi: str = "arm64-v8a") -> bytes:
    """A stand-in frida-server binary: a real ELF header for ``abi`` plus a version marker."""
    is64 = abi in ("arm64-v8a", "x86_64")
    header = b"\x7fELF" + bytes([2 if is64 else 1, 1, 1]) + b"\0" * 9
    header += (2).to_bytes(2, "little") + ELF_MACHINES[abi].to_bytes(2, "little")
    return header + b"\0" * 44 + FRIDA_MARK + version.encode() + b"\n"


class FakeShell:
    def __init__(self, dev: FakeDevice, root: bool | None = None, ns: str = "init") -> None:
        self.dev = dev
        self.root = dev.root == "adbd" if root is None else root
        self.ns = ns  # the mount namespace this shell runs in ("init": adbd's)
        self.hold = False
        self.stdin = b""
        self.errexit = False

    def run(self, line: str) -> tuple[str, int, bool]:
        out, rc = self._line(line)
        return out, rc, self.hold

    def _line(self, line: str) -> tuple[str, int]:
        """``;``, ``&&``, ``||`` and ``|`` between simple commands (what pimon sends)."""
        lex = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
        lex.whitespace_split = True
        tokens = list(lex)
        out, rc, stmt, skip, pipe = "", 0, [], False, None
        for tok in tokens + [";"]:
            if tok in (";", "&&", "||", "|"):
                if stmt and not skip:
                    if pipe is not None:
                        self.stdin = pipe.encode()
                    o, rc = self._stmt(stmt)
                    self.stdin = b""
                    if tok == "|":
                        pipe = o
                    else:
                        out, pipe = out + o, None
                elif skip and tok in (";",):
                    pass
                stmt = []
                if tok == "&&":
                    skip = skip or rc != 0
                elif tok == "||":
                    skip = rc == 0 and not skip
                elif tok == ";":
                    skip = False
                    if self.errexit and rc != 0:
                        return out, rc
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
            self, "cmd_" + posixpath.basename(name).replace("-", "_").replace(".", "_"), None
        )
        if name.endswith("/frida-server") or (name.startswith("/") and self._is_frida(name)):
            return self.frida_server(argv)
        if handler is None:
            return f"/system/bin/sh: {name}: not found\n", 127
        return handler(argv[1:])

    def _is_frida(self, path: str) -> bool:
        if path.startswith("/proc/") and path.endswith("/exe") and path.split("/")[2].isdigit():
            data = self.dev.exe_data.get(int(path.split("/")[2]))
        else:
            data = self.dev.read(self.ns, path)
        return data is not None and FRIDA_MARK in data

    def _sub(self, root: bool, ns: str) -> FakeShell:
        inner = FakeShell(self.dev, root=root, ns=ns)
        inner.stdin = self.stdin
        return inner

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
            inner = self._sub(args[0] == "0", self.ns)
            if rest[:2] == ["sh", "-c"]:
                out, rc = inner._line(rest[2])
            else:
                out, rc = inner._stmt(rest)
            return out, rc
        if self.dev.root != "su":
            return "/system/bin/sh: su: not found\n", 127
        if args[:1] == ["-c"] and len(args) >= 2:
            ns = self.ns
            if self.dev.su_isolated:  # a fresh namespace per session, gone when the session ends
                self.dev.next_pid += 1
                ns = f"su-{self.dev.next_pid}"
                for m in self.dev.view(self.ns):
                    if m.ns == self.ns:
                        self.dev.mtab.append(Mount(ns, m.target, m.files, False, m.fstype))
            inner = self._sub(True, ns)
            try:
                out, rc = inner._line(" ".join(args[1:]) if len(args) > 2 else args[1])
            finally:
                if ns != self.ns:
                    self.dev.mtab = [m for m in self.dev.mtab if m.ns != ns]
            self.hold = self.hold or inner.hold
            return out, rc
        return "su: unsupported usage\n", 1

    def cmd_sh(self, args: list[str]) -> tuple[str, int]:
        """``sh -c LINE`` or ``sh SCRIPT`` (one simple command line per script line; ``set -e``)."""
        if args[:1] == ["-c"]:
            return self._sub(self.root, self.ns)._line(args[1])
        data = self.dev.read(self.ns, args[0]) if args else None
        if data is None:
            return f"sh: {args[0] if args else ''}: No such file or directory\n", 127
        inner = self._sub(self.root, self.ns)
        out, rc = "", 0
        for raw in data.decode().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line == "set -e":
                inner.errexit = True
                continue
            o, rc = inner._line(line)
            out += o
            if inner.errexit and rc != 0:
                return out, rc
        return out, rc

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
        if self.dev.on_ps is not None:  # the device moves on between this command and the next
            self.dev.on_ps(self.dev)
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
            self.dev.exes.pop(int(a), None)
            self.dev.exe_data.pop(int(a), None)
            for port in [k for k, v in self.dev.listening.items() if v == int(a)]:
                del self.dev.listening[port]
        return "", 0

    def _exists(self, path: str) -> bool:
        return self.dev.read(self.ns, path) is not None or self.dev.is_dir(self.ns, path)

    def cmd_ls(self, args: list[str]) -> tuple[str, int]:
        paths = [a for a in args if not a.startswith("-")]
        out, rc = "", 0
        for p in paths:
            if self.dev.read(self.ns, p) is not None:
                out += p + "\n"
            elif self.dev.is_dir(self.ns, p):
                out += "".join(n + "\n" for n in self.dev.listdir(self.ns, p))
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
            return self._pm_install([rest[-1]], rest[:-1])
        if sub == "install-create":
            self.dev.next_pid += 1
            self.dev.pm_sessions[self.dev.next_pid] = {"flags": rest, "files": []}
            return f"Success: created install session [{self.dev.next_pid}]\n", 0
        if sub == "install-write":
            args = [a for a in rest if a not in ("-S",)]
            session, path = int(args[1]), args[-1]
            if session not in self.dev.pm_sessions or self.dev.read(self.ns, path) is None:
                return "Failure [INSTALL_FAILED_INVALID_URI]\n", 1
            self.dev.pm_sessions[session]["files"].append(path)
            return f"Success: streamed {len(self.dev.read(self.ns, path) or b'')} bytes\n", 0
        if sub == "install-abandon":
            self.dev.pm_sessions.pop(int(rest[-1]), None)
            return "Success\n", 0
        if sub == "install-commit":
            sess = self.dev.pm_sessions.pop(int(rest[-1]), None)
            if sess is None:
                return "Failure [INSTALL_FAILED_INVALID_URI]\n", 1
            return self._pm_install(sess["files"], sess["flags"])
        return f"pm: unknown command {sub}\n", 1

    def _pm_install(self, paths: list[str], flags: list[str]) -> tuple[str, int]:
        """What the package manager checks, in its order: the files, MIUI's USB install switch, the
        Android 14 low-targetSdk block, one package, downgrades."""
        from androguard.core.apk import APK  # the device's package manager reads the manifest

        datas = [self.dev.read(self.ns, p) for p in paths]
        if not datas or any(d is None for d in datas):
            return "Failure [INSTALL_FAILED_INVALID_URI]\n", 1
        if self.dev.props.get("ro.miui.ui.version.name") and self.dev.props.get("persist.security.adbinstall") != "1":
            return "Failure [INSTALL_FAILED_USER_RESTRICTED: Install canceled by user]\n", 1
        apks = [APK(d, raw=True) for d in datas]
        names = {a.get_package() for a in apks}
        if len(names) != 1:
            return "Failure [INSTALL_FAILED_INVALID_APK: Split packages differ]\n", 1
        name = names.pop()
        target = int(apks[0].get_target_sdk_version() or 0)
        sdk = int(self.dev.props.get("ro.build.version.sdk", "0"))
        if sdk >= 34 and target < self.dev.min_target_sdk and "--bypass-low-target-sdk-block" not in flags:
            why = f"App package must target at least SDK version {self.dev.min_target_sdk}, but found {target}"
            return f"Failure [INSTALL_FAILED_DEPRECATED_SDK_VERSION: {why}]\n", 1
        version = int(apks[0].get_androidversion_code() or 0)
        if version < self.dev.versions.get(name, 0) and "-d" not in flags:
            return "Failure [INSTALL_FAILED_VERSION_DOWNGRADE]\n", 1
        self.dev.packages[name] = f"/data/app/{name}-1/base.apk"
        self.dev.versions[name] = version
        self.dev.installed_parts[name] = len(datas)
        return "Success\n", 0

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
        data = self.dev.read(self.ns, args[0])
        if data is None:
            return f"md5sum: {args[0]}: No such file or directory\n", 1
        return f"{hashlib.md5(data).hexdigest()}  {args[0]}\n", 0

    def cmd_chmod(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_chown(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_chcon(self, args: list[str]) -> tuple[str, int]:
        return "", 0

    def cmd_set(self, args: list[str]) -> tuple[str, int]:
        if args == ["-e"]:
            self.errexit = True
        return "", 0

    def cmd_mkdir(self, args: list[str]) -> tuple[str, int]:
        for a in args:
            if not a.startswith("-"):
                self.dev.dirs.add(a.rstrip("/"))
        return "", 0

    def _glob(self, pattern: str) -> list[str]:
        if "*" not in pattern:
            return [pattern] if self.dev.read(self.ns, pattern) is not None else []
        d, pat = posixpath.split(pattern)
        return [f"{d}/{n}" for n in self.dev.listdir(self.ns, d) if fnmatch.fnmatch(n, pat)]

    def cmd_cp(self, args: list[str]) -> tuple[str, int]:
        args = [a for a in args if not a.startswith("-")]
        *srcs, dst = args
        for pattern in srcs:
            found = self._glob(pattern)
            if not found:
                return f"cp: {pattern}: No such file or directory\n", 1
            for src in found:
                target = (
                    posixpath.join(dst, posixpath.basename(src)) if self.dev.is_dir(self.ns, dst) else dst
                )
                error = self.dev.write(self.ns, target, self.dev.read(self.ns, src) or b"")
                if error:
                    return f"cp: {target}: {error}\n", 1
        return "", 0

    def cmd_mv(self, args: list[str]) -> tuple[str, int]:
        src, dst = [a for a in args if not a.startswith("-")]
        data = self.dev.read(self.ns, src)
        if data is None:
            return f"mv: {src}: No such file or directory\n", 1
        self.dev.write(self.ns, dst, data)
        files, key, _ = self.dev.resolve(self.ns, src)
        files.pop(key, None)
        return "", 0

    def cmd_rm(self, args: list[str]) -> tuple[str, int]:
        for a in args:
            if a.startswith("-"):
                continue
            files, key, mount = self.dev.resolve(self.ns, a)
            if mount is None and a.startswith(READ_ONLY):
                return f"rm: {a}: Read-only file system\n", 1
            for p in [p for p in files if p == key or p.startswith(key.rstrip("/") + "/")]:
                del files[p]
            self.dev.dirs.discard(a.rstrip("/"))
        return "", 0

    def cmd_mount(self, args: list[str]) -> tuple[str, int]:
        target = args[-1].rstrip("/")
        if not self.dev.is_dir(self.ns, target):
            return f"mount: '{target}': No such file or directory\n", 1
        if "--bind" in args:
            src = args[-2].rstrip("/")
            files, _, mount = self.dev.resolve(self.ns, src + "/x")
            if mount is None:
                files = {n: self.dev.files[f"{src}/{n}"] for n in self.dev.listdir(self.ns, src)}
            fstype = mount.fstype if mount else "ext4"
        else:
            files, fstype = {}, "tmpfs"
        shared = self.ns == "init" and target.startswith("/system/")
        self.dev.mtab.append(Mount(self.ns, target, files, shared, fstype))
        return "", 0

    def cmd_umount(self, args: list[str]) -> tuple[str, int]:
        target = args[-1].rstrip("/")
        mine = [m for m in self.dev.mtab if m.ns == self.ns and m.target == target]
        if not mine:
            return f"umount: {target}: Invalid argument\n", 1
        self.dev.mtab.remove(mine[-1])
        return "", 0

    def cmd_nsenter(self, args: list[str]) -> tuple[str, int]:
        spec = next(a for a in args if a.startswith(("--mount=", "-m")))
        pid_text = spec.split("/")[2] if "/proc/" in spec else ""
        ns = self.dev.ns_of(int(pid_text)) if pid_text.isdigit() else None
        if ns is None:
            return f"nsenter: open {spec.split('=', 1)[-1]}: No such file or directory\n", 1
        rest = args[args.index("--") + 1 :] if "--" in args else [a for a in args if a != spec]
        return self._sub(self.root, ns)._stmt(rest)

    def cmd_nc(self, args: list[str]) -> tuple[str, int]:
        """toybox nc to 127.0.0.1:PORT. Through ``adb reverse`` adbd itself accepts the connection,
        whether or not anything listens on the host: the connection then just closes, empty."""
        import socket

        host, port = [a for a in args if not a.startswith("-") and not a.isdigit() or a == args[-1]][-2:]
        local = self.dev.reverses.get(f"tcp:{port}")
        if host not in ("127.0.0.1", "localhost") or local is None:
            return "nc: connect: Connection refused\n", 1
        try:
            conn = socket.create_connection(("127.0.0.1", int(local.split(":")[1])), timeout=2)
        except OSError:
            return "", 0  # adbd accepted; nothing behind it
        reply = b""
        try:
            conn.sendall(self.stdin)
            conn.shutdown(socket.SHUT_WR)
            while chunk := conn.recv(65536):
                reply += chunk
        except OSError:
            pass
        finally:
            conn.close()
        return reply.decode(errors="replace"), 0

    def cmd_printf(self, args: list[str]) -> tuple[str, int]:
        return args[0].encode().decode("unicode_escape") % tuple(args[1:]) if args else "", 0

    def cmd_cat(self, args: list[str]) -> tuple[str, int]:
        if args == ["/proc/mounts"]:
            lines = ["/dev/block/dm-0 / ext4 ro,seclabel 0 0"]
            lines += [f"{m.fstype} {m.target} {m.fstype} rw,seclabel 0 0" for m in self.dev.view(self.ns)]
            return "\n".join(lines) + "\n", 0
        if args == ["/proc/sys/kernel/random/boot_id"]:
            return self.dev.boot_id + "\n", 0
        if args and args[0].startswith("/proc/net/"):
            return "", 0
        data = self.dev.read(self.ns, args[0]) if args else None
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
        self.dev.reboot_slowly()
        return "", 0

    def cmd_readlink(self, args: list[str]) -> tuple[str, int]:
        target = args[-1]
        parts = target.split("/")
        if len(parts) == 4 and parts[1] == "proc" and parts[3] == "exe" and parts[2].isdigit():
            if not self.root:
                return f"readlink: {target}: Permission denied\n", 1
            pid = int(parts[2])
            if pid not in self.dev.processes.values():
                return "", 1
            name = next(n for n, p in self.dev.processes.items() if p == pid)
            exe = self.dev.exes.get(pid, f"/system/bin/{name}")
            gone = pid in self.dev.exe_data and self.dev.read("init", exe) is None
            return exe + (" (deleted)" if gone else "") + "\n", 0
        return "", 1

    def cmd_netstat(self, args: list[str]) -> tuple[str, int]:
        lines = [
            "Active Internet connections (only servers)",
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program Name",
        ]
        for port, pid in sorted(self.dev.listening.items()):
            names = [n for n, p in self.dev.processes.items() if p == pid]
            if not names:
                continue
            owner = f"{pid}/{names[0]}" if self.root else "-"
            lines.append(f"tcp        0      0 127.0.0.1:{port}         0.0.0.0:*               LISTEN      {owner}")
        return "\n".join(lines) + "\n", 0

    def frida_server(self, argv: list[str]) -> tuple[str, int]:
        path = argv[0]
        if path.startswith("/proc/") and path.endswith("/exe"):  # the running binary itself
            pid = int(path.split("/")[2])
            data = self.dev.exe_data.get(pid)
        else:
            data = self.dev.read(self.ns, path)
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
            if 27042 in self.dev.listening and self.dev.listening[27042] in self.dev.processes.values():
                return "Unable to start: Error binding to address 127.0.0.1:27042: Address already in use\n", 1
            self.dev.run_server(path, data)
            return "", 0
        return "", 0
