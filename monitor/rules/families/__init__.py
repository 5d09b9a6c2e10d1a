"""The built-in rule families; importing this package registers every built-in rule."""

from monitor.rules.families import consent, exits, frequency, permissions, selfstart, traffic  # noqa: F401
