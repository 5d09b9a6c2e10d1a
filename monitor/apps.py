"""Which app a run is about: an app reference (a fixture name, an app file, a package) resolved to an installed
package. Kept apart from :mod:`monitor.run` (which imports the store) so that the runner can install and start the
first run's app while the rest of pimon is still being imported (``monitor.launch``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from monitor.devices.base import Device

log = logging.getLogger(__name__)


def app_file_of(app: str) -> Path | None:
    """The app file an app reference names (an existing ``.apk``/``.jar``), else None (a fixture or a package)."""
    path = Path(app)
    return path if path.suffix in (".jar", ".apk") and path.is_file() else None


def app_inventory(path: str | Path) -> Any:
    """``monitor.inspect.inspect_file``, memoised per file content (size, mtime): a file given with ``--apk`` is
    validated by the CLI, installed by :func:`resolve_app` and inventoried at the end of its run, once."""
    p = Path(path).resolve()
    try:
        st = p.stat()
    except OSError:
        st = None
    key = (str(p), st.st_size, st.st_mtime_ns) if st else None
    if key is not None and key in _INVENTORIES:
        return _INVENTORIES[key]
    from monitor.inspect import inspect_file

    inv = inspect_file(path)
    if key is not None:
        if len(_INVENTORIES) >= 8:  # a few app files per plan: keep memory bounded
            _INVENTORIES.pop(next(iter(_INVENTORIES)))
        _INVENTORIES[key] = inv
    return inv


_INVENTORIES: dict[tuple[str, int, int], Any] = {}


def resolve_app(device: Device, app: str) -> str:
    """An app given as a fixture name (emulator), an app file, or a package name -> installed package.

    An app file (``.apk`` on Android, a pimon app ``.jar`` on the emulator) is validated by its static
    inventory (``ConfigError`` naming the file when it is not an app), installed, and its package is the
    inventory's."""
    from monitor.errors import AppNotFound, ConfigError

    path = app_file_of(app)
    if path is not None:
        inv = app_inventory(path)
        want = "pimon-jar" if device.kind == "emulator" else "apk"
        if inv.format != want:
            what = "a pimon app .jar (emulator/README.md)" if want == "pimon-jar" else "an Android .apk"
            this = "an Android APK" if inv.format == "apk" else "a pimon emulator app jar"
            raise ConfigError(f"the {device.kind} runs {what}; this is {this}", path=str(path))
        installed = device.install(path)
        if installed != inv.package:
            log.warning("%s: the device installed %s, the manifest says %s", path, installed, inv.package)
        return inv.package
    if device.is_installed(app):
        return app
    install_fixture = getattr(device, "install_fixture", None)
    if install_fixture is not None:
        return install_fixture(app)
    raise AppNotFound(f"app {app!r} is not installed on {device.kind} {device.serial}")


__all__ = ["app_file_of", "app_inventory", "resolve_app"]
