"""What a scenario needs from the run: the ``ScenarioContext`` protocol.

The run orchestrator (``monitor/run.py``) implements it; the engine and Python scenarios only use
this. Timestamps are the orchestrator's business: a consent transition takes effect at the time of
the action it names (``record_consent(state, action_id)``), or at the call itself when
``action_id`` is None.

Action kinds the engine records (``record_action(kind, ...)``):
``launch``, ``relaunch``, ``tap``, ``type``, ``back``, ``home``, ``foreground``, ``scroll``,
``consent-checkbox``, ``consent-agree``, ``consent-refuse``, ``consent-refuse-confirm``,
``consent-withdraw``, ``permission-grant``, ``permission-deny``. Each is recorded *before* the
device acts, so what the app does in response always comes after its cause on the timeline.
``back``/``home`` are the user leaving the app on purpose (PI-7.3-FORCED-EXIT looks for them);
``permission-deny`` and ``consent-refuse`` are the refusals it measures from.
Dialog kinds (``record_dialog``): ``consent``, ``refuse-confirm``, ``permission``.
Consent states (``record_consent``): ``pre-consent``, ``consented``, ``refused``, ``withdrawn``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from monitor.devices.base import UiDriver


@runtime_checkable
class ScenarioContext(Protocol):
    ui: UiDriver
    package: str

    def launch(self, *, cold: bool = True, clear_data: bool = False) -> None:
        """Start the app (gated spawn, agent attached, then released) and return once it runs.
        ``cold``: stop a running process first; otherwise bring a running app back to the
        foreground (start it if it is not running). ``clear_data``: as a first install."""

    def relaunch(self) -> None:
        """Stop the app and cold-start it again, keeping its data."""

    def reboot(self) -> None:
        """Reboot the device; the app is *not* started by the user afterwards (only by the system
        if it registered for BOOT_COMPLETED, which the orchestrator instruments)."""

    def record_action(self, kind: str, target: dict[str, Any] | None, evidence_xml: str | None) -> int:
        """Store a UI action (before it happens) and return its id."""

    def record_consent(self, state: str, action_id: int | None) -> None:
        """A consent transition caused by that action."""

    def record_dialog(self, kind: str, preselected: bool, evidence_xml: str | None) -> None:
        """A dialog was seen on screen; ``preselected``: its consent checkbox was already checked."""

    def mark(self, note: str) -> None:
        """A free-form note on the timeline."""

    def observe(self, seconds: float) -> None:
        """Let the app run for that long while events are recorded; return early if it died."""

    def app_alive(self) -> bool:
        """Whether the app's process is running."""
