"""Check hook-catalog entries against the API-36 index, the sourced non-SDK list and the SDK list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.conformance.api_index import ApiClass, lineage, params_match

PLATFORM = ("android.", "java.", "javax.", "dalvik.")
LIBRARIES = ("android.support.",)  # android.* names that are libraries, not the platform


@dataclass(frozen=True)
class Problem:
    key: str  # stable text (no line number) used by known_deviations.yaml
    line: int

    def __str__(self) -> str:
        return f"hooks.yaml:{self.line}: {self.key}"


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def is_platform(cls: str) -> bool:
    return cls.startswith(PLATFORM) and not cls.startswith(LIBRARIES)


def _overloads(index: dict[str, ApiClass], cls: str, method: str) -> list[tuple[str, ...]]:
    if method == "$init":
        return list(index[cls].ctors) if cls in index else []
    return [m.params for a in lineage(index, cls) for m in a.methods.get(method, [])]


def check_entry(entry, index: dict[str, ApiClass], non_sdk: dict) -> list[Problem]:
    """Problems of one platform (android.* / java.*) catalog entry; [] when it names real API."""
    cls, method, line = entry.class_name, entry.method, entry.line
    name = f"{cls}.{method}"
    hidden_cls = {h["class"]: h for h in non_sdk.get("hidden_classes", [])}
    hidden_m = {(h["class"], h["method"]): h for h in non_sdk.get("hidden_methods", [])}
    removed = {(h["class"], h["method"]): h for h in non_sdk.get("removed_methods", [])}

    listed = hidden_m.get((cls, method)) or removed.get((cls, method))
    if listed is not None:
        ovs = [tuple(o) for o in listed.get("overloads", [])]
    elif cls in index:
        ovs = _overloads(index, cls, method)
    elif cls in hidden_cls:
        ovs = _overloads(index, hidden_cls[cls]["implements"], method)
    else:
        return [Problem(f"{cls}: class does not exist in API 36 (and is not in non_sdk_api.yaml)", line)]
    if not ovs:
        if listed is not None:  # a sourced hidden method whose overloads the source does not pin down
            return []
        return [Problem(f"{name}: no such method in API 36", line)]
    problems = []
    if entry.overloads:
        for o in entry.overloads:
            if not any(params_match(a, tuple(o)) for a in ovs):
                have = sorted("(" + ", ".join(a) + ")" for a in set(ovs))
                problems.append(Problem(f"{name}({', '.join(o)}): no such overload in API 36 "
                                        f"(API has {', '.join(have)})", line))
    if entry.filter is not None:
        chosen = [tuple(o) for o in entry.overloads] if entry.overloads else ovs
        arg = entry.filter.arg
        if not any(len(o) > arg for o in chosen):
            problems.append(Problem(f"{name}: filter on argument {arg}, but no overload has "
                                    f"{arg + 1} parameters", line))
        elif entry.overloads and not all(len(o) > arg for o in chosen):
            problems.append(Problem(f"{name}: filter on argument {arg} beyond a listed overload", line))
    return problems


def check_sdk_entry(entry, sdk_list: list[dict]) -> list[Problem]:
    """A non-platform entry must be in sdk_signatures.yaml with a source; overloads/filters within it."""
    cls, method, line = entry.class_name, entry.method, entry.line
    rec = next((r for r in sdk_list if r["class"] == cls and r["method"] == method), None)
    if rec is None or not rec.get("source"):
        return [Problem(f"{cls}.{method}: SDK/vendor hook without a sourced signature in sdk_signatures.yaml", line)]
    params = [tuple(p) for p in rec.get("params", [])]
    if not params:
        return []
    problems = []
    for o in entry.overloads or ():
        if not any(params_match(p, tuple(o)) for p in params):
            problems.append(Problem(f"{cls}.{method}({', '.join(o)}): overload not in sdk_signatures.yaml", line))
    if entry.filter is not None and not any(len(p) > entry.filter.arg for p in params):
        problems.append(Problem(f"{cls}.{method}: filter on argument {entry.filter.arg} beyond its parameters", line))
    return problems
