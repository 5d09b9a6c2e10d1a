"""Dialog detection over hand-written hierarchy dumps (tests/scenarios/dumps/, expected.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.scenarios.detect import detect, detect_consent, detect_permission
from monitor.scenarios.hierarchy import HierarchyError

DUMPS = Path(__file__).parent / "dumps"
EXPECTED: dict[str, dict] = yaml.safe_load((DUMPS / "expected.yaml").read_text(encoding="utf-8"))


def _consent(xml: str) -> dict | None:
    c = detect_consent(xml)
    if not c.dialog:
        return None
    return {"kind": c.kind, "agree": c.agree.text if c.agree else None, "refuse": c.refuse.text if c.refuse else None,
            "checkbox": None if c.checkbox is None else ("checked" if c.checkbox.checked else "unchecked"),
            "policy": c.policy is not None}


def _permission(xml: str) -> dict | None:
    p = detect_permission(xml)
    return {"allow": p.allow.text, "deny": p.deny.text} if p.dialog else None


def test_corpus_is_complete():
    files = {p.name for p in DUMPS.glob("*.xml")}
    assert files == set(EXPECTED)
    assert len(files) >= 20
    assert sum(1 for e in EXPECTED.values() if e["consent"]) >= 10
    assert sum(1 for e in EXPECTED.values() if not e["consent"]) >= 8


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dump(name: str):
    xml = (DUMPS / name).read_text(encoding="utf-8")
    assert _consent(xml) == EXPECTED[name]["consent"]
    assert _permission(xml) == EXPECTED[name].get("permission")


def test_precision_and_recall(capsys: pytest.CaptureFixture[str]):
    """Dialog-level precision/recall, and how often the agree/refuse controls are the right ones."""
    tp = fp = fn = tn = controls_ok = 0
    for name, exp in EXPECTED.items():
        got = _consent((DUMPS / name).read_text(encoding="utf-8"))
        want = exp["consent"]
        if got and want:
            tp += 1
            controls_ok += got["agree"] == want["agree"] and got["refuse"] == want["refuse"]
        elif got:
            fp += 1
        elif want:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    with capsys.disabled():
        print(f"\nconsent-dialog detection over {len(EXPECTED)} dumps: precision {precision:.2f}, "
              f"recall {recall:.2f} (tp {tp}, fp {fp}, fn {fn}, tn {tn}); "
              f"agree+refuse controls right in {controls_ok}/{tp}")
    assert precision >= 0.95 and recall >= 0.95 and controls_ok == tp


def test_controls_are_tappable_nodes():
    # Compose: the label sits in a non-clickable TextView; the tap goes to its clickable parent.
    c = detect_consent((DUMPS / "cn_compose_no_ids.xml").read_text(encoding="utf-8"))
    assert c.agree is not None and c.agree.bounds.as_list() == [120, 1160, 960, 1280]
    assert c.agree.bounds.center == (540, 1220)


def test_dialog_on_top_wins_over_the_screen_behind():
    # The splash behind the dialog has its own 跳过 and a 隐私政策 footer; the dialog's controls win.
    c = detect_consent((DUMPS / "cn_dialog_over_splash.xml").read_text(encoding="utf-8"))
    assert c.agree is not None and c.agree.bounds.top >= 1260
    b = detect_consent((DUMPS / "cn_bottom_sheet.xml").read_text(encoding="utf-8"))
    assert b.refuse is not None and b.refuse.text == "暂不使用"  # not the home screen's 取消


def test_json_shape():
    out = detect((DUMPS / "en_alertdialog.xml").read_text(encoding="utf-8"))
    assert out["dialog"] is True
    assert out["agree"] == {"text": "AGREE", "bounds": [560, 1160, 930, 1270], "resource_id": "android:id/button1"}
    assert set(out["refuse"]) >= {"text", "bounds"}
    none = detect((DUMPS / "neg_cn_home_feed.xml").read_text(encoding="utf-8"))
    assert none["dialog"] is False and none["agree"] is None and none["refuse"] is None


@pytest.mark.parametrize("bad", ["", "not xml", "<html><body/></html>",
                                 '<!DOCTYPE x [<!ENTITY a "b">]><hierarchy>&a;</hierarchy>'])
def test_bad_dump_is_a_clear_error(bad: str):
    with pytest.raises(HierarchyError):
        detect_consent(bad)
