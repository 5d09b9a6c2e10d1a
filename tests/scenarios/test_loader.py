"""Scenario loading: parameters, shorthands, and one-line file:line errors on a corpus of broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.scenarios.loader import builtin_names, load_scenario, rebind
from monitor.scenarios.model import Scenario

BROKEN = Path(__file__).parent / "broken"
_EXPECT = re.compile(r"^# expect: (\d+): (.+)$")


def _expectation(path: Path) -> tuple[int, str]:
    m = _EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name}: first line must be '# expect: LINE: MESSAGE'"
    return int(m.group(1)), m.group(2)


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_file_gives_one_line_error_with_file_and_line(path: Path):
    line, fragment = _expectation(path)
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"{path}:{line}: "), msg
    assert fragment in msg, msg
    assert info.value.exit_code == 2


def test_corpus_size():
    assert len(list(BROKEN.glob("*.yaml"))) >= 15


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_shorthands_and_params(tmp_path: Path):
    p = _write(tmp_path, """\
name: short
params: {observe: 8, who: 同意}
steps:
  - launch: fresh
  - consent: refuse
  - tap: ${who}
  - tap: {text_contains: "${who}并", timeout: 1}
  - observe: ${observe}
  - home
  - assert: foreground
  - consent: {action: withdraw, via: "我的 > 设置 > 撤回同意"}
""")
    s = load_scenario(p)
    assert isinstance(s, Scenario)
    kinds = [st.kind for st in s.steps]
    assert kinds == ["launch", "consent", "tap", "tap", "observe", "home", "assert", "consent"]
    assert s.steps[0].args.cold and s.steps[0].args.clear_data
    assert s.steps[2].args.text == "同意"
    assert s.steps[3].args.text_contains == "同意并"
    assert s.steps[4].args.seconds == 8
    assert [v.args.text for v in s.steps[7].args.via] == ["我的", "设置", "撤回同意"]
    assert s.steps[4].line == 8
    assert s.steps[7].args.via[0].line == 11  # the string shorthand: its steps share its line


def test_param_override_from_strings(tmp_path: Path):
    p = _write(tmp_path, "name: p\nparams: {observe: 8}\nsteps:\n  - observe: ${observe}\n")
    assert load_scenario(p, {"observe": "2"}).steps[0].args.seconds == 2
    s = load_scenario(p)
    assert rebind(s, {"observe": "0.5"}).steps[0].args.seconds == 0.5
    assert s.steps[0].args.seconds == 8  # the loaded scenario is unchanged


def test_unknown_override_is_an_error_unless_lenient(tmp_path: Path):
    p = _write(tmp_path, "name: p\nparams: {observe: 8}\nsteps:\n  - observe: ${observe}\n")
    with pytest.raises(ConfigError, match=r"unknown parameter 'obsrve' \(did you mean 'observe'\?\)"):
        load_scenario(p, {"obsrve": "2"})
    assert load_scenario(p, {"obsrve": "2"}, strict=False).steps[0].args.seconds == 8


def test_bad_override_value_names_the_line(tmp_path: Path):
    p = _write(tmp_path, "name: p\nparams: {observe: 8}\nsteps:\n  - home\n  - observe: ${observe}\n")
    with pytest.raises(ConfigError, match=r"s\.yaml:5: steps\[1\]\.observe\.seconds"):
        load_scenario(p, {"observe": "abc"})


def test_missing_file_and_unknown_builtin(tmp_path: Path):
    with pytest.raises(ConfigError, match="no scenario 'nope'"):
        load_scenario("nope")
    with pytest.raises(ConfigError, match="no scenario"):
        load_scenario(tmp_path / "absent.yaml")


def test_builtins_load():
    names = builtin_names()
    for wanted in ("first-launch-refuse", "first-launch-agree", "refuse-then-relaunch", "agree-then-withdraw",
                   "deny-permissions", "background-idle", "cold-start-after-consent", "device-reboot",
                   "associated-start"):
        assert wanted in names
    for name in names:
        s = load_scenario(name)
        assert isinstance(s, Scenario) and s.articles, name
        assert s.name == name


def test_first_launch_flow_and_defaults():
    s = load_scenario("first-launch-refuse")
    assert [st.kind for st in s.steps] == ["launch", "consent", "permission", "observe", "home", "observe"]
    assert s.steps[0].args.clear_data and s.steps[0].args.cold
    assert s.steps[1].args.action == "refuse"
    assert (s.steps[3].args.seconds, s.steps[5].args.seconds) == (8, 5)
    a = load_scenario("first-launch-agree", {"observe": "1", "background": "1"})
    assert a.steps[1].args.action == "agree" and a.steps[3].args.seconds == 1


def test_python_scenario(tmp_path: Path):
    p = _write(tmp_path, "PARAMS = {'observe': 3}\n\ndef scenario(ctx, params):\n    ctx.observe(params['observe'])\n",
               "mine.py")
    s = load_scenario(p, {"observe": "1"})
    assert s.name == "mine" and s.params == {"observe": 1}
    bad = _write(tmp_path, "def scenario(ctx, params)\n    pass\n", "bad.py")
    with pytest.raises(ConfigError, match=r"bad\.py:1: syntax error"):
        load_scenario(bad)


def _doc_blocks(lang: str) -> list[str]:
    text = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.DOTALL)


def test_docs_example_scenario_loads(tmp_path: Path):
    example = _doc_blocks("yaml")[0]
    p = _write(tmp_path, example, "my-app-refuse.yaml")
    s = load_scenario(p, {"observe": "2"})
    assert isinstance(s, Scenario) and s.name == "my-app-refuse"
    assert [st.kind for st in s.steps][:3] == ["launch", "consent", "permission"]


def test_docs_python_example_loads(tmp_path: Path):
    example = next(b for b in _doc_blocks("python") if "def scenario" in b)
    s = load_scenario(_write(tmp_path, example, "mine.py"))
    assert s.params == {"observe": 8}
