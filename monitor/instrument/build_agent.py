"""Compile the TypeScript agent in ``hooks/`` into ``monitor/agent/_agent.js``.

Run by ``make setup`` and by the wheel build (``setup.py``). It uses the Frida Python bindings' own
compiler (``frida.Compiler``), which resolves ``frida-java-bridge`` from ``hooks/node_modules``; an
installed pimon needs no Node.js. Beside the bundle it writes ``_agent.sha256``, the digest of the
sources it was compiled from, so a build without ``node_modules`` (from the sdist, which carries
the compiled bundle) can tell a fresh bundle from a stale one.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"
OUTPUT = Path(__file__).resolve().parents[1] / "agent" / "_agent.js"
STAMP_NAME = "_agent.sha256"


def build(project_root: Path = HOOKS, output: Path = OUTPUT) -> Path:
    import frida  # only compiling needs it (setup.py imports this module before frida may exist)

    if not (project_root / "node_modules" / "frida-java-bridge").is_dir():
        raise SystemExit(f"error: {project_root}/node_modules is missing; run `npm ci` in {project_root}")
    diagnostics: list[str] = []
    compiler = frida.Compiler()
    compiler.on("diagnostics", lambda diags: diagnostics.extend(str(d) for d in diags))
    try:
        bundle = compiler.build("index.ts", project_root=str(project_root))
    except frida.InvalidArgumentError as exc:  # compile errors
        raise SystemExit(f"error: agent failed to compile: {exc}\n" + "\n".join(diagnostics)) from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((output, bundle), (output.with_name(STAMP_NAME), digest(project_root) + "\n")):
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return output


def sources(project_root: Path = HOOKS) -> list[Path]:
    """The agent's own sources (not node_modules): what a rebuild depends on. ``patches/`` holds the changes
    patch-package makes to the bridge in node_modules at ``npm ci`` (hooks/README.md)."""
    found = [p for p in project_root.rglob("*.ts") if "node_modules" not in p.parts]
    found += sorted((project_root / "patches").glob("*.patch"))
    return found + [project_root / name for name in ("package.json", "package-lock.json", "tsconfig.json")]


def digest(project_root: Path = HOOKS) -> str:
    """SHA-256 over the sources' relative paths and bytes (package-lock.json pins the bridge)."""
    h = hashlib.sha256()
    for path in sorted(p for p in sources(project_root) if p.is_file()):
        rel = path.relative_to(project_root).as_posix().encode()
        data = path.read_bytes()
        h.update(b"%d:%s%d:" % (len(rel), rel, len(data)) + data)
    return h.hexdigest()


def stamp_matches(project_root: Path = HOOKS, output: Path = OUTPUT) -> bool:
    """The bundle exists and was compiled from exactly these sources (by its ``_agent.sha256``)."""
    stamp = output.with_name(STAMP_NAME)
    return output.is_file() and stamp.is_file() and \
        stamp.read_text(encoding="utf-8").strip() == digest(project_root)


def is_stale(project_root: Path = HOOKS, output: Path = OUTPUT) -> bool:
    if not output.exists():
        return True
    built = output.stat().st_mtime
    return any(p.exists() and p.stat().st_mtime > built for p in sources(project_root))


def main() -> None:
    out = build()
    print(f"agent: {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KiB)", file=sys.stderr)


if __name__ == "__main__":
    main()
