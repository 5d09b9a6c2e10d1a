"""Build hook: the wheel carries everything a run needs (pyproject.toml holds the metadata).

While building the wheel, ``build_py`` adds to ``monitor/``:

- ``agent/_agent.js`` (+ ``_agent.sha256``): the Frida agent, compiled from ``hooks/`` with
  ``frida.Compiler`` when ``hooks/node_modules`` is there (a checkout after ``npm ci``); a build
  without it (from the sdist, which ships the compiled bundle) uses the bundle only if its digest
  matches the ``hooks/`` sources shipped beside it. So Node.js is needed to make a release, never
  to install one, and a stale bundle can never reach a wheel.
- ``_data/scenarios/``: the built-in scenarios and suites (``scenarios/`` at the top of the repo).
- ``_data/emulator/build/``: ``framework.jar`` and the fixture apps, compiled with the JDK
  (``monitor/devices/emulator/jarbuild.py``), so an installed pimon needs only a Java runtime;
  ``_data/emulator/apps/<app>/*.yaml``: each fixture's expected findings and disclosure.

``sdist`` puts a freshly checked (or compiled) agent bundle into the release tree.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
HOOKS = HERE / "hooks"
EMULATOR = HERE / "emulator"


def _load(name: str, path: Path):
    """A build helper module by file path (importing ``monitor`` would need its dependencies)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_agent = _load("_pimon_build_agent", HERE / "monitor" / "instrument" / "build_agent.py")
jarbuild = _load("_pimon_jarbuild", HERE / "monitor" / "devices" / "emulator" / "jarbuild.py")


def _can_compile_agent() -> bool:
    return (HOOKS / "node_modules" / "frida-java-bridge").is_dir()


def fresh_agent(dest: Path) -> None:
    """Write a bundle compiled from the current ``hooks/`` sources to ``dest`` (+ its stamp)."""
    src = build_agent.OUTPUT
    if not build_agent.stamp_matches(HOOKS, src):
        if not _can_compile_agent():
            why = "is missing" if not src.is_file() else "was compiled from other sources than hooks/ holds"
            raise SystemExit(f"error: the Frida agent bundle {src.relative_to(HERE)} {why}, and it cannot be "
                             f"compiled here: run `npm ci` in hooks/ (Node.js is needed to build pimon from a "
                             f"checkout, not to install a wheel or the sdist)")
        build_agent.build(HOOKS, src)
    dest.parent.mkdir(parents=True, exist_ok=True)
    for name in (src.name, build_agent.STAMP_NAME):
        dest.with_name(name).unlink(missing_ok=True)  # sdist's release tree hard-links sources
        shutil.copyfile(src.with_name(name), dest.with_name(name))


def emulator_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(p for d in ("framework", "apps") for p in (EMULATOR / d).rglob("*") if p.is_file()):
        rel = path.relative_to(EMULATOR).as_posix().encode()
        h.update(b"%d:%s" % (len(rel), rel) + hashlib.sha256(path.read_bytes()).digest())
    h.update(repr(jarbuild.JAVAC_FLAGS).encode())
    if jarbuild.ORG_JSON.is_file():
        h.update(hashlib.sha256(jarbuild.ORG_JSON.read_bytes()).digest())
    return h.hexdigest()[:16]


def emulator_jars(dest: Path) -> None:
    """framework.jar + apps/*.jar into ``dest``; cached by the sources' digest under build/ (or
    ``$PIMON_BUILD_CACHE``), so rebuilding a wheel from unchanged sources skips javac."""
    root = Path(os.environ.get("PIMON_BUILD_CACHE") or HERE / "build") / "pimon-emulator"
    cache = root / emulator_digest()
    if not (cache / "framework.jar").is_file():
        tmp = cache.with_name(cache.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            jarbuild.build(EMULATOR, tmp)
        except jarbuild.JdkMissing as exc:
            raise SystemExit(f"error: {exc}") from None
        shutil.rmtree(cache, ignore_errors=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(cache)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(cache, dest)


class BuildPy(build_py):
    def run(self) -> None:
        if not self.editable_mode:  # build/lib outlives builds: a module deleted since must not ship
            shutil.rmtree(Path(self.build_lib) / "monitor", ignore_errors=True)
        super().run()
        if self.editable_mode:  # an editable install reads the checkout (monitor/paths.py)
            return
        pkg = Path(self.build_lib) / "monitor"
        fresh_agent(pkg / "agent" / build_agent.OUTPUT.name)
        data = pkg / "_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(HERE / "scenarios", data / "scenarios",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        emulator_jars(data / "emulator" / "build")
        for app in jarbuild.app_dirs(EMULATOR):
            for yml in sorted(app.glob("*.yaml")):
                target = data / "emulator" / "apps" / app.name / yml.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(yml, target)


class Sdist(sdist):
    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        fresh_agent(Path(base_dir) / build_agent.OUTPUT.relative_to(HERE))


# Compiling the agent needs the frida bindings in the build environment: ask for them only then.
needs_frida = _can_compile_agent() and not build_agent.stamp_matches(HOOKS, build_agent.OUTPUT)
setup(cmdclass={"build_py": BuildPy, "sdist": Sdist},
      setup_requires=["frida>=17.2,<18"] if needs_frida else [])
