"""Baselines: a reviewed file of accepted findings (the bandit / semgrep / detekt convention).

```yaml
# pimon baseline — findings reviewed and accepted; pimon diff/--fail-on ignore them until `until`.
version: 1
accepted:
  - fingerprint: 6f1c0d…            # monitor.findings.fingerprint (the identity of the finding)
    rule: PI-6.3-BEFORE-CONSENT       # the rest of the identity, for the reviewer (not used to match)
    app: com.example.eagersdk
    scenario: first-launch-refuse
    api: android.telephony.TelephonyManager.getDeviceId
    caller: sdk:umeng
    phase: unknown
    reason: Umeng pre-init confirmed removed in 4.2; tracked in APP-1234
    by: alice
    until: 2027-03-01                 # an entry past this date fails loudly (exit 2), naming file:line
```

``load_baseline(path)`` validates with file:line errors; ``check_expired(baseline, today)`` raises one
ConfigError naming every expired entry; ``make_baseline(records, reason, by, until)`` writes one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.errors import ConfigError
from monitor.findings.model import FindingRecord

FIELDS_SHOWN = ("rule", "app", "scenario", "api", "category", "caller", "phase")


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fingerprint: str = Field(pattern=r"^[0-9a-f]{32}$")
    rule: str | None = None
    app: str | None = None
    scenario: str | None = None
    api: str | None = None
    category: str | None = None
    caller: str | None = None
    phase: str | None = None
    reason: str = Field(min_length=1)
    by: str = Field(min_length=1)
    until: dt.date | None = None


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(1, ge=1, le=1)
    accepted: list[Entry] = Field(default_factory=list)


@dataclass
class Baseline:
    source: str
    entries: list[Entry]
    lines: dict[int, int] = field(default_factory=dict)  # entry index -> line in the file

    def by_fingerprint(self) -> dict[str, Entry]:
        return {e.fingerprint: e for e in self.entries}

    def accepted(self, fingerprint: str) -> Entry | None:
        return self.by_fingerprint().get(fingerprint)

    def expired(self, today: dt.date) -> list[tuple[int | None, Entry]]:
        return [(self.lines.get(i), e) for i, e in enumerate(self.entries) if e.until is not None and e.until < today]


def load_baseline(path: str | Path) -> Baseline:
    """Read and validate a baseline file (one-line ConfigError naming file:line)."""
    from monitor.scenarios.loader import read_yaml

    path = Path(path)
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise ConfigError("a baseline is a mapping with version: and accepted:", path=str(path), line=1)
    try:
        parsed = BaselineFile.model_validate(doc.data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
        msg = "unknown key" if first["type"] == "extra_forbidden" else first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            msg = "required key missing"
        raise ConfigError(f"{where}: {msg}", path=str(path), line=doc.line_of(loc)) from None
    seen: dict[str, int] = {}
    lines = {i: doc.line_of(("accepted", i)) or 0 for i in range(len(parsed.accepted))}
    for i, e in enumerate(parsed.accepted):
        if e.fingerprint in seen:
            raise ConfigError(f"accepted[{i}]: fingerprint {e.fingerprint} already accepted at line "
                              f"{lines[seen[e.fingerprint]]}", path=str(path), line=lines[i])
        seen[e.fingerprint] = i
    return Baseline(str(path), parsed.accepted, lines)


def check_expired(baseline: Baseline, today: dt.date | None = None) -> None:
    """ConfigError listing every entry whose ``until`` has passed: an acceptance that ran out must be
    reviewed again (renewed or removed), never silently honoured or silently dropped."""
    today = today or dt.date.today()
    gone = baseline.expired(today)
    if not gone:
        return
    line = gone[0][0]
    what = ", ".join(f"line {ln}: {e.rule or e.fingerprint} (until {e.until})" for ln, e in gone)
    raise ConfigError(f"{len(gone)} baseline entr{'y' if len(gone) == 1 else 'ies'} expired — review, renew or "
                      f"remove: {what}", path=baseline.source, line=line)


def open_baseline(path: str | Path | None, today: dt.date | None = None) -> Baseline | None:
    """``--baseline FILE``: loaded, validated and checked for expiry (None when no file was given)."""
    if path is None:
        return None
    b = load_baseline(path)
    check_expired(b, today)
    return b


def split(records: Iterable[FindingRecord], baseline: Baseline | None) -> tuple[list[FindingRecord],
                                                                                  list[FindingRecord]]:
    """(failing, accepted): the records not in the baseline, and those it accepts."""
    accepted = baseline.by_fingerprint() if baseline else {}
    fail, ok = [], []
    for r in records:
        (ok if r.fingerprint in accepted else fail).append(r)
    return fail, ok


def make_baseline(records: Iterable[FindingRecord], *, reason: str, by: str, until: dt.date | None) -> dict[str, Any]:
    """A baseline document accepting every record (one entry per fingerprint)."""
    seen: dict[str, FindingRecord] = {}
    for r in records:
        seen.setdefault(r.fingerprint, r)
    entries = []
    for r in sorted(seen.values(), key=lambda r: (r.app, r.scenario, r.rule, r.api, r.caller, r.phase)):
        e: dict[str, Any] = {"fingerprint": r.fingerprint}
        e.update({k: getattr(r, k) for k in FIELDS_SHOWN})
        e.update({"reason": reason, "by": by, "until": until})
        entries.append(e)
    return {"version": 1, "accepted": entries}


def dump_baseline(doc: dict[str, Any]) -> str:
    """YAML text of a baseline document, with a header saying what it is."""
    import yaml

    head = ("# pimon baseline: reviewed, accepted findings. `--baseline FILE` marks them accepted in the reports\n"
            "# and `--fail-on` ignores them; an entry past `until` fails the run (exit 2) until it is reviewed.\n")
    class _Plain(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # one `until` date shared by every entry: no &id001 anchors
            return True

    return head + yaml.dump(doc, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=120)


def entry_dict(e: Entry) -> dict[str, Any]:
    return {"reason": e.reason, "by": e.by, "until": e.until.isoformat() if e.until else None}
