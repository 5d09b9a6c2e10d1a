"""The disclosure file: the third parties an app's privacy policy names (issue 4 §4).

    disclosure = load_disclosure("emulator/apps/tracker-sdk/disclosure.yaml")   # ConfigError file:line
    recipient = classify(host, caller, app_package, disclosure)                 # who received a flow

Format (YAML; every key optional except a third party's ``name``)::

    app: com.example.trackersdk          # informational
    first_party_domains: [example.com]   # the app's own servers (never a third party)
    third_parties:
      - name: Umeng                      # compared with the SDK database's id, name and vendor
        packages: [com.umeng.]           # Java package prefixes of its SDK
        domains: [umeng.com]             # host suffixes (label boundaries)
        purposes: [analytics]

Who received a flow: the SDK its caller names (``sdk:<id>``, from the SDK database's host table), else
the SDK owning the host; a host under ``first_party_domains`` or under the app's own domain (the
package's first two segments reversed: ``com.example.x`` -> ``example.com``) with no SDK is the app
itself; any other host is an unnamed third party. A third party is *disclosed* when an entry names its
SDK (id/name/vendor), shares a package prefix with it, or lists a domain the host is under.
Without a disclosure file nothing is disclosed (:data:`NONE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.errors import ConfigError
from monitor.sdk import Sdk, SdkDatabase, load


class ThirdParty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="the third party as the privacy policy names it")
    packages: tuple[str, ...] = Field((), description="Java package prefixes of its SDK (com.umeng.)")
    domains: tuple[str, ...] = Field((), description="host suffixes it receives data on (umeng.com)")
    purposes: tuple[str, ...] = Field((), description="what the policy says it is for")

    @field_validator("packages")
    @classmethod
    def _prefix(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p if p.endswith(".") else p + "." for p in (s.strip() for s in v) if p)

    @field_validator("domains")
    @classmethod
    def _domain(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = tuple(d.strip().lower().strip(".") for d in v if d.strip())
        bad = [d for d in out if "/" in d or ":" in d or " " in d]
        if bad:
            raise ValueError(f"a domain is a host name like umeng.com, not {bad[0]!r}")
        return out


class Disclosure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    app: str | None = None
    first_party_domains: tuple[str, ...] = ()
    third_parties: tuple[ThirdParty, ...] = ()
    source: str | None = Field(None, description="the file it was read from (set by the loader)")


NONE: Disclosure | None = None  # no disclosure file given: every third party receiving PI is undisclosed


def under(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or one of its subdomains (label boundaries; case and port ignored)."""
    h = host.lower().rstrip(".")
    h = h.rsplit(":", 1)[0] if h.count(":") == 1 else h
    d = domain.lower().strip(".")
    return bool(d) and (h == d or h.endswith("." + d))


def app_domain(package: str) -> str | None:
    """``com.example.trackersdk`` -> ``example.com`` (the domain a package name is conventionally built from)."""
    parts = [p for p in package.split(".") if p]
    return f"{parts[1]}.{parts[0]}".lower() if len(parts) >= 2 else None


@dataclass(frozen=True)
class Recipient:
    party: str  # "first-party" | "third-party"
    name: str  # SDK name, or the host for an unnamed third party, or the app package
    sdk: str | None  # SDK id when known
    disclosed_as: str | None  # the disclosure entry's name, when disclosed


def classify(host: str, caller: str | None, package: str, disclosure: Disclosure | None,
             db: SdkDatabase | None = None) -> Recipient:  # fmt: skip
    """Who received a flow to ``host`` attributed to ``caller`` and whether the disclosure names it."""
    db = db or load()
    sdk: Sdk | None = None
    if caller and caller.startswith("sdk:"):
        sdk = db.get(caller[4:])
    sdk = sdk or db.match_host(host)
    if sdk is None:
        own = [*(disclosure.first_party_domains if disclosure else ()), app_domain(package) or ""]
        if any(under(host, d) for d in own if d):
            return Recipient("first-party", package, None, None)
    entry = entry_for(disclosure, sdk, (host,))
    name = sdk.name if sdk else host.lower()
    return Recipient("third-party", name, sdk.id if sdk else None, entry.name if entry else None)


def entry_for(disclosure: Disclosure | None, sdk: Sdk | None = None,
              hosts: Iterable[str] = ()) -> ThirdParty | None:
    """The disclosure entry naming this SDK (by id, name, vendor or package) or one of these hosts
    (under one of its domains); None when nothing (or no disclosure file) names them."""
    if disclosure is None:
        return None
    hosts = list(hosts)
    names = {sdk.id.lower(), sdk.name.lower(), sdk.vendor.lower()} if sdk else set()
    for tp in disclosure.third_parties:
        if any(under(h, d) for d in tp.domains for h in hosts):
            return tp
        if sdk and (tp.name.strip().lower() in names or set(tp.packages) & set(sdk.packages)):
            return tp
    return None


def disclosure_from_dict(data: Mapping[str, Any] | None) -> Disclosure | None:
    """A disclosure stored with a run (``Disclosure.model_dump``) or written in a rule example."""
    if not data:
        return None
    return data if isinstance(data, Disclosure) else Disclosure.model_validate(dict(data))


def load_disclosure(path: str | Path) -> Disclosure:
    """Read and validate a disclosure file; :class:`ConfigError` naming file and line on bad input."""
    from monitor.scenarios.loader import read_yaml

    p = Path(path)
    doc = read_yaml(p)
    if doc.data is None:
        return Disclosure(source=str(p))
    if not isinstance(doc.data, dict):
        raise ConfigError("a disclosure file is a mapping (app, first_party_domains, third_parties)",
                          path=str(p), line=doc.line_of(()))
    try:
        return Disclosure.model_validate({**doc.data, "source": str(p)})
    except ValidationError as err:
        first = min(err.errors(), key=lambda e: doc.line_of(tuple(e["loc"])) or 0)
        loc = tuple(first["loc"])
        where = ".".join(f"[{x}]" if isinstance(x, int) else str(x) for x in loc).replace(".[", "[")
        if first["type"] == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}"
        elif first["type"] == "missing":
            msg = f"{where}: required key missing"
        else:
            msg = f"{where}: {first['msg'].removeprefix('Value error, ')}"
        raise ConfigError(msg, path=str(p), line=doc.line_of(loc)) from None


def fixture_disclosure(app: str, device: str = "emulator") -> Disclosure | None:
    """The disclosure file a fixture app of the emulator ships (``emulator/apps/<app>/disclosure.yaml``)."""
    from monitor.paths import EMULATOR_DIR

    if device != "emulator" or not app.replace("-", "").isalnum():
        return None
    path = EMULATOR_DIR / "apps" / app / "disclosure.yaml"
    return load_disclosure(path) if path.is_file() else None
