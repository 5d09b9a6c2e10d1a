"""Another local user (uid nobody) can neither drive an app through its control channel nor push requests
through a run's proxy; pimon's own connections work. Real emulator JVM, real mitmproxy, real second uid."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from monitor.devices.emulator import EmulatorDevice
from monitor.traffic.proxy import ProxyConfig, TrafficProxy

NOBODY = 65534
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as uid nobody")


def as_nobody(code: str, *args: str) -> str:
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else shutil.which("python3")
    res = subprocess.run([python, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False,
                         user=NOBODY, group=NOBODY, extra_groups=[], cwd="/")
    assert res.returncode == 0, res.stderr
    return res.stdout


CONTROL_PROBE = r"""
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b'{"id": 1, "cmd": "hello"}\n{"id": 2, "cmd": "dump"}\n{"id": 3, "cmd": "release"}\n')
s.settimeout(12)
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print(json.dumps(data.decode(errors="replace")))
"""

PROXY_PROBE = r"""
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST http://collector.example/report HTTP/1.1\r\nHost: collector.example\r\nContent-Length: 2\r\n\r\nhi")
s.settimeout(10)
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print(json.dumps(data.decode(errors="replace")))
"""


def test_control_channel_answers_only_pimon(tmp_path: Path, e2e_build: Path) -> None:
    dev = EmulatorDevice(tmp_path / "device", build_dir=e2e_build)
    try:
        secret = dev.home / "control.secret"
        assert secret.stat().st_mode & 0o777 == 0o600 and dev.home.stat().st_mode & 0o777 == 0o700
        package = dev.install_fixture("compliant")
        proc = dev.spawn(package)  # gated: a stranger who could talk to it could release or dump it
        port = proc.control.port
        seen = json.loads(as_nobody(CONTROL_PROBE, str(port)))
        assert seen == "", seen  # closed without a word: no hello, no dump, no events
        assert not proc.released and proc.alive
        assert proc.request("hello")["package"] == package  # pimon itself still drives it
    finally:
        dev.close()


def test_proxy_refuses_other_users(tmp_path: Path) -> None:
    flows = []
    with TrafficProxy(flows.append, ProxyConfig(confdir=tmp_path / "conf")) as proxy:
        host, port = proxy.address
        answer = json.loads(as_nobody(PROXY_PROBE, str(port)))
        assert "200" not in answer.split("\r\n", 1)[0], answer
        assert flows == []  # nothing another user sent became evidence against the app
        with socket.create_connection((host, port), timeout=10) as s:  # the run's own user is served
            s.sendall(b"POST http://collector.example/report HTTP/1.1\r\nHost: collector.example\r\n"
                      b"Content-Length: 2\r\nConnection: close\r\n\r\nhi")
            reply = s.recv(4096)
        assert reply.startswith(b"HTTP/1.1 200"), reply
    assert [f.host for f in flows] == ["collector.example"]
