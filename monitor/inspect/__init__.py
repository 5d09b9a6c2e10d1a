"""Static inventory of an APK or a pimon emulator app jar: manifest, permissions, components, SDKs, hosts."""

from monitor.inspect.inventory import build_inventory, inspect_file
from monitor.inspect.model import Inventory

__all__ = ["Inventory", "build_inventory", "inspect_file"]
