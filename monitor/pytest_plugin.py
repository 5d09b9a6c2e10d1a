"""pimon's pytest plugin: scenario tests as ordinary pytest tests (JUnit XML from ``--junitxml``).

Registered as the ``pimon`` entry point of ``pytest11``, so it is active wherever pimon is
installed. Fixtures:

* ``pimon_device`` (alias ``device``), session-scoped: the device of ``--pimon-device`` (``emulator``
  by default, ``emulator:NAME``, ``android`` for the only adb device, or an adb serial).
* ``pimon_app`` (alias ``app``): the package under test, installed. The app is named by the
  ``@pytest.mark.pimon_app("NAME")`` marker, by indirect parametrization, or by ``--pimon-app``;
  NAME is an emulator fixture app, an ``.apk``/``.jar`` file or an installed package.
* ``pimon_run`` (alias ``run``): ``run(scenario, app=None, *, traffic=None, disclosure=None,
  **params) -> RunResult`` runs a scenario (built-in name, path relative to the test file, or a
  loaded scenario) and returns the run with its findings; the run id, status and report directory
  are added to the test's JUnit properties. ``traffic``/``disclosure`` as for ``execute_run``
  (disclosure may be a file; default ``--pimon-disclosure``, else a fixture app's own).
* ``pimon_store``, session-scoped: the store (``--pimon-db``; a temporary SQLite file by default).

Reports go to ``--pimon-out DIR/<test name>/`` (default: the test's ``tmp_path``).
Importing this module is cheap on purpose: pimon itself is imported only when a fixture is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

MARKER = "pimon_app"
T = TypeVar("T")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pimon", "pimon scenario tests")
    group.addoption("--pimon-device", metavar="SPEC", default=None,
                    help="device for pimon scenario tests: emulator (default), emulator:NAME, android, or an adb serial")
    group.addoption("--pimon-app", metavar="APP", default=None,
                    help="app for tests without a pimon_app marker: fixture name, .apk/.jar file or package")
    group.addoption("--pimon-db", metavar="URL", default=None,
                    help="store for the runs: SQLite path or database URL (default: a temporary SQLite file)")
    group.addoption("--pimon-out", metavar="DIR", default=None,
                    help="write each run's reports to DIR/<test name>/ (default: the test's tmp_path)")
    group.addoption("--pimon-jobs", metavar="N", type=int, default=None,
                    help="run scenario tests N at once (pytest-xdist workers; on the emulator every run has its own "
                         "device state; with --pimon-device A,B each worker takes one Android device in turn)")
    group.addoption("--pimon-disclosure", metavar="FILE", default=None,
                    help="the apps' disclosure file for PI-6.5 (default: a fixture app's own, else none)")
    parser.addini("pimon_device", "default for --pimon-device", default=None)
    parser.addini("pimon_app", "default for --pimon-app", default=None)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """``--pimon-jobs N``: N pytest-xdist workers (what ``-n N`` sets), unless ``-n`` was given.

    Only in the controlling process: a worker receives the same options, and a worker that took them as its
    own would start N workers of its own, and each of those N more — a fork bomb that filled the memory of
    a CI machine."""
    jobs = config.getoption("--pimon-jobs", None)
    if not jobs or jobs < 2 or is_xdist_worker(config):
        return
    if not config.pluginmanager.hasplugin("xdist"):
        raise pytest.UsageError("--pimon-jobs needs pytest-xdist (pip install pytest-xdist)")
    if getattr(config.option, "numprocesses", None) is None:
        config.option.numprocesses = jobs
        if config.option.dist == "no":
            config.option.dist = "load"
        config.option.tx = ["popen"] * jobs


def is_xdist_worker(config: pytest.Config) -> bool:
    """True inside a pytest-xdist worker: xdist gives its config ``workerinput`` before pytest_cmdline_main.
    (Not PYTEST_XDIST_WORKER: a pytest started by a test inside a worker inherits it and is a controller.)"""
    return hasattr(config, "workerinput")


def worker_device(spec: str, worker: str | None) -> str:
    """The device of this xdist worker when ``spec`` names several (``A,B``): worker gwN takes the Nth in turn."""
    specs = [s.strip() for s in spec.split(",") if s.strip()] or ["emulator"]
    index = int(worker[2:]) if worker and worker.startswith("gw") and worker[2:].isdigit() else 0
    return specs[index % len(specs)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(name): the app a pimon scenario test runs on "
                            "(fixture app name, .apk/.jar file or package name)")


def _option(config: pytest.Config, name: str) -> Any:
    value = config.getoption(f"--pimon-{name}")
    if value is None and name in ("device", "app"):
        value = config.getini(f"pimon_{name}") or None
    return value


def make_device(spec: str, home: Path | None = None) -> Any:
    """A device from a spec: ``emulator[:NAME]`` (state under ``home`` if given) or an adb serial."""
    if spec == "emulator" or spec.startswith("emulator:"):
        from monitor.devices.emulator import EmulatorDevice

        name = spec.partition(":")[2] or "emulator"
        return EmulatorDevice(home / name if home is not None else None, name=name)
    from monitor.devices.android.device import AndroidDevice

    return AndroidDevice(None if spec == "android" else spec)


def _guard(fn: Callable[[], T]) -> T:
    """``fn()``; pimon's own errors become a one-line test failure, not a traceback into pimon."""
    from monitor.errors import PimonError

    try:
        return fn()
    except PimonError as exc:
        message = f"pimon: {exc}"
    pytest.fail(message, pytrace=False)  # outside the except: no chained traceback


