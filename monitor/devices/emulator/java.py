"""Finding the JDK tools the emulator needs: ``java`` (and ``keytool`` for the CA store)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from monitor.errors import ToolMissing

INSTALL_HINT = "install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) or run `make setup`"


def find_tool(name: str) -> str:
    """Absolute path of a JDK tool: ``$JAVA_HOME/bin/<name>`` first, then ``PATH``; ToolMissing if neither."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return str(Path(found).resolve())
    where = f"JAVA_HOME={home!r} has no bin/{name} and it is not on PATH" if home else f"{name} is not on PATH"
    raise ToolMissing(f"the emulator needs a Java runtime: {where}; {INSTALL_HINT}")


def find_java() -> str:
    return find_tool("java")


def find_keytool() -> str:
    """keytool next to the java in use (a JRE may lack it on PATH)."""
    java = Path(find_java())
    sibling = java.parent / "keytool"
    if sibling.is_file():
        return str(sibling)
    return find_tool("keytool")
