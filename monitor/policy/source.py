"""Getting a policy's bytes: a file, an ``http(s)`` URL (optionally through a proxy), or an asset of the
app's own package (``file:///android_asset/<path>`` -> ``assets/<path>`` inside the APK or emulator jar).

Every failure becomes a :class:`~monitor.policy.extract.Policy` with ``status`` ``unreachable`` (and
the reason), never an empty policy.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from monitor.policy.extract import MAX_HTML, Policy, extract_html
from monitor.sdk import SdkDatabase

ASSET_PREFIX = "file:///android_asset/"
TIMEOUT_S = 10.0


def _unreachable(source: str, why: str) -> Policy:
    return Policy(source=source, status="unreachable", error=why[:300])


def fetch_url(url: str, proxy: str | None = None, timeout: float = TIMEOUT_S) -> bytes:
    """GET ``url`` (``proxy`` ``host:port`` for http and https); OSError/ValueError on failure."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler(
        {"http": f"http://{proxy}", "https": f"http://{proxy}"} if proxy else {})]
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, headers={"User-Agent": "pimon-policy/1", "Accept": "text/html,*/*"})
    with opener.open(req, timeout=timeout) as resp:
        return resp.read(MAX_HTML + 1)


def asset_bytes(app_file: Path, asset: str) -> bytes:
    """An asset of an app file (APK or pimon app jar): ``assets/<asset>``; KeyError when absent."""
    with zipfile.ZipFile(app_file) as z:
        return z.read("assets/" + asset.lstrip("/"))


def load_policy(source: str, *, app_file: Path | None = None, proxy: str | None = None,
                db: SdkDatabase | None = None) -> Policy:
    """Read and extract the policy at ``source`` (file path, http(s) URL, or bundled asset URL)."""
    try:
        if source.startswith(ASSET_PREFIX):
            if app_file is None:
                return _unreachable(source, "a bundled asset, and the app file is not available")
            data = asset_bytes(app_file, source[len(ASSET_PREFIX):])
        elif source.startswith(("http://", "https://")):
            data = fetch_url(source, proxy)
        elif "://" in source:
            return _unreachable(source, f"unsupported URL scheme {source.split('://', 1)[0]!r}")
        else:
            data = Path(source).read_bytes()
    except KeyError:
        return _unreachable(source, "the app has no such asset")
    except urllib.error.HTTPError as e:
        return _unreachable(source, f"HTTP {e.code}")
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        reason = getattr(e, "reason", None) or getattr(e, "strerror", None) or str(e)
        return _unreachable(source, str(reason))
    return extract_html(data, source=source, db=db)
