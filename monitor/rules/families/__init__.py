"""The built-in rule families; importing this package registers every built-in rule."""

from monitor.rules.families import (  # noqa: F401
    consent,
    dialogs,
    exits,
    frequency,
    local,
    permissions,
    policy,
    selfstart,
    sensitive,
    traffic,
)
