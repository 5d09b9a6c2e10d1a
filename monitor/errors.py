"""pimon's one exception tree. Each error knows the CLI exit code it maps to.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config error, 3 run failed.
"""

from __future__ import annotations


class PimonError(Exception):
    """Base of every error pimon raises on purpose. ``str(err)`` is a one-line message for users."""

    exit_code = 3


class ConfigError(PimonError):
    """Bad user input: a malformed scenario, config or URL, an unknown app. Names file:line when it can."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}")


class ToolMissing(PimonError):
    """A tool pimon needs (JDK, adb, frida-server …) is not installed; the message says how to get it."""

    exit_code = 2


class ReportError(PimonError):
    """A report or database file could not be written (full disk, permissions): exit code 3, one line."""


class DeviceError(PimonError):
    """Something went wrong talking to a device."""


class DeviceNotFound(DeviceError):
    exit_code = 2


class AppNotFound(DeviceError):
    """The app/package/fixture is not installed or does not exist."""

    exit_code = 2


class ControlTimeout(DeviceError):
    """The device did not answer in time (control channel, UI wait, agent ready)."""


class AppCrashed(DeviceError):
    """The app process ended unexpectedly; carries its exit code and the tail of its stderr."""

    def __init__(self, message: str, *, exit_code: int | None = None, stderr_tail: str = "") -> None:
        self.process_exit_code = exit_code
        self.stderr_tail = stderr_tail
        super().__init__(message)


class UiUnreadable(PimonError):
    """A scenario step could not read the screen (empty dump, secure window, a Flutter/game canvas): the
    run ends as ``ui-unreadable`` with a screenshot as evidence, never as a finding."""


class InstrumentationError(PimonError):
    """Frida could not attach, load the agent, or the agent failed."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (``monitor.cli.main`` installs the handler; a run in progress is closed as
    interrupted, evaluated, sealed and reported)."""
