"""frida-server dying / the USB link going away mid-run, with a real *remote* Frida connection.

A frida-server cannot run here, but Frida's PortalService can: a local process joins the portal's
cluster endpoint and pimon reaches it through ``add_remote_device`` on the control endpoint — the
same remote-device path as frida-server behind ``adb forward``. Between the two sits a TCP relay
standing in for the adb forward; cutting it drops the connection the way a dying frida-server or
a pulled cable does (``connection-terminated``)."""

from __future__ import annotations

import queue
import socket
import threading

import frida
import pytest

from monitor.devices.android.app import AndroidApp
from monitor.devices.android.device import AndroidDevice
from monitor.errors import AppCrashed, DeviceError


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Relay:
    """127.0.0.1:port -> 127.0.0.1:target, like ``adb forward``; ``cut()`` drops every connection."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                a, _ = self.listener.accept()
            except OSError:
                return
            b = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [a, b]
            for src, dst in ((a, b), (b, a)):
                threading.Thread(target=self._copy, args=(src, dst), daemon=True).start()

    @staticmethod
    def _copy(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass

    def cut(self) -> None:
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.fixture
def remote():
    """A sleeping process reachable only through a remote Frida device (a portal on loopback)."""
    cluster, control = free_port(), free_port()
    portal = frida.PortalService(
        frida.EndpointParameters("127.0.0.1", cluster), frida.EndpointParameters("127.0.0.1", control)
    )
    portal.start()
    local = frida.get_local_device()
    pid = local.spawn(["/bin/sleep", "60"])  # gated: attaching to a process still exec'ing is racy
    node = local.attach(pid)
    node.join_portal(f"127.0.0.1:{cluster}")
    relay = Relay(control)
    device = frida.get_device_manager().add_remote_device(f"127.0.0.1:{relay.port}")
    try:
        local.resume(pid)
        yield relay, device, pid
    finally:
        relay.cut()
        try:
            local.kill(pid)
        except frida.ProcessNotFoundError:
            pass
        manager = frida.get_device_manager()
        for stop in (portal.stop, lambda: manager.remove_remote_device(f"127.0.0.1:{relay.port}")):
            try:
                stop()
            except frida.InvalidOperationError:  # already stopped by the test / already gone
                pass


@pytest.mark.parametrize("cause", ["frida-server-died", "usb-unplugged"])
def test_connection_loss_ends_the_app_with_a_diagnosis(cause, remote, phone, client, adb_server):
    relay, fd, pid = remote
    phone.processes["frida-server"] = 4711
    android = AndroidDevice(phone.serial, client=client, frida_device=fd)
    events: queue.Queue = queue.Queue()
    app = AndroidApp(android, fd, "com.example.app", pid, events.put)
    if cause == "frida-server-died":
        del phone.processes["frida-server"]
        expected = "frida-server on R5CT1234 died (events so far are kept)"
    else:
        del adb_server.devices[phone.serial]
        expected = "R5CT1234 disconnected (adb state: absent)"

    relay.cut()  # the forwarded connection to "frida-server" goes away

    exit_event = events.get(timeout=10)
    assert exit_event.kind == "exit" and exit_event.data["reason"] == "connection-terminated"
    assert expected in exit_event.data["lost"]
    assert not app.alive
    with pytest.raises(DeviceError, match=expected.split(" (")[0]):
        app.wait_exit(timeout=1)


def test_gadget_route_attaches_through_adb_forward_and_loads_the_agent(phone, client, adb_server, tmp_path):
    """Unrooted phones: the app carries Frida's gadget, listening on the device's 127.0.0.1:27042.
    Stand-in: a local process joined to a PortalService (the same remote protocol a gadget speaks),
    the fake adb server's `adb forward` relaying to it. No frida-server runs on the phone."""
    import time

    from monitor.instrument.session import InstrumentationSession

    cluster, control = free_port(), free_port()
    portal = frida.PortalService(
        frida.EndpointParameters("127.0.0.1", cluster), frida.EndpointParameters("127.0.0.1", control)
    )
    portal.start()
    local = frida.get_local_device()
    pid = local.spawn(["/bin/sleep", "60"])
    try:
        local.attach(pid).join_portal(f"127.0.0.1:{cluster}")
        local.resume(pid)
        phone.packages["com.example.patched"] = "/data/app/patched/base.apk"
        android = AndroidDevice(phone.serial, client=client, gadget=True)
        phone.tcp_ports[27042] = control  # the gadget listens only once the app has started
        app = android.spawn("com.example.patched")
        assert app.pid == pid and "monkey -p com.example.patched -c android.intent.category.LAUNCHER 1" in phone.commands
        assert "frida-server" not in " ".join(phone.commands)  # not looked for: there is none
        got = []
        session = InstrumentationSession(android.frida_device(), [], got.extend)
        session.attach(app.pid)
        ready = session.load(timeout=30)
        assert ready.runtime == "none" and not session.errors
        app.release()
        session.close()
        t0 = time.monotonic()
        phone.tcp_ports.pop(27042)  # an APK without the gadget: nothing ever answers
        android2 = AndroidDevice(phone.serial, client=client, gadget=True)
        with pytest.raises(AppCrashed, match="no Frida gadget answered .* gadget-patched"):
            android2._spawn_gadget("com.example.patched", None, timeout=1)
        assert time.monotonic() - t0 < 15
    finally:
        try:
            local.kill(pid)
        except frida.ProcessNotFoundError:
            pass
        portal.stop()
