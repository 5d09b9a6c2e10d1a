"""The scenario language: pydantic models of a scenario and its steps.

A step is a one-key mapping (``- observe: 8``, ``- tap: {text: 同意}``) or, for steps without
arguments, a bare word (``- home``). Argument models accept a scalar shorthand where one reads
naturally (``- consent: refuse``, ``- launch: cold``, ``- tap: 同意``).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from monitor.scenarios.vocab import ALIASES

NO_ARG_STEPS = ("home", "back", "foreground", "relaunch", "reboot")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    _shorthand: str | None = None  # which field a scalar fills in


def _scalar_to(field: str):
    def convert(cls: type, data: Any) -> Any:
        if data is None:
            return {}
        if isinstance(data, (str, int, float, bool)):
            return {field: data}
        return data

    return model_validator(mode="before")(classmethod(convert))


class Selector(_Strict):
    """Which node: every given criterion must hold; ``index`` picks among several matches."""

    text: str | None = Field(None, description="exact label (text, else content-desc)")
    text_contains: str | None = None
    text_regex: str | None = Field(None, description="Python regex, searched in the label")
    resource_id: str | None = Field(None, description="full id (pkg:id/name) or just the name")
    class_: str | None = Field(None, alias="class", description="widget class, full or simple name")
    description: str | None = Field(None, description="exact content-desc")
    description_contains: str | None = None
    alias: Literal[tuple(ALIASES)] | None = Field(  # type: ignore[valid-type]
        None, description="a consent/permission button in any known wording (同意/Agree, 拒绝/Decline …)")
    index: int = Field(0, ge=0, description="which match, in screen order")

    _from_scalar = _scalar_to("text")

    @field_validator("text_regex")
    @classmethod
    def _regex_compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"bad regular expression: {exc}") from None
        return v

    @model_validator(mode="after")
    def _has_criterion(self) -> Selector:
        if not self.criteria():
            raise ValueError("a selector needs text, text_contains, text_regex, resource_id, class, "
                             "description, description_contains or alias")
        return self

    def criteria(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump(by_alias=True, exclude={"index"}).items()
                if v is not None and k not in ("timeout", "optional", "gone", "max_swipes", "tap",
                                               "direction", "x", "y")}

    def describe(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.criteria().items())


class LaunchArgs(_Strict):
    cold: bool = Field(True, description="stop the app first (cold start) rather than bring it back")
    clear_data: bool = Field(False, description="clear the app's data before starting (first launch)")

    @model_validator(mode="before")
    @classmethod
    def _word(cls, data: Any) -> Any:
        if data is None:
            return {}
        if data in ("cold", "warm"):
            return {"cold": data == "cold"}
        if data == "fresh":
            return {"cold": True, "clear_data": True}
        if isinstance(data, str):
            raise ValueError(f"launch takes cold, warm or fresh, not {data!r}")  # noqa: TRY004 - pydantic wants ValueError
        return data


class WaitForArgs(Selector):
    timeout: float = Field(10, gt=0, description="seconds")
    gone: bool = Field(False, description="wait until no node matches")
    optional: bool = Field(False, description="on timeout, note it and go on instead of failing")


class TapArgs(Selector):
    timeout: float = Field(5, gt=0, description="seconds to wait for the node to appear")
    optional: bool = False


class TypeArgs(_Strict):
    text: str
    into: Selector | None = Field(None, description="tap this field first")
    secret: bool = Field(False, description="do not store the typed text")

    _from_scalar = _scalar_to("text")


class ScrollAndFindArgs(Selector):
    max_swipes: int = Field(10, ge=1)
    direction: Literal["up", "down"] = Field("up", description="finger direction: up scrolls the content down")
    tap: bool = Field(False, description="tap the node once found")


class ConsentArgs(_Strict):
    action: Literal["agree", "refuse", "withdraw"]
    timeout: float = Field(10, gt=0, description="seconds to wait for the consent dialog")
    settle: float = Field(2, ge=0, description="seconds to wait for the screen to change after a tap")
    via: list[Step] = Field(default_factory=list, description="withdraw: steps that reach the app's "
                              "withdraw control (its settings path); a string 'A > B > C' taps those texts")
    permissions: Literal["deny", "grant", "leave"] = Field(
        "deny", description="a system permission dialog on top while waiting for the consent dialog")
    agree: Selector | None = Field(None, description="override the detected agree control")
    refuse: Selector | None = Field(None, description="override the detected refuse control")
    confirm: Selector | None = Field(None, description="withdraw: the confirmation control")

    _from_scalar = _scalar_to("action")

    @field_validator("via", mode="before")
    @classmethod
    def _path(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [{"tap": {"text": part.strip()}} for part in v.split(">") if part.strip()]
        return v


class PermissionArgs(_Strict):
    action: Literal["grant", "deny", "grant_all", "deny_all"]
    timeout: float = Field(3, ge=0, description="seconds to wait for the (first) permission dialog")
    settle: float = Field(2, ge=0)

    _from_scalar = _scalar_to("action")


class MarkArgs(_Strict):
    note: str

    _from_scalar = _scalar_to("note")


class SecondsArgs(_Strict):
    seconds: float = Field(ge=0)

    _from_scalar = _scalar_to("seconds")


class NoArgs(_Strict):
    @model_validator(mode="before")
    @classmethod
    def _nothing(cls, data: Any) -> Any:
        return {} if data in (None, True) else data


AssertWhat = Literal["foreground", "background", "alive", "exited", "consent_dialog", "no_consent_dialog",
                     "permission_dialog", "no_permission_dialog", "visible", "not_visible"]


class AssertArgs(_Strict):
    that: AssertWhat
    selector: Selector | None = Field(None, description="for visible / not_visible")
    within: float = Field(0, ge=0, description="hold for this many seconds (no_* and not_visible: "
                          "it must never appear; others: it must appear)")
    fatal: bool = Field(False, description="stop the scenario when the assertion fails")

    _from_scalar = _scalar_to("that")

    @model_validator(mode="after")
    def _selector_needed(self) -> AssertArgs:
        if self.that in ("visible", "not_visible") and self.selector is None:
            raise ValueError(f"assert {self.that} needs a selector")
        return self


class Step(_Strict):
    """One step: exactly one of these keys."""

    launch: LaunchArgs | None = None
    relaunch: NoArgs | None = None
    reboot: NoArgs | None = None
    wait_for: WaitForArgs | None = None
    tap: TapArgs | None = None
    type: TypeArgs | None = None
    back: NoArgs | None = None
    home: NoArgs | None = None
    foreground: NoArgs | None = None
    scroll_and_find: ScrollAndFindArgs | None = None
    consent: ConsentArgs | None = None
    permission: PermissionArgs | None = None
    mark: MarkArgs | None = None
    observe: SecondsArgs | None = None
    background: SecondsArgs | None = None
    assert_: AssertArgs | None = Field(None, alias="assert")

    _line: int | None = PrivateAttr(None)

    @model_validator(mode="before")
    @classmethod
    def _bare_word(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data in NO_ARG_STEPS or data == "launch":
                return {data: {}}
            raise ValueError(f"unknown step {data!r}" + did_you_mean(data, step_names()))
        if isinstance(data, dict):
            if not data:
                raise ValueError("empty step")
            if len(data) > 1 and all(k in step_names() for k in data):
                raise ValueError(f"a step has one action, this one has {len(data)}: {', '.join(map(str, data))}"
                                 " (start each with its own '-')")
            return {k: ({} if v is None else v) for k, v in data.items()}
        return data

    @property
    def kind(self) -> str:
        for name, field in type(self).model_fields.items():
            if getattr(self, name) is not None:
                return field.alias or name
        raise AssertionError("validated step without an action")

    @property
    def args(self) -> Any:
        name = "assert_" if self.kind == "assert" else self.kind
        return getattr(self, name)

    @property
    def line(self) -> int | None:
        return self._line


class Scenario(_Strict):
    """A named list of steps, with parameters (``${name}`` in any value) and their defaults."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    articles: list[str] = Field(default_factory=list, description="articles it checks, e.g. '6(3)'")
    rules: list[str] = Field(default_factory=list, description="rule codes it exercises")
    params: dict[str, float | int | bool | str] = Field(default_factory=dict, description="defaults")
    steps: list[Step] = Field(min_length=1)

    _source: str | None = PrivateAttr(None)
    _document: Any = PrivateAttr(None)  # the loader's Document, to re-bind parameters

    @property
    def source(self) -> str | None:
        return self._source


def step_names() -> list[str]:
    return [f.alias or n for n, f in Step.model_fields.items()]


def did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


ConsentArgs.model_rebuild()
