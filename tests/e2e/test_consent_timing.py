"""Consent transitions timed by the app (monitor/timeline/consent_times.py), on the consent-timing fixture.

One app process, the dialog answered 10× each way in one run (cheap: one JVM): every read made as the dialog
shows is pre-consent, every read inside 同意's click handler consented, inside 不同意's refused — every time.
The method-reference task the dialog posts (tm::getSimOperator, a hidden frame on HotSpot) is the app's.
不同意 starts a limited-mode activity and finishes the first: no PI-7.3-FORCED-EXIT."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.rules.common import caller_of
from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario

pytestmark = pytest.mark.e2e

ROUNDS = 10
ANDROID_ID = "android.provider.Settings$Secure.getString"
CLIPBOARD = "android.content.ClipboardManager.getPrimaryClip"
INSTALLED = "android.app.ApplicationPackageManager.getInstalledPackages"
SIM = "android.telephony.TelephonyManager.getSimOperator"


def _scenario(tmp_path: Path) -> Path:
    steps = ["  - launch: {cold: true, clear_data: true}"]
    for i in range(ROUNDS):
        steps += ["  - consent: {action: agree, timeout: 8}", "  - tap: 重新选择",
                  "  - consent: {action: refuse, timeout: 8}"]
        if i < ROUNDS - 1:
            steps.append("  - tap: 重新选择")
    steps += ["  - observe: 1"]
    path = tmp_path / "consent-rounds.yaml"
    path.write_text("name: consent-rounds\nsteps:\n" + "\n".join(steps) + "\n", encoding="utf-8")
    return path


def test_reads_on_the_consent_transitions_fall_in_the_right_phase_every_time(e2e_device, e2e_store,
                                                                             tmp_path: Path) -> None:
    package = e2e_device.install_fixture("consent-timing")
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario(_scenario(tmp_path)),
                         store=e2e_store, traffic=False)
    assert result.status == "completed", result.reason
    tl = e2e_store.load_timeline(result.run_id)
    by_api: dict[str, list] = {}
    for c in tl.calls:
        by_api.setdefault(c.api, []).append(c)
    shows = [c.ts for c in by_api["android.app.Dialog.show"]]
    assert len(shows) == 2 * ROUNDS
    assert [tl.phase_at(c.ts) for c in by_api[ANDROID_ID]] == ["pre-consent"] * 2 * ROUNDS
    assert all(0 <= c.ts - max(s for s in shows if s <= c.ts) < 50 for c in by_api[ANDROID_ID])
    assert [tl.phase_at(c.ts) for c in by_api[CLIPBOARD]] == ["consented"] * ROUNDS
    assert [tl.phase_at(c.ts) for c in by_api[INSTALLED]] == ["refused"] * ROUNDS
    sims = by_api[SIM]
    assert len(sims) == 2 * ROUNDS and {caller_of(c, package) for c in sims} == {"app"}
    assert sims[0].stack[0].cls == "com.example.consenttiming.Consent$$Lambda"
    answers = [t for t in tl.transitions if t.to_state in ("consented", "refused")]
    assert len(answers) == 2 * ROUNDS and {t.source for t in answers} == {"app"}
    assert {t.source for t in tl.transitions if t.to_state == "pre-consent"} <= {"app", "scenario", "device"}
    rules = {(f.rule, f.api) for f in result.findings}
    assert ("PI-6.3-BEFORE-CONSENT", CLIPBOARD) not in rules and ("PI-6.3-AFTER-REFUSAL", CLIPBOARD) not in rules
    assert ("PI-6.3-AFTER-REFUSAL", INSTALLED) in rules and ("PI-6.3-BEFORE-CONSENT", SIM) in rules
    assert not [f for f in result.findings if f.rule == "PI-7.3-FORCED-EXIT"]
