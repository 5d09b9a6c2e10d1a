from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.rules import RuleConfig, evaluate, load_config
from monitor.timeline import timeline_from_dict


def test_defaults_documented_in_section7() -> None:
    cfg = RuleConfig()
    assert cfg.frequency.window_s == 10
    assert cfg.frequency.limit("device-id") == 2 and cfg.frequency.limit("network-id") == 2
    assert cfg.frequency.limit("location") == 3 and cfg.frequency.limit("contacts") == 5
    assert cfg.forced_exit.window_s == 10 and cfg.bulk_permissions.min_count == 3


def test_load_yaml(tmp_path: Path) -> None:
    p = tmp_path / "rules.yaml"
    p.write_text("disabled: [PI-7.4-SELF-START]\nfrequency:\n  window_s: 5\n  max: {device-id: 4}\n")
    cfg = load_config(p)
    assert cfg.disabled == ["PI-7.4-SELF-START"] and cfg.frequency.window_s == 5 and cfg.frequency.limit("device-id") == 4
    assert load_config(None) == RuleConfig()


@pytest.mark.parametrize(("text", "where"), [
    ("frequency:\n  window_s: 5\n  max:\n    device-id: many\n", ":4:"),
    ("frequency:\n  windw_s: 5\n", ":2:"),
    ("disabled:\n  - PI-0-NOPE\n", ":1:"),
    ("frequency: [\n", ":2:"),
    ("- a\n", ":1:"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    p = tmp_path / "rules.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    msg = str(e.value)
    assert msg.startswith(str(p)) and where in msg and "\n" not in msg


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yaml")


def test_thresholds_change_the_outcome() -> None:
    calls = [{"ts": t, "api": "x.Y.z", "category": "device-id", "stack": ["com.example.app.A.b"]} for t in (1, 2, 3)]
    tl = timeline_from_dict({"app": "com.example.app", "calls": calls, "dialogs": [{"ts": 0, "kind": "consent"}]})
    rules = {f.rule for f in evaluate(tl)}
    assert "PI-7.1-EXCESSIVE-FREQUENCY" in rules
    relaxed = RuleConfig.model_validate({"frequency": {"max": {"device-id": 3}}})
    assert "PI-7.1-EXCESSIVE-FREQUENCY" not in {f.rule for f in evaluate(tl, relaxed)}
    off = RuleConfig(disabled=["PI-7.1-EXCESSIVE-FREQUENCY"])
    assert "PI-7.1-EXCESSIVE-FREQUENCY" not in {f.rule for f in evaluate(tl, off)}


def test_only_personal_categories_count_as_collection() -> None:
    noise = [{"ts": t, "api": "java.io.FileInputStream.<init>", "category": "file-io",
              "stack": ["com.umeng.x.Y.z"]} for t in range(1, 20)]
    tl = timeline_from_dict({"app": "com.example.app", "calls": noise,
                             "lifecycle": [{"ts": 0, "kind": "background"}]})
    assert evaluate(tl) == []
    every = {f.rule for f in evaluate(tl, RuleConfig(personal_only=False))}
    assert {"PI-6.3-BEFORE-CONSENT", "PI-6.3-NO-CONSENT-DIALOG", "PI-7.1-EXCESSIVE-FREQUENCY",
            "PI-7.1-BACKGROUND-COLLECTION"} <= every


def test_frequency_classes_from_the_catalog_and_partial_overrides() -> None:
    cfg = RuleConfig.model_validate({"frequency": {"max_by_class": {"identifier": 4}, "max": {"clipboard": 1}}})
    assert cfg.frequency.limit("advertising-id") == 4 and cfg.frequency.limit("location") == 3
    assert cfg.frequency.limit("clipboard") == 1 and cfg.frequency.limit("contacts") == 5
    assert RuleConfig().frequency.limit("bluetooth") == 2  # identifier class in categories.yaml
