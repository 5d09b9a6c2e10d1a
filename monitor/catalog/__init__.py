"""The sensitive-API catalog: ``hooks.yaml`` (one line per API) and ``categories.yaml``.

``load_catalog()`` validates both and returns a :class:`Catalog`; a bad entry raises
:class:`monitor.errors.ConfigError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from monitor.errors import ConfigError

HERE = Path(__file__).resolve().parent
HOOKS_FILE = HERE / "hooks.yaml"
CATEGORIES_FILE = HERE / "categories.yaml"
NATIVE_CLASS = "libc"
NATIVE_METHODS = frozenset(
    {"open", "openat", "fopen", "access", "faccessat", "stat", "__system_property_get", "popen", "system", "posix_spawn",
     "posix_spawnp"}
)
_FILTER_KINDS = ("equals", "prefix", "contains", "authority", "glob")


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    personal: bool
    sensitive: bool
    limit: Literal["identifier", "location", "other"]
    description: str
    assisted: bool = False  # evidence for a rule alongside others (shared storage, Article 7(2)); no finding alone


class Filter(BaseModel):
    """Only calls whose argument ``arg`` (stringified) matches count. Exactly one test kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    arg: int = Field(ge=0)
    equals: tuple[str, ...] | None = None
    prefix: tuple[str, ...] | None = None
    contains: tuple[str, ...] | None = None
    authority: tuple[str, ...] | None = None
    glob: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Filter:
        kinds = [k for k in _FILTER_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"a filter needs exactly one of {', '.join(_FILTER_KINDS)}")
        if not getattr(self, kinds[0]):
            raise ValueError(f"filter {kinds[0]} is empty")
        return self

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, mode="json")


class HookEntry(BaseModel):
    """One catalog line: a Java method (all overloads unless narrowed) or a libc function."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    class_name: str = Field(alias="class", pattern=r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
    method: str = Field(pattern=r"^[A-Za-z_$][\w$]*$")
    overloads: tuple[tuple[str, ...], ...] | None = None
    filter: Filter | None = None
    category: str
    pi: str | None = None
    sensitive: bool | None = None  # None: the category's default (resolved by the loader)
    permission: str | None = None
    enabled: bool = True
    self_: bool = Field(default=False, alias="self")  # the receiver's toString() appended to args (view, dialog)
    line: int = Field(default=0, exclude=True)

    @property
    def api(self) -> str:
        return f"{self.class_name}.{self.method}"

    @property
    def native(self) -> bool:
        return self.class_name == NATIVE_CLASS

    def to_agent_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"class": self.class_name, "method": self.method, "category": self.category,
                               "pi": self.pi, "sensitive": bool(self.sensitive)}
        if self.overloads is not None:
            out["overloads"] = [list(o) for o in self.overloads]
        if self.filter is not None:
            out["filter"] = self.filter.to_json()
        if self.self_:
            out["self"] = True
        return out


@dataclass(frozen=True)
class Catalog:
    entries: tuple[HookEntry, ...]
    categories: dict[str, Category]

    def __iter__(self) -> Iterator[HookEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def enabled(self) -> tuple[HookEntry, ...]:
        return tuple(e for e in self.entries if e.enabled)

    def to_agent_json(self, *, include_disabled: bool = False) -> list[dict[str, Any]]:
        """The list passed to the agent's ``init(catalog, options)``."""
        return [e.to_agent_json() for e in self.entries if e.enabled or include_disabled]

    def to_json(self) -> list[dict[str, Any]]:
        """Every entry, for ``pimon catalog --format json``: api, class, method, overloads, filter,
        category, pi, sensitive, permission, enabled, native, line."""
        out = []
        for e in self.entries:
            item = {"api": e.api, **e.model_dump(mode="json", by_alias=True, exclude={"line"}), "native": e.native,
                    "line": e.line}
            if e.filter is not None:
                item["filter"] = e.filter.to_json()
            out.append(item)
        return out

    def by_api(self, api: str) -> tuple[HookEntry, ...]:
        return tuple(e for e in self.entries if e.api == api)

    def apis(self) -> set[str]:
        return {e.api for e in self.entries}

    def is_personal(self, category: str) -> bool:
        cat = self.categories.get(category)
        return cat is not None and cat.personal

    def assisted_categories(self) -> frozenset[str]:
        """Categories whose calls are assisted evidence (``assisted: true``): ``shared-storage``, ``media``."""
        return frozenset(name for name, cat in self.categories.items() if cat.assisted)

    def shared_storage_apis(self) -> frozenset[str]:
        """APIs of the ``shared-storage`` category plus MediaStore queries (``media``): Article 7(2) evidence."""
        return frozenset(e.api for e in self.entries if e.category in ("shared-storage", "media"))


