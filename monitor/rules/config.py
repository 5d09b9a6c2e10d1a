"""Rule configuration: thresholds and switches, with documented defaults; loadable from YAML.

Frequency defaults (PI-7.1-EXCESSIVE-FREQUENCY, window 10 s), by the frequency class each category
has in the catalog's ``categories.yaml`` (``limit:``): an app needs a device or network
*identifier* once per session — a second read is a cache miss, a third within 10 s is polling, so
2. *Location* legitimately refreshes (a map, a first fix then a better one), so 3. *Other* PI
(contacts, clipboard, app list, sensors) 5, so that a screen that redraws does not trip it.
``max`` overrides the limit of single categories.

Only calls of *personal* categories (``personal: true`` in ``categories.yaml``) count as collection
for the consent, frequency and background rules; ``personal_only: false`` counts every call.

YAML example::

    disabled: [PI-7.4-SELF-START]
    frequency: {window_s: 10, max_by_class: {identifier: 2, location: 3, other: 5}, max: {clipboard: 2}}
    forced_exit: {window_s: 10, grace_ms: 1500}
    bulk_permissions: {min_count: 3, window_s: 2}
    precision: {min_decimals: 5, fine_location: true, app_list: true}   # PI-7.1-PRECISION-BEYOND-NEED
    local_operation: {window_s: 3}                                     # PI-7.2-LOCAL-OPERATION
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.errors import ConfigError
from monitor.rules.categories import is_personal, limit_class

CLASS_MAX = {"identifier": 2, "location": 3, "other": 5}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrequencyConfig(_Strict):
    window_s: float = Field(10.0, gt=0, description="sliding window length in seconds")
    max_by_class: dict[Literal["identifier", "location", "other"], int] = Field(
        default_factory=lambda: dict(CLASS_MAX),
        description="calls allowed per window, by the category's frequency class (missing classes: defaults)")
    max: dict[str, int] = Field(default_factory=dict, description="calls allowed per window, for single categories")

    def limit(self, category: str) -> int:
        if category in self.max:
            return self.max[category]
        return {**CLASS_MAX, **self.max_by_class}.get(limit_class(category), CLASS_MAX["other"])  # type: ignore[arg-type]


class ForcedExitConfig(_Strict):
    window_s: float = Field(10.0, gt=0, description="how long after a refusal an exit counts as forced")
    grace_ms: int = Field(1500, ge=0, description="leaving the foreground counts only when no activity of the app "
                          "comes back within this many ms (one activity starting the next and finishing itself)")


class BulkPermissionsConfig(_Strict):
    min_count: int = Field(3, ge=2, description="dangerous permissions that make a request bulk")
    window_s: float = Field(2.0, ge=0, description="requests this close without a user action count as one")


class LocalOperationConfig(_Strict):
    window_s: float = Field(3.0, ge=0, description="a user action this long before a local operation asked for it")


class PrecisionConfig(_Strict):
    min_decimals: int = Field(5, ge=1, le=12, description="coordinates sent with this many decimals count as full precision")
    fine_location: bool = Field(True, description="report fine-location requests (a city-level function needs coarse)")
    app_list: bool = Field(True, description="report reads of the full installed-app list")


class RuleConfig(_Strict):
    disabled: list[str] = Field(default_factory=list, description="rule codes not to run")
    personal_only: bool = Field(True, description="only calls of personal categories count as collection")
    frequency: FrequencyConfig = Field(default_factory=FrequencyConfig)
    forced_exit: ForcedExitConfig = Field(default_factory=ForcedExitConfig)
    bulk_permissions: BulkPermissionsConfig = Field(default_factory=BulkPermissionsConfig)
    precision: PrecisionConfig = Field(default_factory=PrecisionConfig)
    local_operation: LocalOperationConfig = Field(default_factory=LocalOperationConfig)

    def counts(self, category: str) -> bool:
        """Does a call of this category count as collecting personal information?"""
        return not self.personal_only or is_personal(category)

    @field_validator("disabled")
    @classmethod
    def _known_codes(cls, v: list[str]) -> list[str]:
        from monitor.rules.registry import all_rules

        known = {r.code for r in all_rules()}
        unknown = [c for c in v if c not in known]
        if unknown:
            raise ValueError(f"unknown rule code(s): {', '.join(unknown)}")
        return v


def _line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the deepest node of ``loc`` that ruamel knows the position of."""
    line = None
    node = data
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                if isinstance(key, int):
                    line = lc.item(key)[0] + 1
                else:
                    line = lc.key(key)[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def load_config(path: str | Path | None) -> RuleConfig:
    """Read a RuleConfig YAML file (None -> defaults). Errors name file and line."""
    if path is None:
        return RuleConfig()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    from monitor.yamlbound import check_yaml, read_bounded

    p = Path(path)
    text = read_bounded(p, what="rule config")
    check_yaml(text, str(p))
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise ConfigError(f"not valid YAML: {e.problem or e.context}", path=str(p),
                          line=mark.line + 1 if mark else None) from None
    if data is None:
        return RuleConfig()
    if not isinstance(data, dict):
        raise ConfigError("rule config must be a mapping", path=str(p), line=1)
    try:
        return RuleConfig.model_validate(_plain(data))
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(x) for x in loc) or "(top)"
        raise ConfigError(f"{field}: {err['msg']}", path=str(p), line=_line_of(data, loc) or 1) from None


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x
