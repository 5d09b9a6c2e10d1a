"""The SDK database: load ``sdks.yaml`` (validated) and match classes, hosts and native libraries to SDKs.

    db = load()
    db.match_class("com.umeng.commonsdk.UMConfigure")   # -> Sdk(id="umeng", ...)
    db.match_host("alog.umeng.com")                       # -> Sdk(id="umeng", ...)
    db.get("umeng")

Class matching is longest-prefix on package boundaries (``com.umeng.`` matches ``com.umeng.a.B`` but
not ``com.umengx.B``); host matching is suffix on label boundaries (``umeng.com`` matches
``alog.umeng.com`` but not ``notumeng.com``). Both are dictionary look-ups per boundary, so they
stay cheap when called for every stack frame of every event.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError

DEFAULT_PATH = Path(__file__).with_name("sdks.yaml")

Category = Literal[
    "analytics", "push", "ads", "location", "maps", "crash-reporting", "login", "payment",
    "attribution", "identifier", "social", "messaging", "platform", "packer",
]
SourceField = Literal["packages", "domains", "native_libs", "privacy_policy", "compliance_guide", "integration"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PREFIX = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\.$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
_REF = re.compile(r"^([a-z]+):(.+)$")


class SourceRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str
    url: str


class Integration(BaseModel):
    """How an app initialises the SDK (``pimon sdk audit`` without ``--init``): entry points in the forms of
    ``--init`` (``pkg.Class.method`` or one Java statement with ``context`` and ``key("NAME")`` in scope).
    ``keys`` are placeholder values for the app keys the entry points and the SDK's manifest meta-data read
    (not facts about the SDK: ``--key`` overrides them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    init: tuple[str, ...]
    pre_init: tuple[str, ...] = ()  # the vendor's pre-init / privacy-mode calls, before consent
    keys: dict[str, str] = {}

    @field_validator("init", "pre_init")
    @classmethod
    def _entries(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for e in v:
            if not e.strip() or "\n" in e:
                raise ValueError(f"entry point {e!r} must be one non-empty line")
        return v

    @field_validator("init")
    @classmethod
    def _some_init(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("an integration needs at least one init entry point")
        return v


class Sdk(BaseModel):
    """One SDK. ``source`` maps each filled-in fact field to references ``registry:key``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    vendor: str
    category: Category
    packages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    native_libs: tuple[str, ...] = ()
    website: str | None = None
    privacy_policy: str | None = None
    compliance_guide: str | None = None  # the vendor's guide to integrating it lawfully (consent, init)
    aliases: tuple[str, ...] = ()  # other names privacy policies use for it, Chinese and English (友盟+, UMeng)
    integration: Integration | None = None  # its documented init and pre-init / privacy-mode calls
    source: dict[SourceField, tuple[str, ...]]

    @property
    def caller(self) -> str:
        """The finding ``caller`` for this SDK (architecture §6): ``sdk:<id>``."""
        return f"sdk:{self.id}"

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"id {v!r} must be lower-case kebab-case")
        return v

    @field_validator("packages")
    @classmethod
    def _packages(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            if not _PREFIX.match(p):
                raise ValueError(f"package prefix {p!r} must be a Java package name ending in '.'")
        return v

    @field_validator("domains")
    @classmethod
    def _domains(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for d in v:
            if not _HOST.match(d):
                raise ValueError(f"domain {d!r} must be a lower-case host name with at least two labels")
        return v

    @model_validator(mode="after")
    def _sourced(self) -> Sdk:
        if not self.packages and not self.native_libs:
            raise ValueError("an SDK needs package prefixes or native libraries to be recognised")
        for field in ("packages", "domains", "native_libs", "privacy_policy", "compliance_guide", "integration"):
            if getattr(self, field) and not self.source.get(field):  # type: ignore[call-overload]
                raise ValueError(f"{field} given without a source")
        for refs in self.source.values():
            for ref in refs:
                if not _REF.match(ref):
                    raise ValueError(f"source reference {ref!r} must look like 'registry:key'")
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: dict[str, SourceRef]
    sdks: list[Sdk]


class SdkDatabase:
    """Immutable, indexed view of the SDK list."""

    def __init__(self, sdks: list[Sdk], sources: dict[str, SourceRef]) -> None:
        self.sdks: tuple[Sdk, ...] = tuple(sdks)
        self.sources = dict(sources)
        self._by_id = {s.id: s for s in sdks}
        self._by_prefix = {p: s for s in sdks for p in s.packages}
        self._by_domain = {d: s for s in sdks for d in s.domains}
        self._native = [(g, s) for s in sdks for g in s.native_libs]

    def __len__(self) -> int:
        return len(self.sdks)

    def __iter__(self):
        return iter(self.sdks)

    def get(self, sdk_id: str) -> Sdk | None:
        return self._by_id.get(sdk_id)

    def match_prefix(self, class_name: str) -> tuple[Sdk, str] | None:
        """The SDK and the (longest) package prefix that owns ``class_name``, or ``None``.

        Accepts Java names (``com.a.B$C``) and DEX descriptors (``Lcom/a/B;``).
        """
        if class_name[:1] == "L" and class_name[-1:] == ";":
            class_name = class_name[1:-1].replace("/", ".")
        table = self._by_prefix
        end = class_name.rfind(".")
        while end > 0:
            prefix = class_name[: end + 1]
            sdk = table.get(prefix)
            if sdk is not None:
                return sdk, prefix
            end = class_name.rfind(".", 0, end)
        return None

    def match_class(self, class_name: str) -> Sdk | None:
        """The SDK whose package prefix owns ``class_name`` (longest prefix wins), or ``None``."""
        hit = self.match_prefix(class_name)
        return hit[0] if hit else None

    def match_host(self, host: str) -> Sdk | None:
        """The SDK whose domain is ``host`` or a parent of it (label boundaries), or ``None``.

        ``host`` may carry a port or a trailing dot; case is ignored.
        """
        host = host.strip().lower()
        if host.startswith("[") or not host:
            return None
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        host = host.rstrip(".")
        table = self._by_domain
        while host:
            sdk = table.get(host)
            if sdk is not None:
                return sdk
            dot = host.find(".")
            if dot < 0:
                return None
            host = host[dot + 1 :]
        return None

    def match_native_lib(self, file_name: str) -> Sdk | None:
        """The SDK that ships a native library called ``file_name`` (``libBugly.so``), or ``None``."""
        name = file_name.rsplit("/", 1)[-1]
        for glob, sdk in self._native:
            if fnmatch.fnmatchcase(name, glob):
                return sdk
        return None


#: PyYAML's safe loader, its libyaml (C) parser where the wheel has it: ~8x faster on sdks.yaml (0.13 -> 0.016 s,
#: parsed twice per load: data, then lines for messages). Same resolver, same values.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_lines(text: str) -> list[int]:
    """1-based line of each item of the top-level ``sdks`` list (for error messages)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "sdks" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def parse(text: str, path: str = "<sdks.yaml>") -> SdkDatabase:
    """Validate the YAML text of an SDK database; errors name the file and the entry's line."""
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(f"invalid YAML: {getattr(err, 'problem', err)}", path=path,
                          line=mark.line + 1 if mark else None) from None
    lines = _entry_lines(text)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = first["loc"]
        line = lines[loc[1]] if len(loc) > 1 and loc[0] == "sdks" and isinstance(loc[1], int) \
            and loc[1] < len(lines) else None
        where = ".".join(str(p) for p in loc)
        raise ConfigError(f"{where}: {first['msg']}", path=path, line=line) from None
    seen_ids: dict[str, int] = {}
    owners: dict[str, str] = {}
    for i, sdk in enumerate(parsed.sdks):
        line = lines[i] if i < len(lines) else None
        if sdk.id in seen_ids:
            raise ConfigError(f"duplicate SDK id {sdk.id!r}", path=path, line=line)
        seen_ids[sdk.id] = i
        for key in [*sdk.packages, *(f"domain {d}" for d in sdk.domains)]:
            if key in owners:
                raise ConfigError(f"{key!r} of {sdk.id!r} is already claimed by {owners[key]!r}",
                                  path=path, line=line)
            owners[key] = sdk.id
        for refs in sdk.source.values():
            for ref in refs:
                registry = ref.split(":", 1)[0]
                if registry not in parsed.sources:
                    raise ConfigError(f"{sdk.id}: unknown source registry {registry!r} in {ref!r}",
                                      path=path, line=line)
    return SdkDatabase(parsed.sdks, parsed.sources)


def load_file(path: str | Path) -> SdkDatabase:
    """Load and validate an SDK database file (not cached)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"cannot read SDK database: {err.strerror}", path=str(p)) from None
    return parse(text, str(p))


@functools.lru_cache(maxsize=1)
def load() -> SdkDatabase:
    """pimon's built-in SDK database (``monitor/sdk/sdks.yaml``), loaded once per process."""
    return load_file(DEFAULT_PATH)
