"""The run's proxy answers only its own device: a connection from another local user is closed at once.

The proxy listens on loopback, where every account on the host can reach it. On Linux the kernel knows which
user owns each end of a loopback TCP connection (``/proc/net/tcp``, ``/proc/net/tcp6``): :class:`PeerGuard`
(a mitmproxy addon) looks up the connecting socket's owner in ``client_connected`` and kills the connection
unless it is the user the run's device runs as (pimon's own user for the embedded emulator, whose app JVMs
are pimon's children). Elsewhere (no ``/proc``) it lets connections through and says so once.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def _hex_addr(host: str, port: int) -> set[str]:
    """The ``/proc/net/tcp[6]`` spellings of ``host:port`` (little-endian words, as the kernel prints them)."""
    ip = ipaddress.ip_address(host.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    out = set()
    if ip.version == 4:
        out.add(f"{int.from_bytes(ip.packed, 'little'):08X}:{port:04X}")
        mapped = b"\0" * 10 + b"\xff\xff" + ip.packed  # the same peer seen through a dual-stack socket
        out.add("".join(f"{int.from_bytes(mapped[i:i + 4], 'little'):08X}" for i in range(0, 16, 4)) + f":{port:04X}")
    else:
        out.add("".join(f"{int.from_bytes(ip.packed[i:i + 4], 'little'):08X}" for i in range(0, 16, 4)) + f":{port:04X}")
    return out


def socket_owner(peer: tuple[str, int], server: tuple[str, int], proc: Path = Path("/proc/net")) -> int | None:
    """The uid owning the client end ``peer`` of a TCP connection to ``server``; None if it cannot be found."""
    local, remote = _hex_addr(*peer[:2]), _hex_addr(*server[:2])
    for name in ("tcp", "tcp6"):
        try:
            lines = (proc / name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 7 and parts[1] in local and parts[2] in remote:
                return int(parts[7])
    return None


class PeerGuard:
    """mitmproxy addon: kill client connections not owned by ``allowed_uid`` (default: this process's user)."""

    def __init__(self, allowed_uid: int | None = None) -> None:
        self.allowed_uid = os.getuid() if allowed_uid is None else allowed_uid
        # more users whose sockets are the device's (an adb server or an emulator container run by another user)
        self.also = {int(u) for u in os.environ.get("PIMON_PROXY_UIDS", "").split(",") if u.strip().isdigit()}
        self.refused = 0
        self._warned = False

    def client_connected(self, client) -> None:  # client: mitmproxy's connection.Client
        peer, sock = client.peername, client.sockname
        if not peer or not sock:
            return
        uid = socket_owner(peer, sock)
        if uid is None:
            if not Path("/proc/net/tcp").exists():
                if not self._warned:
                    self._warned = True
                    log.warning("pimon proxy: cannot tell who connects here (no /proc/net/tcp); not restricted")
                return
            # on Linux an unknown owner means the peer is not a local socket we can vouch for
            client.error = "pimon: connection refused (unknown local peer)"
            self.refused += 1
            return
        if uid != self.allowed_uid and uid not in self.also:
            client.error = f"pimon: connection refused (uid {uid} is not the run's device)"
            self.refused += 1
