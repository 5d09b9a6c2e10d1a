"""Every byte pattern under which a PI value can leave the device (pure).

A value first has *forms* (how apps write it: a MAC with ``:``/``-``/``.``/no separator in either
case, a location rounded or truncated to 3-6 decimals, a phone number with or without ``+86`` …),
then each form has *encodings*: plain, URL-encoded, base64 (standard and URL-safe, each as the
three alignment "cores" that stay the same wherever the value sits inside a larger base64 blob),
hex, and MD5/SHA-1/SHA-256 as hex (lower and upper case) or as base64 of the raw digest.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

MIN_PATTERN = 4  # shorter forms/patterns would match everywhere
LOCATION_KINDS = frozenset({"location", "latlon", "lat", "lon", "latitude", "longitude"})
_TEXTUAL = frozenset({"plain", "url", "url-lower", "form"})
LOCATION_PRECISIONS = (3, 4, 5, 6)
ENCODINGS = (
    "plain", "url", "url-lower", "form", "base64", "base64url", "hex", "HEX",
    "md5", "MD5", "sha1", "SHA1", "sha256", "SHA256", "md5-base64", "sha1-base64", "sha256-base64",
)  # fmt: skip
_HASHES = (("md5", hashlib.md5), ("sha1", hashlib.sha1), ("sha256", hashlib.sha256))
_HEXISH = re.compile(r"^[0-9A-Fa-f-]+$")
_MAC = re.compile(r"^[0-9A-Fa-f]{2}([:-])([0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$")
_UUID = re.compile(r"^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$")


@dataclass(frozen=True)
class PiValue:
    kind: str  # imei, android_id, mac, phone, location, package, contact, clipboard, oaid, ...
    value: str


@dataclass(frozen=True)
class Variant:
    value_index: int
    kind: str
    form: str
    encoding: str
    pattern: bytes
    boundary: bool = False  # a digit right before the match means another number: no match


def as_values(values: Iterable[PiValue] | Mapping[str, str | Iterable[str]]) -> list[PiValue]:
    """Accept PiValues or ``{kind: value | [values]}``; drop empties and duplicates, keep order."""
    out: list[PiValue] = []
    if isinstance(values, Mapping):
        for kind, vals in values.items():
            for v in [vals] if isinstance(vals, str) else vals:
                out.append(PiValue(kind, str(v)))
    else:
        out = list(values)
    seen: set[PiValue] = set()
    return [v for v in out if v.value.strip() and not (v in seen or seen.add(v))]


# --- forms ---


def _mac_forms(value: str) -> list[tuple[str, str]]:
    digits = re.sub(r"[^0-9A-Fa-f]", "", value)
    if len(digits) != 12:
        return [("raw", value)]
    pairs = [digits[i : i + 2] for i in range(0, 12, 2)]
    quads = [digits[i : i + 4] for i in range(0, 12, 4)]
    forms = []
    for case, fn in (("lower", str.lower), ("upper", str.upper)):
        for sep_name, text in (
            ("colon", ":".join(pairs)), ("dash", "-".join(pairs)), ("bare", digits), ("dot", ".".join(quads)),
        ):  # fmt: skip
            forms.append((f"{sep_name}-{case}", fn(text)))
    return forms


def _coord_forms(number: float, name: str) -> Iterator[tuple[str, str]]:
    for p in LOCATION_PRECISIONS:
        yield f"{name}-round{p}", f"{number:.{p}f}"
        scale = 10**p
        truncated = int(number * scale) / scale
        yield f"{name}-trunc{p}", f"{truncated:.{p}f}"


def _location_forms(value: str) -> list[tuple[str, str]]:
    parts = [p.strip() for p in re.split(r"[,\s;]+", value.strip()) if p.strip()]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return [("raw", value)]
    forms = [("raw", value)]
    if len(numbers) == 1:
        return forms + list(_coord_forms(numbers[0], "coord"))
    lat, lon = numbers[:2]
    forms += list(_coord_forms(lat, "lat")) + list(_coord_forms(lon, "lon"))
    for p in LOCATION_PRECISIONS:
        a, b = f"{lat:.{p}f}", f"{lon:.{p}f}"
        forms += [(f"latlon{p}", f"{a},{b}"), (f"lonlat{p}", f"{b},{a}")]
    return forms


def _phone_forms(value: str) -> list[tuple[str, str]]:
    digits = re.sub(r"\D", "", value)
    forms = [("raw", value), ("digits", digits), ("e164", "+" + digits)]
    if len(digits) == 13 and digits.startswith("86"):
        forms.append(("national", digits[2:]))
    if len(digits) == 11 and digits.startswith("1"):
        forms += [("cc", "86" + digits), ("e164", "+86" + digits)]
    return forms


def _id_forms(value: str) -> list[tuple[str, str]]:
    forms = [("raw", value)]
    if _HEXISH.match(value):
        forms += [("lower", value.lower()), ("upper", value.upper())]
        if _UUID.match(value):
            bare = value.replace("-", "")
            forms += [("bare-lower", bare.lower()), ("bare-upper", bare.upper())]
    return forms


def forms(kind: str, value: str) -> list[tuple[str, str]]:
    """The distinct textual forms of a value, each named; forms shorter than MIN_PATTERN dropped."""
    k = kind.lower().replace("-", "_")
    if k in ("mac", "wifi_mac", "bt_mac", "bluetooth_mac", "bssid") or _MAC.match(value):
        found = _mac_forms(value)
    elif k in LOCATION_KINDS:
        found = _location_forms(value)
    elif k in ("phone", "phone_number", "msisdn", "line1_number"):
        found = _phone_forms(value)
    elif k == "imei" and len(value) == 15 and value.isdigit():
        found = [("raw", value), ("no-check-digit", value[:14])]
    else:
        found = _id_forms(value)
    seen: set[str] = set()
    return [(n, t) for n, t in found if len(t.encode()) >= MIN_PATTERN and not (t in seen or seen.add(t))]


# --- encodings ---


def base64_cores(data: bytes, alphabet: str = "std") -> list[bytes]:
    """The base64 text of ``data`` that does not depend on its neighbours, for its 3 byte alignments.

    A value starting ``k`` bytes (mod 3) into a base64-encoded blob appears there as core ``k``.
    """
    encode = base64.b64encode if alphabet == "std" else base64.urlsafe_b64encode
    n, cores = len(data), []
    for k in range(3):
        text = encode(b"\0" * k + data + b"\0\0")
        first, last = -(-8 * k // 6), (8 * (k + n)) // 6  # chars fully inside the value's bits
        cores.append(text[first:last])
    return cores


def encodings(text: str) -> Iterator[tuple[str, bytes]]:
    """(encoding, pattern) pairs of one form; duplicates of an earlier pattern are skipped."""
    raw = text.encode("utf-8")
    url = quote(text, safe="").encode()
    yield "plain", raw
    yield "url", url
    yield "url-lower", re.sub(rb"%[0-9A-F]{2}", lambda m: m.group(0).lower(), url)
    yield "form", quote_plus(text, safe="").encode()
    for alphabet, name in (("std", "base64"), ("url", "base64url")):
        for core in base64_cores(raw, alphabet):
            yield name, core
    yield "hex", raw.hex().encode()
    yield "HEX", raw.hex().upper().encode()
    for name, fn in _HASHES:
        digest = fn(raw)
        yield name, digest.hexdigest().encode()
        yield name.upper(), digest.hexdigest().upper().encode()
        yield f"{name}-base64", base64.b64encode(digest.digest()).rstrip(b"=")
        yield f"{name}-base64", base64.urlsafe_b64encode(digest.digest()).rstrip(b"=")


def variants(values: list[PiValue]) -> list[Variant]:
    """All variants of all values; one per distinct (value, pattern)."""
    out: list[Variant] = []
    for index, pv in enumerate(values):
        seen: set[bytes] = set()
        numeric = pv.kind.lower() in LOCATION_KINDS  # "39.909" must not match inside "139.9091"
        for form, text in forms(pv.kind, pv.value):
            for encoding, pattern in encodings(text):
                if len(pattern) >= MIN_PATTERN and pattern not in seen:
                    seen.add(pattern)
                    boundary = numeric and encoding in _TEXTUAL and pattern[:1].isdigit()
                    out.append(Variant(index, pv.kind, form, encoding, pattern, boundary))
    return out
