"""The rule registry. A rule is one decorated function ``(Timeline, RuleConfig) -> Iterable[Hit]``::

    @rule(code="PI-6.3-BEFORE-CONSENT", name="collect-before-consent", article="6(3)",
          severity="high", message="{api} called by {caller} before consent ({count}×)")
    def before_consent(timeline, config):
        '''Documentation: what it checks, why, and how to fix it.'''

The decorator refuses a rule without a code (``PI-<article>-<WORDS>``), without a docstring, with
an unknown severity or a code already taken. Hits are grouped into findings by the engine.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from monitor.rules.finding import KINDS, Hit, Severity

if TYPE_CHECKING:
    from monitor.rules.config import RuleConfig
    from monitor.timeline import Timeline

CODE_RE = re.compile(r"^PI-\d+(\.\d+)?-[A-Z0-9]+(-[A-Z0-9]+)*$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

RuleFunc = Callable[["Timeline", "RuleConfig"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    article: str
    severity: Severity
    message: str
    func: RuleFunc
    doc: str
    kind: str = "auto"  # "assisted": its findings need a reviewer's confirmation

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "article": self.article, "severity": self.severity.value,
                "message": self.message, "summary": self.summary, "doc": self.doc, "kind": self.kind}


_REGISTRY: dict[str, Rule] = {}


class RuleDefinitionError(ValueError):
    """A rule was declared wrongly (a programming error, raised at import time)."""


def rule(*, code: str | None = None, name: str, article: str, severity: str, message: str,
         kind: str = "auto") -> Callable[[RuleFunc], RuleFunc]:
    def deco(func: RuleFunc) -> RuleFunc:
        where = f"{func.__module__}.{func.__qualname__}"
        if not code or not CODE_RE.match(code):
            raise RuleDefinitionError(f"{where}: rule needs a code like PI-6.3-BEFORE-CONSENT, got {code!r}")
        if code in _REGISTRY and _REGISTRY[code].func is not func:
            raise RuleDefinitionError(f"{where}: rule code {code} is already registered")
        if not NAME_RE.match(name or ""):
            raise RuleDefinitionError(f"{where}: rule name must be kebab-case, got {name!r}")
        doc = inspect.getdoc(func)
        if not doc:
            raise RuleDefinitionError(f"{where}: rule {code} needs a docstring (it is its documentation)")
        try:
            sev = Severity.parse(severity)
        except ValueError as e:
            raise RuleDefinitionError(f"{where}: {e}") from None
        if kind not in KINDS:
            raise RuleDefinitionError(f"{where}: rule kind must be one of {', '.join(KINDS)}, got {kind!r}")
        _REGISTRY[code] = Rule(code, name, article, sev, message, func, doc, kind)
        return func

    return deco


def unregister(code: str) -> None:
    """Remove a rule (for tests that declare throw-away rules)."""
    _REGISTRY.pop(code, None)


def all_rules() -> list[Rule]:
    """Every registered rule (the built-in families are imported first), sorted by code."""
    from monitor.rules import families  # noqa: F401  (registers the built-in rules)

    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule:
    for r in all_rules():
        if r.code == code:
            return r
    raise KeyError(code)
