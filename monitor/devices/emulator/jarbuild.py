"""Build the emulator's jars (framework and fixture apps) with a JDK, without make.

``emulator/Makefile`` is what a checkout uses (incremental, one javac run per jar); this module
does the same build from Python for the wheel (``setup.py`` runs it while building, so an installed
pimon carries ``framework.jar`` and the fixture apps and needs only a Java runtime). Standard
library only: ``setup.py`` loads it by file path, before pimon's dependencies exist.

The jars are written with fixed timestamps and sorted entries, so the same sources give the same
bytes (javac's own output is deterministic for the same JDK).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

JAVAC_FLAGS = ("-nowarn", "-encoding", "UTF-8", "--release", "17", "-g", "-XDsuppressNotes", "-Xlint:none")
JDK_HINT = ("install a JDK 17: Debian/Ubuntu `sudo apt-get install openjdk-17-jdk-headless`, "
            "macOS `brew install openjdk@17` (then put its bin/ on PATH or set JAVA_HOME)")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class JdkMissing(RuntimeError):
    pass


def find_javac() -> str:
    """``$JAVA_HOME/bin/javac``, else ``javac`` on PATH; JdkMissing (naming the packages) if neither."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "javac").is_file():
        return str(Path(home) / "bin" / "javac")
    found = shutil.which("javac")
    if found:
        return found
    raise JdkMissing(f"javac not found (pimon's emulator is compiled from Java sources): {JDK_HINT}")


def write_jar(classes: Path, jar: Path) -> None:
    """Zip ``classes`` into ``jar`` (sorted entries, fixed times), atomically."""
    files = sorted(p for p in classes.rglob("*") if p.is_file())
    tmp = jar.with_name(f".{jar.name}.{os.getpid()}.tmp")
    jar.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        manifest = zipfile.ZipInfo("META-INF/MANIFEST.MF", ZIP_EPOCH)
        zf.writestr(manifest, "Manifest-Version: 1.0\r\nCreated-By: pimon jarbuild\r\n\r\n",
                    zipfile.ZIP_DEFLATED)
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(classes).as_posix(), ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    tmp.replace(jar)


def _javac(javac: str, sources: list[Path], out: Path, classpath: Path | None = None) -> None:
    cmd = [javac, *JAVAC_FLAGS, "-d", str(out)]
    if classpath is not None:
        cmd += ["-cp", str(classpath)]
    # an @argfile keeps hundreds of framework sources off the command line
    argfile = out.parent / f"{out.name}.args"
    argfile.write_text("\n".join(f'"{s.as_posix()}"' for s in sorted(sources)), encoding="utf-8")
    proc = subprocess.run([*cmd, f"@{argfile}"], check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"javac failed ({proc.returncode}):\n{proc.stderr.strip()[-4000:]}")


#: Android's own org.json (Apache-2.0), platform API on Android: merged into framework.jar as emulator/Makefile does.
ORG_JSON = Path(os.environ.get("ORG_JSON", "/usr/share/java/json-android.jar"))


def merge_org_json(classes: Path) -> None:
    if not ORG_JSON.is_file():
        raise JdkMissing(f"{ORG_JSON} missing (Android's org.json for the emulator framework): Debian/Ubuntu "
                         "`sudo apt-get install libandroid-json-org-java`, or ORG_JSON=path/to/android-json.jar")
    with zipfile.ZipFile(ORG_JSON) as zf:
        for name in zf.namelist():
            if name.startswith("org/json/") and name.endswith(".class"):
                dest = classes / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(zf.read(name))


def build_framework(emulator_dir: Path, out_dir: Path, javac: str) -> Path:
    sources = list((emulator_dir / "framework" / "src").rglob("*.java"))
    if not sources:
        raise FileNotFoundError(f"no framework sources under {emulator_dir / 'framework' / 'src'}")
    with tempfile.TemporaryDirectory(prefix="pimon-fw-") as tmp:
        classes = Path(tmp) / "classes"
        classes.mkdir()
        _javac(javac, sources, classes)
        merge_org_json(classes)
        jar = out_dir / "framework.jar"
        write_jar(classes, jar)
    return jar


def build_app(app_dir: Path, jar: Path, framework: Path, javac: str) -> Path:
    """One app: AndroidManifest.xml at the jar's root, src/'s resources, src/'s classes."""
    with tempfile.TemporaryDirectory(prefix="pimon-app-") as tmp:
        classes = Path(tmp) / "classes"
        classes.mkdir()
        shutil.copyfile(app_dir / "AndroidManifest.xml", classes / "AndroidManifest.xml")
        src = app_dir / "src"
        sources = []
        for path in sorted(src.rglob("*")) if src.is_dir() else []:
            if path.suffix == ".java":
                sources.append(path)
            elif path.is_file():
                dest = classes / path.relative_to(src)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
        if sources:
            _javac(javac, sources, classes, classpath=framework)
        write_jar(classes, jar)
    return jar


def app_dirs(emulator_dir: Path, kind: str = "apps") -> list[Path]:
    return sorted(p.parent for p in (emulator_dir / kind).glob("*/AndroidManifest.xml"))


def build(emulator_dir: Path, out_dir: Path, kinds: tuple[str, ...] = ("apps",)) -> list[Path]:
    """framework.jar and ``<kind>/<name>.jar`` for each app of each kind, under ``out_dir``."""
    javac = find_javac()
    framework = build_framework(emulator_dir, out_dir, javac)
    built = [framework]
    for kind in kinds:
        for app in app_dirs(emulator_dir, kind):
            built.append(build_app(app, out_dir / kind / f"{app.name}.jar", framework, javac))
    return built


if __name__ == "__main__":  # python monitor/devices/emulator/jarbuild.py EMULATOR_DIR OUT_DIR
    try:
        for jar in build(Path(sys.argv[1]), Path(sys.argv[2])):
            print(jar)
    except JdkMissing as exc:
        sys.exit(f"error: {exc}")