@pytest.fixture(scope="session")
def pimon_device(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The device scenario tests run on (``--pimon-device``; the JVM emulator by default, with its
    state in a fresh temporary directory)."""
    import os

    spec = worker_device(_option(request.config, "device") or "emulator", os.environ.get("PYTEST_XDIST_WORKER"))
    home = tmp_path_factory.mktemp("pimon-device")
    dev = _guard(lambda: make_device(spec, home))
    try:
        yield dev
    finally:
        close = getattr(dev, "close", None)
        if close is not None:
            close()


@pytest.fixture(scope="session")
def device(pimon_device: Any) -> Any:
    """Alias of ``pimon_device``."""
    return pimon_device


def _app_name(request: pytest.FixtureRequest) -> str:
    """The app a test names: its own parametrization (direct or indirect), the marker, the option."""
    if hasattr(request, "param"):
        return str(request.param)
    callspec = getattr(request.node, "callspec", None)
    for key in ("app", "pimon_app"):
        if callspec is not None and key in callspec.params:
            return str(callspec.params[key])
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if len(marker.args) != 1:
            raise pytest.UsageError(f"{request.node.nodeid}: @pytest.mark.{MARKER} takes one app name")
        return str(marker.args[0])
    name = _option(request.config, "app")
    if not name:
        pytest.fail(f"pimon: no app for {request.node.name}: mark the test with @pytest.mark.{MARKER}(NAME), "
                    "parametrize `app`, or pass --pimon-app NAME", pytrace=False)
    return str(name)


def _install(dev: Any, name: str, base: Path) -> str:
    from monitor.run import resolve_app

    local = base / name
    return _guard(lambda: resolve_app(dev, str(local) if local.suffix in (".apk", ".jar") and local.is_file()
                                      else name))


@pytest.fixture
def pimon_app(request: pytest.FixtureRequest, pimon_device: Any) -> str:
    """The package under test, installed on ``pimon_device``."""
    return _install(pimon_device, _app_name(request), request.path.parent)


@pytest.fixture
def app(request: pytest.FixtureRequest, pimon_device: Any) -> str:
    """Alias of ``pimon_app``."""
    return _install(pimon_device, _app_name(request), request.path.parent)


@pytest.fixture(scope="session")
def pimon_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The store every run of the session goes to (``--pimon-db``, else a temporary SQLite file)."""
    from monitor.store import open_store

    db = request.config.getoption("--pimon-db") or tmp_path_factory.mktemp("pimon-store") / "pimon.db"
    store = _guard(lambda: open_store(db))
    try:
        yield store
    finally:
        store.close()


class ScenarioRunner:
    """The ``run`` fixture's callable: ``run(scenario, app=None, **params) -> RunResult``."""

    def __init__(self, request: pytest.FixtureRequest, device: Any, store: Any) -> None:
        self._request = request
        self._device = device
        self._store = store
        self.results: list[Any] = []

    def _out_dir(self) -> Path:
        out = self._request.config.getoption("--pimon-out")
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", self._request.node.name).strip("_")
        base = Path(out).resolve() / slug if out else self._request.getfixturevalue("tmp_path") / "pimon"
        return base / str(len(self.results) + 1) if self.results else base

    def _disclosure(self, given: Any, app: str) -> Any:
        from monitor.traffic.disclosure import fixture_disclosure, load_disclosure

        given = given if given is not None else self._request.config.getoption("--pimon-disclosure")
        if isinstance(given, (str, Path)):
            return load_disclosure(Path(given))
        if given is not None:
            return given
        return fixture_disclosure(app, getattr(self._device, "kind", "emulator"))

    def __call__(self, scenario: Any, app: str | None = None, *, traffic: bool | None = None,
                 disclosure: Any = None, **params: Any) -> Any:
        from monitor.run import execute_run
        from monitor.scenarios.loader import load_scenario

        base = self._request.path.parent
        name = app if app is not None else _app_name(self._request)
        package = _install(self._device, name, base)
        disclosure = _guard(lambda: self._disclosure(disclosure, name))
        loaded = _guard(lambda: load_scenario(scenario, params, strict=False, base=base)
                        if isinstance(scenario, (str, Path)) else scenario)
        out = self._out_dir()
        result = execute_run(device=self._device, package=package, scenario=loaded, store=self._store,
                             params=params, out_dir=out, traffic=traffic, disclosure=disclosure)
        self.results.append(result)
        props = self._request.node.user_properties
        props += [("pimon_run_id", result.run_id), ("pimon_status", result.status),
                  ("pimon_findings", len(result.findings)), ("pimon_report", str(out))]
        return result


@pytest.fixture
def pimon_run(request: pytest.FixtureRequest, pimon_device: Any, pimon_store: Any) -> ScenarioRunner:
    """``run(scenario, app=None, **params) -> RunResult``: one scenario run on the test's app."""
    return ScenarioRunner(request, pimon_device, pimon_store)


@pytest.fixture
def run(pimon_run: ScenarioRunner) -> ScenarioRunner:
    """Alias of ``pimon_run``."""
    return pimon_run
