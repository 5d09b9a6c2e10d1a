"""Every YAML input is bounded: a billion-laughs document or a huge scenario fails fast, naming file:line."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.rules import load_config
from monitor.scenarios.loader import load_scenario
from monitor.scenarios.suite import load_suite
from monitor.traffic.disclosure import load_disclosure


def laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _scenario(p: Path) -> None:
    load_scenario(str(p), {}, strict=False)


def _suite(p: Path) -> None:
    load_suite(str(p), {})


def _disclosure(p: Path) -> None:
    load_disclosure(p)


def _rules(p: Path) -> None:
    load_config(p)


LOADERS = {"x.yaml": _scenario, "x.suite.yaml": _suite, "disclosure.yaml": _disclosure, "rules.yaml": _rules}


def _fails_fast(loader, path: Path) -> str:
    """The loader refuses ``path`` within 1 s of CPU (this thread's: wall time on a loaded 2-core machine is the
    scheduler's), and (traced on a second try) below 100 MB."""
    t0 = time.thread_time()
    with pytest.raises(ConfigError) as err:
        loader(path)
    assert time.thread_time() - t0 < 1.0
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError):
            loader(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20
    return str(err.value)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_billion_laughs_fails_fast_with_file_and_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(laughs(), encoding="utf-8")
    message = _fails_fast(LOADERS[name], path)
    assert message.startswith(f"{path}:") and "expands to more than" in message, message


def test_huge_scenario_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("name: huge\nsteps:\n" + '  - tap: {text: "OK"}\n' * 700_000, encoding="utf-8")
    message = _fails_fast(_scenario, path)
    assert message.startswith(f"{path}:1:") and "larger than" in message, message


def test_many_steps_below_the_size_bound_are_refused_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("name: many\nsteps:\n" + "  - {tap: {text: OK}}\n" * 30_000, encoding="utf-8")
    message = _fails_fast(_scenario, path)
    assert "expands to more than" in message and int(message.split(":")[1]) > 2, message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    assert "nested deeper" in _fails_fast(_scenario, path)


def test_ordinary_scenarios_still_load() -> None:
    from monitor.paths import SCENARIOS_DIR

    for path in sorted(SCENARIOS_DIR.rglob("*.yaml")):
        if path.name.endswith(".suite.yaml"):
            _suite(path)
        elif "schema" not in path.name:
            _scenario(path)
