"""The consent timeline: phases (unknown -> pre-consent -> consented/refused -> withdrawn), foreground
state and restarts over one run, as pure data. ``Store.load_timeline(run_id)`` builds one from the
database; :func:`timeline_from_dict` from plain data (rule examples, tests)."""

from monitor.timeline.loader import load_timeline_file, timeline_from_dict
from monitor.timeline.model import (
    PHASES,
    Call,
    ConsentTransition,
    Dialog,
    Frame,
    Lifecycle,
    Mark,
    NetFlow,
    Segment,
    UiAction,
)
from monitor.timeline.timeline import Timeline

__all__ = [
    "PHASES", "Call", "ConsentTransition", "Dialog", "Frame", "Lifecycle", "Mark", "NetFlow", "Segment",
    "Timeline", "UiAction", "load_timeline_file", "timeline_from_dict",
]
