"""``pimon doctor``'s first half: is this installation able to run the embedded emulator?

Checks what an installed wheel (or a checkout after ``make setup``) must hold — the compiled Frida
agent, the built-in scenarios, the emulator's framework and fixture jars — and the one thing it takes
from the system, a Java runtime. Read-only, like the Android checks that follow it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from monitor import __version__, paths
from monitor.devices.android.doctor import Check
from monitor.devices.emulator.java import INSTALL_HINT, find_java, find_keytool
from monitor.errors import PimonError

JRE_HINT = ("install a Java 17+ runtime: Debian/Ubuntu `sudo apt-get install openjdk-17-jre-headless`, "
            "macOS `brew install openjdk@17`, or set JAVA_HOME")


def _where() -> str:
    if paths.DATA_ROOT == paths.BUNDLED:
        return f"installed package at {paths.PACKAGE_DIR}"
    return f"checkout at {paths.REPO_ROOT}"


def check_agent() -> Check:
    from monitor.instrument.agent import agent_source

    try:
        size = len(agent_source())
    except PimonError as exc:
        return Check("agent", "fail", str(exc), "reinstall pimon; in a checkout run `make agent`")
    return Check("agent", "ok", f"Frida agent bundle, {size // 1024} KiB")


def check_scenarios() -> Check:
    from monitor.scenarios.loader import builtin_names

    names = builtin_names()
    if "first-launch-refuse" not in names:
        return Check("scenarios", "fail", f"built-in scenarios missing from {paths.SCENARIOS_DIR}",
                     "reinstall pimon from a complete wheel")
    return Check("scenarios", "ok", f"{len(names)} built-in scenarios in {paths.SCENARIOS_DIR}")


def check_emulator() -> Check:
    build = paths.EMULATOR_BUILD
    framework = build / "framework.jar"
    if not framework.is_file():
        fix = ("reinstall pimon from a complete wheel" if paths.DATA_ROOT == paths.BUNDLED
               else "run `make setup` (or `make -C emulator`)")
        return Check("emulator", "fail", f"{framework} is missing", fix)
    apps = sorted(p.stem for p in (build / "apps").glob("*.jar"))
    if not apps:
        return Check("emulator", "warn", f"framework.jar present, no fixture apps under {build / 'apps'}",
                     "install your own app with `pimon emulator install APP.jar`")
    return Check("emulator", "ok", f"framework.jar and {len(apps)} fixture apps ({', '.join(apps[:4])}, …)")


def check_java() -> list[Check]:
    try:
        java = find_java()
    except PimonError as exc:
        return [Check("java", "fail", str(exc).replace(INSTALL_HINT, "").rstrip("; "), JRE_HINT)]
    try:
        proc = subprocess.run([java, "-version"], check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Check("java", "fail", f"{java} -version failed: {exc}", JRE_HINT)]
    m = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr)
    major = int(m.group(1)) if m else 0
    major = int(m.group(2)) if m and major == 1 and m.group(2) else major  # "1.8.0" is Java 8
    checks = [Check("java", "ok", f"{java} (Java {major})") if major >= 17 else
              Check("java", "fail", f"{java} is Java {major or '?'}; the emulator needs 17 or newer", JRE_HINT)]
    try:
        checks.append(Check("keytool", "ok", find_keytool()))
    except PimonError:
        checks.append(Check("keytool", "warn", "no keytool beside java: HTTPS capture on the emulator will fail",
                            JRE_HINT))
    return checks


CAP_SYS_PTRACE = 19


def check_ptrace(status_text: str | None = None) -> Check:
    """Frida attaches with ptrace. A process whose capability bounding set lacks CAP_SYS_PTRACE (a
    container run without ``--cap-add SYS_PTRACE``) cannot: frida crashes pimon at the first attach."""
    if status_text is None:
        try:
            status_text = Path("/proc/self/status").read_text(encoding="ascii")
        except OSError:
            return Check("ptrace", "ok", "no /proc/self/status (not Linux): not checked")
    m = re.search(r"^CapBnd:\s*([0-9a-fA-F]+)", status_text, re.MULTILINE)
    if m is None or int(m.group(1), 16) >> CAP_SYS_PTRACE & 1:
        return Check("ptrace", "ok", "Frida may attach to the emulator's app processes")
    return Check("ptrace", "fail", "CAP_SYS_PTRACE is not in this process's capability bounding set "
                 "(a container?): Frida cannot attach to app processes",
                 "run the container with `--cap-add SYS_PTRACE`")


def run() -> list[Check]:
    """The installation's checks, in order; ``fail`` means `pimon run` on the emulator cannot work."""
    return [Check("pimon", "ok", f"pimon {__version__}, {_where()}"),
            check_agent(), check_scenarios(), check_emulator(), *check_java(), check_ptrace()]
