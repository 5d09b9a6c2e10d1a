"""pimon: dynamic privacy-compliance monitor for Android apps."""
__version__ = "0.1.0"
