"""pimon: dynamic privacy-compliance monitor for Android apps."""

#: The one place pimon's version is written: pyproject.toml reads it (dynamic version), and the CLI
#: (`pimon --version`), the store (runs.pimon_version) and every report take it from here.
__version__ = "0.1.0"
