"""Load scenarios from YAML (or Python) with errors that name file, line and the bad key.

``${name}`` anywhere in a value is replaced by the parameter ``name`` (the scenario's ``params:``
give the defaults, callers override them). A value that is exactly ``${name}`` takes the
parameter's type (``observe: ${observe}`` stays a number).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from monitor.errors import ConfigError
from monitor.paths import SCENARIOS_DIR
from monitor.scenarios.model import Scenario, Step, did_you_mean

Path_ = tuple[Any, ...]
_PARAM = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
PARAM_PATTERN = r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$"


@dataclass
class Document:
    """Plain data from a YAML file plus the line of every key and list item."""

    data: Any
    lines: dict[Path_, int]
    source: str

    def line_of(self, loc: Path_) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


def read_yaml(path: Path) -> Document:
    from monitor.yamlbound import read_bounded

    return parse_yaml(read_bounded(path), str(path))


def parse_yaml(text: str, source: str) -> Document:
    from monitor.yamlbound import check_yaml

    check_yaml(text, source)  # size, alias expansion, depth: fails fast with source:line
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise ConfigError(f"invalid YAML: {problem}", path=source, line=line) from None
    except YAMLError as exc:
        raise ConfigError(f"invalid YAML: {' '.join(str(exc).split())}", path=source) from None
    lines: dict[Path_, int] = {(): (tree.lc.line + 1) if isinstance(tree, (CommentedMap, CommentedSeq)) else 1}
    return Document(_plain(tree, (), lines), lines, source)


def _plain(node: Any, at: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                lines[(*at, str(key))] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError):
                pass
            out[str(key)] = _plain(value, (*at, str(key)), lines)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            try:
                lines[(*at, i)] = node.lc.item(i)[0] + 1
            except (KeyError, TypeError, IndexError):
                pass
            out_list.append(_plain(value, (*at, i), lines))
        return out_list
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def scalar(text: str) -> Any:
    """A command-line value as YAML reads it: ``2`` -> 2, ``true`` -> True, ``abc`` -> "abc"."""
    try:
        value = YAML(typ="safe").load(text)
    except YAMLError:
        return text
    return value if isinstance(value, (int, float, bool, str)) else text


def substitute(doc: Document, params: Mapping[str, Any]) -> Any:
    def sub(value: Any, at: Path_) -> Any:
        if isinstance(value, dict):
            return {k: sub(v, (*at, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [sub(v, (*at, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or "${" not in value:
            return value
        for name in _PARAM.findall(value):
            if name not in params:
                raise ConfigError(f"unknown parameter ${{{name}}}" + did_you_mean(name, list(params))
                                  + " (declare it under params:)", path=doc.source, line=doc.line_of(at))
        whole = _PARAM.fullmatch(value)
        if whole:
            return params[whole.group(1)]
        return _PARAM.sub(lambda m: str(params[m.group(1)]), value)

    return sub(doc.data, ())


def describe_error(doc: Document, err: ValidationError) -> ConfigError:
    """The first error (by line) of a pydantic validation, as a one-line file:line message."""
    items = sorted(err.errors(), key=lambda e: (e["type"] != "extra_forbidden", doc.line_of(tuple(e["loc"])) or 0))
    first = items[0]
    loc = tuple(first["loc"])
    where = _dotted(loc)
    if first["type"] == "extra_forbidden":
        key = str(loc[-1])
        msg = f"unknown key {key!r}" + did_you_mean(key, _known_keys())
        if where.rpartition(".")[0]:
            msg = f"{where.rpartition('.')[0]}: {msg}"
    elif first["type"] == "missing":
        msg = f"{where}: required key missing"
    else:
        text = first["msg"].removeprefix("Value error, ")
        msg = f"{where}: {text}" if where else text
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    return ConfigError(msg + more, path=doc.source, line=doc.line_of(loc))


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _known_keys() -> list[str]:
    seen: set[str] = set()
    stack: list[type[BaseModel]] = [Scenario]
    while stack:
        model = stack.pop()
        for name, f in model.model_fields.items():
            if (f.alias or name) in seen:
                continue
            seen.add(f.alias or name)
            stack.extend(_models_in(f.annotation))
    return sorted(seen)


def _models_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in getattr(tp, "__args__", ()) for m in _models_in(arg)]


def _set_lines(steps: list[Step], doc: Document, at: Path_) -> None:
    for i, step in enumerate(steps):
        step._line = doc.line_of((*at, i))
        if step.consent is not None and step.consent.via:
            _set_lines(step.consent.via, doc, (*at, i, "consent", "via"))


def bind(doc: Document, overrides: Mapping[str, Any] | None = None, *, strict: bool = True) -> Scenario:
    """Validate a scenario document with its parameter defaults replaced by ``overrides``."""
    if not isinstance(doc.data, dict):
        raise ConfigError("a scenario is a mapping with name: and steps:", path=doc.source, line=1)
    defaults = doc.data.get("params") or {}
    if not isinstance(defaults, dict):
        raise ConfigError("params: must be a mapping of name: default", path=doc.source,
                          line=doc.line_of(("params",)))
    params = dict(defaults)
    for name, value in (overrides or {}).items():
        if name not in defaults:
            if strict:
                raise ConfigError(f"unknown parameter {name!r}" + did_you_mean(name, list(defaults))
                                  + f" (the scenario has: {', '.join(defaults) or 'none'})", path=doc.source)
            continue
        params[name] = scalar(value) if isinstance(value, str) else value
    data = substitute(doc, params)
    data["params"] = params
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        raise describe_error(doc, err) from None
    scenario._source = doc.source
    scenario._document = doc
    _set_lines(scenario.steps, doc, ("steps",))
    return scenario


@dataclass
class PythonScenario:
    """A scenario written in Python: ``def scenario(ctx, params)`` (and optional ``PARAMS`` defaults)."""

    name: str
    func: Callable[..., Any]
    params: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    def bind(self, overrides: Mapping[str, Any] | None = None) -> PythonScenario:
        merged = dict(self.params)
        for k, v in (overrides or {}).items():
            merged[k] = scalar(v) if isinstance(v, str) else v
        return PythonScenario(self.name, self.func, merged, self.source)


def resolve(ref: str | Path, base: Path | None = None) -> Path:
    """A scenario file from a path, a name relative to ``base``, or a built-in name."""
    p = Path(ref)
    candidates = [p] if p.is_absolute() else [*(d / p for d in ([base] if base else [])), p]
    for root in (base, SCENARIOS_DIR, SCENARIOS_DIR / "standard"):
        if root is not None and not p.suffix:
            candidates += [root / f"{ref}.yaml", root / f"{ref}.yml", root / f"{ref}.py"]
    for c in candidates:
        if c.is_file():
            return c
    raise ConfigError(f"no scenario {str(ref)!r} (not a file, nor a built-in: {', '.join(builtin_names())})")


def builtin_names() -> list[str]:
    return sorted({p.stem for d in (SCENARIOS_DIR, SCENARIOS_DIR / "standard") for p in d.glob("*.yaml")
                   if not p.name.endswith(".suite.yaml")})


def load_scenario(ref: str | Path, params: Mapping[str, Any] | None = None, *, strict: bool = True,
                  base: Path | None = None) -> Scenario | PythonScenario:
    """Load and validate a scenario (YAML or Python) by path or built-in name."""
    path = resolve(ref, base)
    if path.suffix == ".py":
        return _load_python(path).bind(params)
    doc = read_yaml(path)
    scenario = bind(doc, params, strict=strict)
    return scenario


def rebind(scenario: Scenario, params: Mapping[str, Any], *, strict: bool = False) -> Scenario:
    doc = scenario._document
    if doc is None:
        doc = Document(scenario.model_dump(by_alias=True, exclude_defaults=True), {}, scenario.source or "<scenario>")
    return bind(doc, params, strict=strict)


def _load_python(path: Path) -> PythonScenario:
    spec = importlib.util.spec_from_file_location(f"pimon_scenario_{path.stem.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise ConfigError("cannot import", path=str(path))
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise ConfigError(f"syntax error: {exc.msg}", path=str(path), line=exc.lineno) from None
    except Exception as exc:  # noqa: BLE001 - user code: report it in one line
        raise ConfigError(f"error while importing: {type(exc).__name__}: {exc}", path=str(path)) from None
    func = getattr(module, "scenario", None)
    if not callable(func):
        raise ConfigError("a Python scenario defines `def scenario(ctx, params)`", path=str(path))
    return PythonScenario(getattr(module, "NAME", path.stem), func, dict(getattr(module, "PARAMS", {})), str(path))
