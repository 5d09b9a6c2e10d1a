"""Compile the TypeScript agent in ``hooks/`` into ``monitor/agent/_agent.js``.

Run by ``make setup``. It uses the Frida Python bindings' own compiler (``frida.Compiler``), which
resolves ``frida-java-bridge`` from ``hooks/node_modules``; an installed pimon needs no Node.js.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import frida

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"
OUTPUT = Path(__file__).resolve().parents[1] / "agent" / "_agent.js"


def build(project_root: Path = HOOKS, output: Path = OUTPUT) -> Path:
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
    tmp = output.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(bundle, encoding="utf-8")
    tmp.replace(output)
    return output


def sources(project_root: Path = HOOKS) -> list[Path]:
    """The agent's own sources (not node_modules): what a rebuild depends on."""
    found = [p for p in project_root.rglob("*.ts") if "node_modules" not in p.parts]
    return found + [project_root / name for name in ("package.json", "package-lock.json", "tsconfig.json")]


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
