"""The privacy policy of a run: find it, read it, keep it as evidence, make it the run's disclosure.

Where the policy is, best first:

1. the page the app's WebView loaded (``WebView.loadUrl`` / ``loadDataWithBaseURL`` hooked during the
   run: a scenario or a person tapped 《隐私政策》) — an http(s) URL, or ``file:///android_asset/…``;
2. a URL written in the consent dialog's text;
3. an HTML asset of the app file whose name says privacy/policy/隐私/yinsi (bundled policies).

The policy read (text, SHA-256, SDK list, PI types, permissions; or why it could not be read) is stored
in the run's ``config.policy``. Unless the run was given a ``--disclosure`` file, the policy *is* the
disclosure (its SDK list becomes ``third_parties``); a given file is merged over it (its entries are
added, its ``first_party_domains`` kept). A run without any policy found stores ``status: none``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from monitor.policy.extract import Policy
from monitor.policy.source import ASSET_PREFIX, load_policy
from monitor.sdk import load
from monitor.timeline import Timeline
from monitor.traffic.disclosure import Disclosure, ThirdParty, disclosure_from_dict

MAX_TEXT = 200_000
_POLICYISH = re.compile(r"privacy|policy|yinsi|隐私|protocol|agreement|terms", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"'<>《》，。]+")
_WEBVIEW = ("android.webkit.WebView.loadUrl", "android.webkit.WebView.loadDataWithBaseURL")


def candidates(tl: Timeline, app_file: Path | None) -> list[str]:
    """Where the run's policy may be, best first (no duplicates)."""
    out: list[str] = []
    loaded = [c.args[0].strip('"') for c in tl.calls if c.api in _WEBVIEW and c.args]
    out += [u for u in loaded if _POLICYISH.search(u)] + loaded
    for d in tl.dialogs:
        if d.kind == "consent" and d.evidence:
            out += [u for u in _URL.findall(d.evidence) if _POLICYISH.search(u)]
    if app_file is not None and Path(app_file).is_file():
        out += [ASSET_PREFIX + n for n in _policy_assets(Path(app_file))]
    seen: set[str] = set()
    return [u for u in out if u.startswith(("http://", "https://", ASSET_PREFIX)) and not (u in seen or seen.add(u))]


def _policy_assets(app_file: Path) -> list[str]:
    try:
        with zipfile.ZipFile(app_file) as z:
            names = [n[len("assets/"):] for n in z.namelist()
                     if n.startswith("assets/") and n.lower().endswith((".html", ".htm", ".txt"))]
    except (OSError, zipfile.BadZipFile):
        return []
    return sorted((n for n in names if _POLICYISH.search(n)), key=lambda n: ("privacy" not in n.lower(), n))


def read_run_policy(tl: Timeline, app_file: Path | None, proxy: str | None = None) -> Policy | None:
    """The first candidate that reads as a policy; else the first failure; None when there is no candidate."""
    first_failure: Policy | None = None
    for source in candidates(tl, app_file):
        policy = load_policy(source, app_file=app_file, proxy=proxy)
        if policy.ok:
            return policy
        first_failure = first_failure or policy
    return first_failure


def policy_disclosure(policy: Policy, app: str, given: Disclosure | None = None) -> Disclosure:
    """The disclosure a policy makes (its SDK list), with a given disclosure file's entries added."""
    db = load()
    parties: list[ThirdParty] = []
    for s in policy.sdks:
        sdk = db.get(s.sdk) if s.sdk else None
        parties.append(ThirdParty(name=sdk.name if sdk else s.name[:200],
                                  packages=tuple(sdk.packages) if sdk else tuple(f"{p}." for p in s.packages),
                                  domains=tuple(sdk.domains) if sdk else (),
                                  purposes=(s.purpose[:200],) if s.purpose else ()))
    if given is not None:
        parties += list(given.third_parties)
    source = f"policy {policy.source}" + (f" + {given.source}" if given is not None and given.source else "")
    return Disclosure(app=(given.app if given else None) or app,
                      first_party_domains=given.first_party_domains if given else (),
                      third_parties=tuple(parties), source=source)


def record_policy(store: Any, run_id: int, package: str, app_file: Path | None,
                  given: Disclosure | None = None) -> Policy | None:
    """Find and read the run's policy; store it (``config.policy``) and the disclosure it makes, merged with
    ``given`` (default: the disclosure the run was started with, ``config.disclosure``)."""
    tl = store.load_timeline(run_id)
    if given is None:
        given = disclosure_from_dict(tl.meta.get("disclosure"))
    policy = read_run_policy(tl, app_file)
    if policy is None:
        store.update_run_config(run_id, {"policy": {"status": "none", "source": None,
                                                    "error": "no policy link, WebView page or bundled policy found"}})
        return None
    summary = {**policy.summary(), "text": policy.text[:MAX_TEXT]}
    patch: dict[str, Any] = {"policy": summary}
    if policy.ok:
        patch["disclosure"] = policy_disclosure(policy, package, given).model_dump(mode="json")
    store.update_run_config(run_id, patch)
    store.add_mark(run_id, None, f"privacy policy {policy.status}: {policy.source}"
                   + (f" ({len(policy.sdks)} SDKs listed)" if policy.ok else f" — {policy.error}"))
    return policy
