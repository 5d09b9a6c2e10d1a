"""Static vs dynamic vs declared, per SDK: the table a compliance reviewer wants (issue 8 §3).

    rows = sdk_table(inventory, timeline.calls, timeline.flows, disclosure)

For every SDK that is present in the app (static inventory), observed collecting (agent calls whose
caller is ``sdk:<id>``), observed sending (flows attributed to it by caller or host) or disclosed:

* ``present``: in the app's classes or native libraries (``None``: no inventory for this run);
* ``collecting``: the catalog categories of its calls (only personal ones when ``personal`` is given);
* ``sending``: the hosts it sent requests to, ``pi_kinds`` the kinds of PI found in them;
* ``disclosed``: the disclosure entry naming it (by SDK id/name/vendor, a shared package prefix, or a
  domain one of its hosts is under — as PI-6.5 decides); ``None`` = not disclosed, also when no
  disclosure file was given (then every third party counts as undisclosed, architecture §7).

Unknown third-party callers (``other:<package>``) get rows of their own when observed. Pure: no I/O
beyond the SDK database's cached load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.inspect.declared import disclosure_entry
from monitor.sdk import Sdk, SdkDatabase, load
from monitor.traffic.disclosure import Disclosure, ThirdParty, under


@dataclass
class SdkRow:
    sdk: str  # SDK id, or other:<package>
    name: str
    vendor: str
    category: str
    present: bool | None = None  # None: the run has no static inventory
    classes: int = 0
    native_libs: tuple[str, ...] = ()
    calls: int = 0
    collecting: tuple[str, ...] = ()  # categories, sorted
    flows: int = 0
    flows_with_pi: int = 0
    sending: tuple[str, ...] = ()  # hosts, sorted
    pi_kinds: tuple[str, ...] = ()
    disclosed: str | None = None  # the disclosure entry's name
    disclosure_given: bool = False
    _hosts: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def undisclosed(self) -> bool:
        return self.disclosed is None

    @property
    def gaps(self) -> list[str]:
        """What a reviewer should look at, in words (empty: nothing to note)."""
        out = []
        if self.undisclosed and self.present:
            out.append("present but not disclosed")
        if self.undisclosed and self.collecting:
            out.append("collects PI but is not disclosed")
        if self.undisclosed and self.flows_with_pi:
            out.append("sends PI but is not disclosed")
        if self.present is False and (self.calls or self.flows):
            out.append("observed but not found in the app file (loaded at run time?)")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"sdk": self.sdk, "name": self.name, "vendor": self.vendor, "category": self.category,
                "present": self.present, "classes": self.classes, "native_libs": list(self.native_libs),
                "calls": self.calls, "collecting": list(self.collecting), "flows": self.flows,
                "flows_with_pi": self.flows_with_pi, "sending": list(self.sending), "pi_kinds": list(self.pi_kinds),
                "disclosed": self.disclosed, "disclosure_given": self.disclosure_given, "gaps": self.gaps}


def _other_entry(package: str, disclosure: Disclosure | None, hosts: Iterable[str]) -> ThirdParty | None:
    if disclosure is None:
        return None
    for tp in disclosure.third_parties:
        if any((package + ".").startswith(p) or p.startswith(package + ".") for p in tp.packages):
            return tp
        if any(under(h, d) for d in tp.domains for h in hosts):
            return tp
    return None


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)


def sdk_table(inventory: Any, calls: Iterable[Any], flows: Iterable[Any], disclosure: Disclosure | None,
              db: SdkDatabase | None = None, personal: Callable[[str], bool] | None = None) -> list[SdkRow]:
    """One row per SDK present, observed or disclosed; ordered: gaps first, then by name.

    ``inventory``: an :class:`monitor.inspect.Inventory` or its JSON dump, or None; ``calls``: objects
    with ``caller`` and ``category`` (``monitor.timeline.Call``); ``flows``: with ``caller``, ``host``,
    ``matches`` (``monitor.timeline.NetFlow``); ``personal(category)`` filters the collecting categories.
    """
    db = db or load()
    rows: dict[str, SdkRow] = {}

    def row(key: str) -> SdkRow | None:
        if key not in rows:
            if key.startswith("other:"):
                rows[key] = SdkRow(key, key[6:], "unknown", "unknown")
            else:
                sdk = db.get(key)
                if sdk is None:
                    return None
                rows[key] = SdkRow(sdk.id, sdk.name, sdk.vendor, sdk.category)
        return rows[key]

    present: set[str] = set()
    other_present: set[str] = set()
    if inventory is not None:
        for hit in _get(inventory, "sdks") or ():
            r = row(str(_get(hit, "id")))
            if r is not None:
                r.classes = int(_get(hit, "class_count") or 0)
                r.native_libs = tuple(_get(hit, "native_libs") or ())
                present.add(r.sdk)
        other_present = {f"other:{_get(o, 'package')}" for o in _get(inventory, "other_packages") or ()}

    categories: dict[str, set[str]] = {}
    for c in calls:
        caller = c.caller or ""
        if not caller.startswith(("sdk:", "other:")):
            continue
        if personal is not None and not personal(c.category):
            continue
        r = row(caller.removeprefix("sdk:"))
        if r is None:
            continue
        r.calls += getattr(c, "count", 1)
        categories.setdefault(r.sdk, set()).add(c.category)

    kinds: dict[str, set[str]] = {}
    for f in flows:
        caller = f.caller or ""
        sdk = db.get(caller[4:]) if caller.startswith("sdk:") else db.match_host(f.host)
        if sdk is None:
            continue
        r = row(sdk.id)
        assert r is not None
        r.flows += 1
        r._hosts.add(f.host.lower())
        if f.matches:
            r.flows_with_pi += 1
            kinds.setdefault(r.sdk, set()).update(str(m.get("kind")) for m in f.matches)

    if disclosure is not None:  # disclosed SDKs that are neither present nor observed still get a row
        for sdk in db:
            if _named(sdk, disclosure):
                row(sdk.id)

    for key, r in rows.items():
        r.collecting = tuple(sorted(categories.get(key, ())))
        r.sending = tuple(sorted(r._hosts))
        r.pi_kinds = tuple(sorted(kinds.get(key, ())))
        if key.startswith("other:"):  # the inventory lists only the largest unattributed packages
            r.present = True if key in other_present else None
        elif inventory is not None:
            r.present = key in present
        r.disclosure_given = disclosure is not None
        if key.startswith("other:"):
            entry = _other_entry(key[6:], disclosure, r.sending)
        else:
            sdk = db.get(key)
            assert sdk is not None
            entry = disclosure_entry(sdk, disclosure, r.sending)
        r.disclosed = entry.name if entry else None
    return sorted(rows.values(), key=lambda r: (not r.gaps, r.name.lower(), r.sdk))


def _named(sdk: Sdk, disclosure: Disclosure) -> bool:
    """The disclosure names this SDK itself (id, name, a package prefix or one of its domains), not merely its
    vendor (a vendor has several SDKs) or a parent domain."""
    names = {sdk.id.lower(), sdk.name.lower()}
    return any(tp.name.strip().lower() in names or set(tp.packages) & set(sdk.packages)
               or any(d in tp.domains for d in sdk.domains) for tp in disclosure.third_parties)
