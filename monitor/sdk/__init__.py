"""SDK database (package prefixes, domains, native libraries, vendor, source) and matchers."""

from monitor.sdk.db import Sdk, SdkDatabase, load

__all__ = ["Sdk", "SdkDatabase", "load"]
