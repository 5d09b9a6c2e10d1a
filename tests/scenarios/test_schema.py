"""The shipped JSON Schema is current and accepts what the loader accepts."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from monitor.paths import SCENARIOS_DIR
from monitor.scenarios.schema import SCHEMA_PATH, build_schema, render

BUILTINS = sorted(p for d in (SCENARIOS_DIR, SCENARIOS_DIR / "standard") for p in d.glob("*.yaml")
                  if not p.name.endswith(".suite.yaml"))
BROKEN = Path(__file__).parent / "broken"


def _validator() -> jsonschema.Draft202012Validator:
    schema = build_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_file_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), \
        "run: python -m monitor.scenarios.schema"


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_builtin_scenarios_validate(path: Path):
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in _validator().iter_errors(data)]
    assert errors == []


def test_shorthands_validate():
    data = {"name": "s", "params": {"t": 1}, "steps": [
        "home", "launch", {"launch": "fresh"}, {"observe": "${t}"}, {"observe": 2}, {"tap": "同意"},
        {"consent": "refuse"}, {"consent": {"action": "withdraw", "via": "我的 > 设置"}},
        {"permission": "deny_all"}, {"assert": "foreground"}, {"back": None},
        {"wait_for": {"alias": "agree", "timeout": "${t}"}}, {"tap": {"class": "Button", "index": 1}},
    ]}
    assert [e.message for e in _validator().iter_errors(data)] == []


@pytest.mark.parametrize("name", ["unknown-step", "unknown-selector-key", "two-actions", "bare-unknown-word",
                                  "unknown-top-key", "bad-consent-action", "missing-steps"])
def test_schema_rejects_broken_files(name: str):
    data = YAML(typ="safe").load((BROKEN / f"{name}.yaml").read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(data))
