"""The JSON Schema of scenario files, generated from the pydantic models.

``python -m monitor.scenarios.schema`` rewrites ``scenario.schema.json`` (a test checks it is
current). The generated schema is adjusted to what the loader accepts: one-key steps, bare words
for steps without arguments, scalar shorthands, and ``${param}`` wherever a number or a boolean goes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from monitor.scenarios.loader import PARAM_PATTERN
from monitor.scenarios.model import NO_ARG_STEPS, Scenario, Step

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")
_PARAM = {"type": "string", "pattern": PARAM_PATTERN}
# Model name -> JSON type of the scalar it accepts in place of a mapping.
_SHORTHAND = {
    "Selector": {"type": "string"}, "WaitForArgs": {"type": "string"}, "TapArgs": {"type": "string"},
    "ScrollAndFindArgs": {"type": "string"}, "TypeArgs": {"type": "string"}, "MarkArgs": {"type": "string"},
    "SecondsArgs": {"anyOf": [{"type": "number", "minimum": 0}, _PARAM]},
    "LaunchArgs": {"enum": ["cold", "warm", "fresh"]},
    "ConsentArgs": {"enum": ["agree", "refuse", "withdraw"]},
    "PermissionArgs": {"enum": ["grant", "deny", "grant_all", "deny_all"]},
    "AssertArgs": {"type": "string"},
    "NoArgs": {"type": "null"},
}


def _params_anywhere(node: Any) -> Any:
    if isinstance(node, dict):
        node = {k: _params_anywhere(v) for k, v in node.items()}
        if node.get("type") in ("number", "integer", "boolean"):
            return {"anyOf": [node, _PARAM]}
        return node
    if isinstance(node, list):
        return [_params_anywhere(v) for v in node]
    return node


def _strip_nulls(prop: dict[str, Any]) -> dict[str, Any]:
    """``X | None = None`` fields: drop the null branch, an absent key says the same."""
    options = prop.get("anyOf")
    if options and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        out = {k: v for k, v in prop.items() if k not in ("anyOf", "default")}
        return {**out, **rest[0]} if len(rest) == 1 else {**out, "anyOf": rest}
    return prop


def build_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    for name, definition in defs.items():
        for key, prop in list(definition.get("properties", {}).items()):
            definition["properties"][key] = _strip_nulls(prop)
    via = defs["ConsentArgs"]["properties"]["via"]
    defs["ConsentArgs"]["properties"]["via"] = {"description": via.pop("description", ""),
                                                "anyOf": [via, {"type": "string"}]}
    step_props = defs["Step"]["properties"]
    variants: list[dict[str, Any]] = [{"enum": [*NO_ARG_STEPS, "launch"]}]
    for key, prop in step_props.items():
        variants.append({"type": "object", "properties": {key: prop}, "required": [key],
                         "additionalProperties": False})
    defs["Step"] = {"description": Step.__doc__, "oneOf": variants}
    schema = _params_anywhere(schema)
    for name, scalar in _SHORTHAND.items():
        if name in schema["$defs"]:
            schema["$defs"][name] = {"anyOf": [schema["$defs"][name], scalar]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pimon.invalid/scenario.schema.json"
    return schema


def render() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
