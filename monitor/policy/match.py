"""Match the SDK names a privacy policy writes (友盟+SDK, 极光推送, JiGuang, Getui) to the SDK database.

Names are compared normalised: lower case, full-width forms folded, spaces and punctuation dropped,
a trailing "sdk" / "软件开发工具包" removed. A name matches an SDK when it equals one of the SDK's
names (id, name, its name before a parenthesis, aliases), else when it *contains* one (longest wins: 百度地图定位
-> baidu-location before 百度地图 -> baidu-map), else when the row names one of its package prefixes.
Vendors alone never decide (腾讯 owns a dozen SDKs).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from monitor.sdk import Sdk, SdkDatabase, load

_DROP = re.compile(r"[\s\-_·•・.,，。:：;；/\\|()（）\[\]【】《》<>\"'“”‘’!！?？、]+")
_SUFFIX = re.compile(r"(sdk|软件开发工具包|开发工具包|插件|组件)+$")
_PACKAGE = re.compile(r"\b([a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,6})\b")
MIN_CONTAINED = 3  # a contained alias shorter than this (normalised) must match exactly


def norm(name: str) -> str:
    """The comparable form of a name: NFKC, lower case, no spaces/punctuation, no trailing 'SDK'."""
    s = unicodedata.normalize("NFKC", name or "").lower()
    s = _DROP.sub("", s)
    return _SUFFIX.sub("", s) or s


def _names(sdk: Sdk) -> set[str]:
    # the name's parenthesised parts ("QQ login / share") are too generic to be names of their own
    out = {sdk.id, sdk.name, sdk.name.partition("(")[0], *sdk.aliases}
    return {n for n in (norm(x) for x in out) if n}


@functools.lru_cache(maxsize=4)
def _index(db: SdkDatabase) -> tuple[dict[str, Sdk], list[tuple[str, Sdk]]]:
    exact: dict[str, Sdk] = {}
    for sdk in db:
        for n in _names(sdk):
            exact.setdefault(n, sdk)
    contained = sorted(((n, s) for n, s in exact.items() if len(n) >= MIN_CONTAINED or not n.isascii()),
                       key=lambda x: -len(x[0]))
    return exact, contained


def match_name(name: str, context: str = "", db: SdkDatabase | None = None) -> Sdk | None:
    """The SDK a policy's name (and, failing that, package names in ``context``) refers to, or None."""
    db = db or load()
    exact, contained = _index(db)
    n = norm(name)
    if not n:
        return None
    if n in exact:
        return exact[n]
    low = unicodedata.normalize("NFKC", name).lower()
    for alias, sdk in contained:
        if alias in n and (not alias.isascii() or _word(alias).search(low)):
            return sdk
    for pkg in _PACKAGE.findall((name + " " + context).lower()):
        hit = db.match_prefix(pkg + ".x")
        if hit:
            return hit[0]
    return None


@functools.lru_cache(maxsize=1024)
def _word(alias: str) -> re.Pattern[str]:
    """An ASCII alias as a word of the original name, separators allowed between its letters
    (``firebase`` in "Firebase Analytics", ``mta`` not inside "metadata")."""
    body = r"[\s\-_.·]*".join(re.escape(c) for c in alias)
    return re.compile(rf"(?<![a-z]){body}(?![a-z])")
