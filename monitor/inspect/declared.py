"""Static vs declared: which SDKs in the app file the privacy policy's disclosure file names (issue 8 §3).

    rows = declared(inventory, load_disclosure("disclosure.yaml"))   # [(SdkHit, entry name | None)]

An SDK is disclosed when an entry names it by SDK id, name or vendor, shares a package prefix with it, or
lists a domain one of the SDK's domains (or ``hosts``) is under — what PI-6.5 decides for a recipient.
"""

from __future__ import annotations

from collections.abc import Iterable

from monitor.inspect.model import Inventory, SdkHit
from monitor.sdk import Sdk, SdkDatabase, load
from monitor.traffic.disclosure import Disclosure, ThirdParty, entry_for


def disclosure_entry(sdk: Sdk, disclosure: Disclosure | None, hosts: Iterable[str] = ()) -> ThirdParty | None:
    """The disclosure entry naming ``sdk`` (its own domains and these hosts count), or None."""
    return entry_for(disclosure, sdk, [*sdk.domains, *hosts])


def declared(inv: Inventory, disclosure: Disclosure | None,
             db: SdkDatabase | None = None) -> list[tuple[SdkHit, str | None]]:
    """Each SDK present in the app with the name of the disclosure entry naming it (None: not disclosed).
    Tracker hosts found in the code count as the SDK's hosts."""
    db = db or load()
    hosts: dict[str, list[str]] = {}
    for h in inv.tracker_hosts:
        hosts.setdefault(h.sdk, []).append(h.host)
    out = []
    for hit in inv.sdks:
        sdk = db.get(hit.id)
        entry = disclosure_entry(sdk, disclosure, hosts.get(hit.id, ())) if sdk is not None else None
        out.append((hit, entry.name if entry else None))
    return out


def undisclosed(inv: Inventory, disclosure: Disclosure | None, db: SdkDatabase | None = None) -> list[SdkHit]:
    """The SDKs present in the app that the disclosure does not name."""
    return [hit for hit, entry in declared(inv, disclosure, db) if entry is None]
