"""``report.pdf`` for auditors: report.html with every section expanded, printed by headless Chromium.

The print CSS of the template lays it out for A4: the verdict page first, page headers with app, version, run
and seal, page numbers (CSS paged-media margin boxes), no interactive parts. Chromium is Debian's ``chromium``
(``$PIMON_CHROMIUM`` names another binary); nothing downloads a browser. Its profile is a fresh temporary
directory, its network is off (the report has no external resource anyway: CSP ``default-src 'none'``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from monitor.errors import ConfigError
from monitor.reports.data import ReportData

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--proxy-server=127.0.0.1:9",
         "--no-pdf-header-footer")


def chromium() -> str:
    """The Chromium binary to print with (ConfigError naming the fix when there is none)."""
    env = os.environ.get("PIMON_CHROMIUM")
    for name in ([env] if env else []) + ["chromium", "chromium-browser", "google-chrome", "chrome"]:
        found = shutil.which(name)
        if found:
            return found
    raise ConfigError("the pdf format needs Chromium: apt-get install chromium (or set PIMON_CHROMIUM)")


def html_to_pdf(html: str, path: Path, timeout: float = 180) -> None:
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="pimon-pdf-") as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(html, encoding="utf-8", errors="replace")
        out = Path(tmp) / "report.pdf"
        cmd = [exe, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ConfigError(f"Chromium did not print {path.name} within {timeout:g} s") from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise ConfigError(f"Chromium could not print {path.name} (exit {proc.returncode}): {tail[0][:300]}")
        shutil.move(str(out), path)


def write_pdf(data: ReportData, path: Path) -> None:
    from monitor.reports.html import render_html

    html_to_pdf(render_html(data, print_mode=True), path)
