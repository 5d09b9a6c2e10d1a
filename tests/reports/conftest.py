"""Report fixtures: a stored run full of hostile app strings, and a real headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.rules import analyse_run
from monitor.store import Store, open_store

APP = "com.example.app"
MARK = "PWNED"
HOSTILE = [
    f"</script><script>document.title='{MARK}';document.documentElement.setAttribute('data-pwned','1')</script>",
    f"\"><img src=x onerror=\"document.title='{MARK}';document.documentElement.setAttribute('data-pwned','1')\">",
    f"'><svg onload=\"document.title='{MARK}'\">",
    f"</title><script>document.title='{MARK}'</script>",
    f"</style><script>document.title='{MARK}'</script>",
    "javascript:alert(1)", "<!--", "]]>", "{{ 7*7 }}{% raw %}",
    "evil\u202egpj.exe",             # RTL override
    "lone \ud800 surrogate \udfff",    # invalid surrogates
    "nul\x00bell\x07",
    "x" * 200_000,                    # huge
]


def hostile_stack() -> list[dict]:
    return [{"class": f"com.evil.{h[:200]}", "method": h[:100], "file": h[:100], "line": 1} for h in HOSTILE[:5]] + [
        {"class": "com.umeng.commonsdk.UMConfigure", "method": "init", "file": "U.java", "line": 9}]


def build_hostile_run(store: Store, status: str = "app-crashed") -> int:
    run = store.create_run(APP, app_label=HOSTILE[0], device_serial=HOSTILE[1], scenario=HOSTILE[8] + HOSTILE[2],
                           started_ms=1_000_000, config={"note": HOSTILE[3]})
    store.add_lifecycle(run, 1_000_000, "process-start")
    events = [{"seq": i, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
               "ts": 1_000_100 + i * 10, "args": [h, HOSTILE[-1]], "ret": h, "thread": h,
               "stack": [{"class": "com.example.app.Wrap", "method": h[:50]}, *hostile_stack()]}
              for i, h in enumerate(HOSTILE)]
    events.append({"seq": 99, "api": HOSTILE[0], "category": HOSTILE[1], "ts": 1_000_500,
                   "stack": [{"class": "org.attacker.pkg." + HOSTILE[3], "method": "m"}]})
    store.add_events(run, events)
    store.add_dialog(run, 1_001_000, "consent", True, "<hierarchy>" + HOSTILE[0] + "</hierarchy>")
    ui = store.add_ui_action(run, 1_002_000, "consent-refuse", {"text": HOSTILE[1]}, HOSTILE[0])
    store.add_consent_transition(run, 1_002_000, "pre-consent", "refused", ui)
    store.add_events(run, [{"seq": 100 + i, "api": "android.location.LocationManager.getLastKnownLocation",
                            "category": "location", "ts": 1_003_000 + i, "ret": h, "stack": hostile_stack()}
                           for i, h in enumerate(HOSTILE)])
    store.add_mark(run, 1_003_500, HOSTILE[4])
    store.add_lifecycle(run, 1_004_000, "process-exit", {"code": 137, "stderr": HOSTILE[0]})
    store.finish_run(run, status, HOSTILE[1] + HOSTILE[9], ended_ms=1_005_000)
    analyse_run(store, run)
    return run


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    store = open_store(tmp_path_factory.mktemp("db") / "hostile.db")
    yield store, build_hostile_run(store)
    store.close()


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="session")
def dump_dom(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], str]:
    """Load a file in headless Chromium (network off) and return the DOM after scripts ran."""
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium here (apt-get install -y chromium); CI installs it")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def dump(path: Path) -> str:
        out = subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--disable-extensions", "--disable-sync", "--proxy-server=127.0.0.1:9",
             f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", path.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    return dump