def _yaml_list(path: Path) -> tuple[Any, Any]:
    """The document and its node tree (for line numbers).

    ruamel's ``safe`` loader parses in C (``ruamel.yaml.clib``) with the same YAML 1.2 rules as the round-trip
    loader, about 6x faster; the composed nodes give each item's line, as round-trip's ``lc`` did."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read catalog: {exc.strerror}", path=str(path)) from None
    try:
        yaml = YAML(typ="safe")
        node = yaml.compose(text)
        return (None if node is None else yaml.constructor.construct_document(node)), node
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", path=str(path), line=line) from None


def _line(node: Any, i: int) -> int:
    """1-based line of the ``i``-th item of a sequence node, or of the ``i``-th key of a mapping node."""
    item = node.value[i]
    return (item[0] if isinstance(item, tuple) else item).start_mark.line + 1


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__")
    msg = first.get("msg", "invalid").removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def load_categories(path: Path = CATEGORIES_FILE) -> dict[str, Category]:
    if path == CATEGORIES_FILE:
        return dict(_default_categories())  # read once per process: rules and reports both ask
    return _load_categories(path)


@lru_cache(maxsize=1)
def _default_categories() -> dict[str, Category]:
    return _load_categories(CATEGORIES_FILE)


def _load_categories(path: Path) -> dict[str, Category]:
    data, node = _yaml_list(path)
    if not isinstance(data, dict):
        raise ConfigError("categories must be a mapping of name -> {personal, sensitive, limit, description}",
                          path=str(path), line=1)
    out: dict[str, Category] = {}
    for i, (name, raw) in enumerate(data.items()):
        line = _line(node, i)
        try:
            out[str(name)] = Category.model_validate({**dict(raw or {}), "name": str(name)})
        except (ValidationError, TypeError, ValueError) as exc:
            msg = _describe(exc) if isinstance(exc, ValidationError) else str(exc)
            raise ConfigError(f"category {name}: {msg}", path=str(path), line=line) from None
    return out


def load_catalog(path: Path | None = None, categories_path: Path | None = None) -> Catalog:
    """Load and validate the catalog (default: the package's hooks.yaml and categories.yaml)."""
    if path is None and categories_path is None:
        return _default_catalog()
    return _load(path or HOOKS_FILE, categories_path or CATEGORIES_FILE)


@lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _load(HOOKS_FILE, CATEGORIES_FILE)


def _load(path: Path, categories_path: Path) -> Catalog:
    categories = load_categories(categories_path)
    data, node = _yaml_list(path)
    if data is None:
        data = []
    if not isinstance(data, list):
        raise ConfigError("the catalog must be a YAML list of entries", path=str(path), line=1)
    entries: list[HookEntry] = []
    seen: dict[tuple[Any, ...], int] = {}
    for i, raw in enumerate(data):
        line = _line(node, i)
        if not isinstance(raw, dict):
            raise ConfigError("an entry must be a mapping {class, method, category, ...}", path=str(path), line=line)
        try:
            entry = HookEntry.model_validate({**_plain(raw), "line": line})
        except ValidationError as exc:
            raise ConfigError(_describe(exc), path=str(path), line=line) from None
        cat = categories.get(entry.category)
        if cat is None:
            raise ConfigError(f"unknown category {entry.category!r} (see {categories_path.name})",
                              path=str(path), line=line)
        if entry.native and entry.method not in NATIVE_METHODS:
            raise ConfigError(f"unsupported native function {entry.method!r}; one of: "
                              f"{', '.join(sorted(NATIVE_METHODS))}", path=str(path), line=line)
        key = (entry.class_name, entry.method, entry.overloads, entry.filter)
        if key in seen:
            raise ConfigError(f"duplicate entry for {entry.api} (first at line {seen[key]})", path=str(path), line=line)
        seen[key] = line
        if entry.sensitive is None:
            entry = entry.model_copy(update={"sensitive": cat.sensitive})
        entries.append(entry)
    return Catalog(tuple(entries), categories)


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts/lists (pydantic wants plain types)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


__all__ = ["Catalog", "Category", "Filter", "HookEntry", "load_catalog", "load_categories"]
