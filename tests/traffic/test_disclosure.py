"""The disclosure file: validation with file:line errors, and who a flow's recipient is."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor import paths
from monitor.errors import ConfigError
from monitor.traffic.disclosure import (
    Disclosure,
    ThirdParty,
    app_domain,
    classify,
    fixture_disclosure,
    load_disclosure,
    under,
)

GOOD = """\
app: com.example.trackersdk
first_party_domains: [example-cdn.net]
third_parties:
  - name: 友盟+ (Umeng)
    packages: [com.umeng]
    domains: [Umeng.COM.]
    purposes: [analytics]
  - name: AppsFlyer
"""


def test_load_good_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(GOOD, encoding="utf-8")
    d = load_disclosure(path)
    assert d.source == str(path) and d.first_party_domains == ("example-cdn.net",)
    assert d.third_parties[0] == ThirdParty(name="友盟+ (Umeng)", packages=("com.umeng.",), domains=("umeng.com",),
                                            purposes=("analytics",))
    assert load_disclosure(_write(tmp_path, "")) == Disclosure(source=str(tmp_path / "x.yaml"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "words"), [
    ("third_parties:\n  - name: A\n    domain: [a.com]\n", 3, "unknown key 'domain'"),
    ("app: x\nthird_parties:\n  - {domains: [a.com]}\n", 3, "third_parties[0].name: required key missing"),
    ("third_parties:\n  - name: A\n    domains: [https://a.com/x]\n", 3, "not 'https://a.com/x'"),
    ("third_parties: [\n", 2, "invalid YAML"),
    ("- a\n- b\n", 1, "is a mapping"),
])
def test_bad_files_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_disclosure(_write(tmp_path, text))
    msg = str(err.value)
    assert msg.startswith(f"{tmp_path / 'x.yaml'}:{line}: ") and words in msg and "\n" not in msg


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_disclosure(tmp_path / "nope.yaml")


def test_domains_match_on_label_boundaries() -> None:
    assert under("ulogs.umeng.com", "umeng.com") and under("UMENG.com.", "umeng.com") and under("a.umeng.com:443", "umeng.com")
    assert not under("notumeng.com", "umeng.com") and not under("umeng.com.evil.net", "umeng.com")
    assert app_domain("com.example.trackersdk") == "example.com" and app_domain("single") is None


def test_classify_recipients() -> None:
    d = Disclosure(first_party_domains=("example-cdn.net",), third_parties=(
        ThirdParty(name="Umeng"), ThirdParty(name="Partner", packages=("com.appsflyer.",)),
        ThirdParty(name="Hub", domains=("trackhub.io",))))
    app = "com.example.app"
    assert classify("ulogs.umeng.com", "sdk:umeng", app, d).disclosed_as == "Umeng"  # by SDK id/name
    assert classify("t.appsflyer.com", "sdk:appsflyer", app, d).disclosed_as == "Partner"  # by package prefix
    assert classify("x.trackhub.io", None, app, d).disclosed_as == "Hub"  # by domain
    assert classify("api.example.com", None, app, d).party == "first-party"  # the package's domain
    assert classify("img.example-cdn.net", None, app, d).party == "first-party"
    other = classify("stats.jiguang.cn", None, app, d)  # SDK by host, not named
    assert (other.party, other.sdk, other.disclosed_as) == ("third-party", "jpush", None)
    assert classify("ulogs.umeng.com", "sdk:umeng", app, None).disclosed_as is None  # no file: nothing disclosed
    # an SDK host under the app's own domain is still the SDK's
    assert classify("ulogs.umeng.com", "sdk:umeng", "com.umeng.app", None).party == "third-party"


def test_fixture_disclosure() -> None:
    d = fixture_disclosure("tracker-sdk")
    assert d is not None and d.source == str(paths.EMULATOR_DIR / "apps" / "tracker-sdk" / "disclosure.yaml")
    assert fixture_disclosure("compliant") is None
    assert fixture_disclosure("../etc") is None and fixture_disclosure("tracker-sdk", "emulator-5554") is None
