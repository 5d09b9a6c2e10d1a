"""What the rules need to know about PI categories: is a category personal information, and which
frequency class (identifier / location / other) it belongs to. Read from the catalog's
``categories.yaml`` (``monitor.catalog.load_categories``); a small built-in table stands in when the
catalog cannot be loaded. Unknown categories count as personal, class ``other`` (err on reporting)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from monitor.errors import PimonError

log = logging.getLogger(__name__)

_FALLBACK_NOT_PERSONAL = frozenset({"exec", "network-state", "permission", "component-start", "ipc", "process",
                                    "file-io", "crypto", "webview", "dex-loading", "http"})
_FALLBACK_CLASS = {"device-id": "identifier", "advertising-id": "identifier", "network-id": "identifier",
                   "phone-number": "identifier", "bluetooth": "identifier", "native": "identifier",
                   "location": "location"}


@dataclass(frozen=True)
class CategoryInfo:
    personal: bool
    limit_class: str  # identifier | location | other


@lru_cache(maxsize=1)
def _table() -> dict[str, CategoryInfo]:
    try:
        from monitor.catalog import load_categories

        return {name: CategoryInfo(c.personal, c.limit) for name, c in load_categories().items()}
    except (ImportError, PimonError) as e:
        log.warning("catalog categories unavailable (%s); using the built-in table", e)
        names = set(_FALLBACK_CLASS) | _FALLBACK_NOT_PERSONAL
        return {n: CategoryInfo(n not in _FALLBACK_NOT_PERSONAL, _FALLBACK_CLASS.get(n, "other")) for n in names}


def info(category: str) -> CategoryInfo:
    return _table().get(category, CategoryInfo(True, "other"))


def is_personal(category: str) -> bool:
    return info(category).personal


def limit_class(category: str) -> str:
    return info(category).limit_class
