"""Articles 6(5), 8(3) and 6(3): what the privacy policy says against what the app and its SDKs do.

The run's policy (``meta["policy"]``, stored in the run's ``config.policy`` by ``monitor.policy.run``) is
what pimon read from the page the consent dialog links to: its SDK list (matched to SDK-database ids),
the PI types and the permissions it names. A policy that could not be reached or read is said so by
PI-6.5-POLICY-UNREADABLE (assisted) and is never taken as an empty promise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from monitor.rules.common import attribute_stack, call_hit, caller_of
from monitor.rules.config import RuleConfig
from monitor.rules.facts import facts
from monitor.rules.finding import Hit
from monitor.rules.registry import rule
from monitor.sdk import load
from monitor.timeline import Timeline
from monitor.timeline.permissions import permission_requests
from monitor.traffic.disclosure import disclosure_from_dict, entry_for


def policy_of(tl: Timeline) -> dict[str, Any] | None:
    p = tl.meta.get("policy")
    return p if isinstance(p, dict) else None


# A category the policy's words cover through another: native reads are of identifiers and fingerprints
# (设备标识符), an advertising id is a device identifier to most policies.
COVERED_BY = {"native": ("device-id", "network-id", "device-info"), "advertising-id": ("device-id",)}


def _listed(category: str, listed: set[str]) -> bool:
    return category in listed or any(c in listed for c in COVERED_BY.get(category, ()))


def _short(perm: str) -> str:
    return perm.rsplit(".", 1)[-1]


@rule(code="PI-6.5-POLICY-MISMATCH", name="policy-mismatch", article="6(5), 8(3)", severity="medium",
      message="{caller} did what the privacy policy does not disclose: {api} ({gap}), {count}×")
def policy_mismatch(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """What the app's SDKs do that its privacy policy does not say.

    Compares the policy pimon read (the SDK list of its "第三方SDK目录/共享清单", the PI types and the
    permissions it names; see ``monitor/policy``) with the run:

    * an SDK observed collecting PI (a call of a personal category attributed to ``sdk:<id>``) that the
      policy's SDK list does not name (by SDK-database id, matched through names and aliases in Chinese
      and English) and no ``--disclosure`` entry names — api the call's, gap ``sdk not in policy``;
    * a PI type collected (a catalog category) that the policy does not list — api ``pi:<category>``
      (native identifier reads count as listed under device identifiers, an advertising id too);
    * a dangerous permission requested that the policy does not mention — api ``permission:<NAME>``.

    Article 6(5) asks the app to disclose each third party's name, purpose and PI types; 8(3) to list
    the SDKs it embeds. When the policy page was read but no SDK list could be found in it, the SDK gaps
    are *assisted* (a reviewer confirms the page has no list pimon missed). Severity medium. Fix: list the
    SDK (name, vendor, purpose, PI types) in the policy, or remove it.
    """
    policy = policy_of(tl)
    if not policy or policy.get("status") != "ok":
        return
    disclosure = disclosure_from_dict(tl.meta.get("disclosure"))
    db = load()
    named = {s.get("sdk") for s in policy.get("sdks") or () if isinstance(s, dict) and s.get("sdk")}
    sdk_kind = None if policy.get("sdks") else "assisted"
    listed_pi = set(policy.get("pi") or ())
    listed_perm = {_short(p) for p in policy.get("permissions") or ()}
    evidence = {"policy": str(policy.get("source") or "-"), "policy_sdks": sorted(named)[:40]}
    pkg = tl.app_package
    for c in tl.calls:
        if not cfg.counts(c.category):
            continue
        caller = caller_of(c, pkg)
        if caller.startswith("sdk:") and caller[4:] not in named:
            sdk = db.get(caller[4:])
            if disclosure is None or entry_for(disclosure, sdk) is None:
                yield dataclasses.replace(call_hit(tl, c, gap="sdk not in policy", **evidence), kind=sdk_kind)
        if not _listed(c.category, listed_pi):
            yield Hit(ts=c.ts, api=f"pi:{c.category}", caller=caller, phase=tl.phase_at(c.ts), category=c.category,
                      evidence={"gap": "pi type not in policy", "example_api": c.api, "policy_pi": sorted(listed_pi),
                                "policy": evidence["policy"]}, count=c.count, last=c.last_ts)
    for req in permission_requests(tl):
        for perm in req.dangerous:
            if _short(perm) not in listed_perm:
                att = attribute_stack(req.stack, pkg)
                yield Hit(ts=req.ts, api=f"permission:{_short(perm)}", caller=att.caller, phase=tl.phase_at(req.ts),
                          category="permission", evidence={"gap": "permission not in policy",
                                                           "policy_permissions": sorted(listed_perm),
                                                           "policy": evidence["policy"]}, count=c.count, last=c.last_ts)


@rule(code="PI-6.5-POLICY-UNREADABLE", name="policy-unreadable", article="6(1), 6(5)", severity="medium",
      kind="assisted", message="the privacy policy could not be read ({status}: {error}): a reviewer checks it")
def policy_unreadable(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """The privacy policy the app links to could not be reached or parsed.

    Fires once (assisted) when the run's policy has a status other than ``ok``: ``unreachable`` (the page
    or asset could not be fetched: HTTP error, no network, missing asset) or ``unparsed`` (no policy text
    in it: a PDF, an image-only page, script-rendered content). pimon never treats such a policy as
    empty; a reviewer reads it and confirms what it discloses. Article 6(1) asks for the rules to be
    made known; 6(5) for the third parties to be disclosed. Severity medium.
    """
    policy = policy_of(tl)
    if not policy or policy.get("status") in (None, "ok", "none"):
        return
    ts = tl.started_ms or (tl.calls[0].ts if tl.calls else 0)
    yield Hit(ts=ts, api="-", caller="app", phase=tl.phase_at(ts),
              evidence={"status": str(policy.get("status")), "error": str(policy.get("error") or "-"),
                        "policy": str(policy.get("source") or "-")})


@rule(code="PI-6.3-NO-RECONSENT", name="no-reconsent-after-policy-change", article="6(3)", severity="high",
      message="after the update to {to}, {caller} collected ({api}) under a changed policy without new consent")
def no_reconsent(tl: Timeline, cfg: RuleConfig) -> Iterator[Hit]:
    """Collection under changed rules without asking again.

    An upgrade scenario installs version N, agrees, then installs version N+1 over it with the data
    kept and records a ``fact:upgrade`` mark (versions, the two policies' SHA-256 and SDK lists). When
    N+1's policy text or its SDK list differs, every call of a personal category after the upgrade
    by an SDK that N's policy did not list (whether or not N+1's lists it; or, when only the text
    changed, by anyone), before a new consent dialog was answered with consent, fires. Article 6(3), second half: when the rules for
    handling PI change, consent is obtained again. Severity high. Fix: show the updated policy at the
    first start after the update and wait for agreement before the new SDKs start.
    """
    pkg = tl.app_package
    for ts, up in facts(tl, "upgrade"):
        before, after = set(up.get("sdks_before") or ()), set(up.get("sdks_after") or ())
        text_changed = up.get("sha_before") != up.get("sha_after")
        if not text_changed and before == after:
            continue
        consented_again = next((t.ts for t in tl.transitions if t.ts > ts and t.to_state == "consented"), None)
        for c in tl.calls:
            if c.ts <= ts or (consented_again is not None and c.ts >= consented_again) or not cfg.counts(c.category):
                continue
            caller = caller_of(c, pkg)
            new_sdk = caller.startswith("sdk:") and caller[4:] not in before
            if new_sdk or (text_changed and not (after - before)):
                yield call_hit(tl, c, to=str(up.get("to", "?")), new_sdk=new_sdk,
                               sdks_added=sorted(after - before)[:20], policy_changed=text_changed)

