"""Suite files: apps × scenarios × devices, with parameters.

```yaml
name: demo
apps: [compliant, eager-sdk]          # fixture names, package names or app files
scenarios: [first-launch-refuse, first-launch-agree]   # built-in names or paths (relative to the suite)
devices: [emulator]
params: {observe: 3}                  # override the scenarios' defaults (where they declare them)
```
An app entry may also be a mapping ``{app: NAME, params: {...}, scenarios: [...]}`` with parameters of its
own and, for an app that needs a scenario of its own (a settings walk, an upgrade), the scenarios to run
for it instead of the suite's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from monitor.errors import ConfigError
from monitor.scenarios.loader import PythonScenario, describe_error, load_scenario, read_yaml
from monitor.scenarios.model import Scenario

Param = float | int | bool | str


class SuiteApp(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    app: str = Field(min_length=1)
    params: dict[str, Param] = Field(default_factory=dict)
    scenarios: list[str] | None = Field(None, min_length=1, description="instead of the suite's scenarios")

    @model_validator(mode="before")
    @classmethod
    def _name(cls, data: Any) -> Any:
        return {"app": data} if isinstance(data, str) else data


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    apps: list[SuiteApp] = Field(min_length=1)
    scenarios: list[str] = Field(min_length=1)
    devices: list[str] = Field(default_factory=lambda: ["emulator"], min_length=1)
    params: dict[str, Param] = Field(default_factory=dict)


@dataclass(frozen=True)
class SuiteRun:
    """One cell of the suite: an app, a scenario (parameters bound), a device."""

    app: str
    scenario: Scenario | PythonScenario
    device: str
    params: Mapping[str, Any]

    @property
    def scenario_name(self) -> str:
        return self.scenario.name


@dataclass(frozen=True)
class LoadedSuite:
    suite: Suite
    source: str
    runs: list[SuiteRun]


def load_suite(path: str | Path, params: Mapping[str, Any] | None = None) -> LoadedSuite:
    """Read and validate a suite file; every scenario it names is loaded and bound now, so a bad
    scenario or parameter is reported before anything runs. ``params`` override the suite's."""
    path = Path(path)
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise ConfigError("a suite is a mapping with name:, apps: and scenarios:", path=str(path), line=1)
    try:
        suite = Suite.model_validate(doc.data)
    except ValidationError as err:
        raise describe_error(doc, err) from None
    runs: list[SuiteRun] = []
    for i, ref in enumerate(suite.scenarios):
        try:
            load_scenario(ref, base=path.parent, strict=False)
        except ConfigError as exc:
            if exc.path:
                raise
            raise ConfigError(str(exc), path=str(path), line=doc.line_of(("scenarios", i))) from None
    for app_i, app in enumerate(suite.apps):
        for ref in app.scenarios or ():
            try:
                load_scenario(ref, base=path.parent, strict=False)
            except ConfigError as exc:
                if exc.path:
                    raise
                raise ConfigError(str(exc), path=str(path), line=doc.line_of(("apps", app_i))) from None
    for app in suite.apps:
        merged = {**suite.params, **app.params, **(params or {})}
        for ref in app.scenarios or suite.scenarios:
            scenario = load_scenario(ref, merged, base=path.parent, strict=False)
            for device in suite.devices:
                runs.append(SuiteRun(app.app, scenario, device, merged))
    return LoadedSuite(suite, str(path), runs)
