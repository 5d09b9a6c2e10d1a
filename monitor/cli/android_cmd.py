"""``pimon devices | doctor | setup | teardown``: Android phones and AVDs through adb.

Mounted by ``monitor.cli.main`` with ``android_cmd.register(app)``. The adb server is the one in
``ANDROID_ADB_SERVER_HOST``/``ANDROID_ADB_SERVER_PORT`` (default 127.0.0.1:5037); the device is
SERIAL, ``ANDROID_SERIAL``, or the only one attached.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table

from monitor.errors import PimonError
from monitor.textsafe import escape

T = TypeVar("T")
SerialArg = typer.Argument(
    None, help="Device serial (see `pimon devices`); default: $ANDROID_SERIAL or the only one"
)
MARK = {
    "ok": "[green]ok[/green]  ",
    "warn": "[yellow]warn[/yellow]",
    "fail": "[red]FAIL[/red]",
    "skip": "skip",
}


def _guard(fn: Callable[[], T], err: Console) -> T:
    """Run ``fn``; a PimonError becomes one line on stderr and its exit code (no traceback)."""
    try:
        return fn()
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None


def devices_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List attached devices: model, Android version, ABI, root, frida-server and proxy state."""
    from monitor.devices.android import adb, probe

    out, err = Console(), Console(stderr=True)
    found = _guard(lambda: probe.discover(adb.client()), err)
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in found], indent=2))
        return
    if not found:
        out.print("no Android devices attached (USB debugging on? AVD started?)")
        return
    t = Table(title="Android devices", title_justify="left")
    for col in ("serial", "state", "model", "android", "abi", "root", "frida-server", "proxy"):
        t.add_column(col)
    for f in found:
        t.add_row(
            f.serial,
            f.state,
            f.model,
            f"{f.android} (SDK {f.sdk})" if f.sdk else "",
            f.abi,
            f.root or ("no" if f.state == "device" else ""),
            f.frida.summary if f.frida else "",
            f.proxy or ("none" if f.state == "device" else ""),
        )
    out.print(t)


def doctor_cmd(
    serial: str | None = SerialArg,
    proxy_port: int | None = typer.Option(
        None, help="Port of pimon's proxy on this host (default: the one `pimon setup` chose, else 8080)."
    ),
    ca: Path | None = typer.Option(None, help="CA certificate (PEM); default: pimon's mitmproxy CA."),
) -> None:
    """Check this installation (agent, scenarios, emulator, Java) and every prerequisite of an Android
    device; each failing one prints what is wrong and how to fix it. Without an adb server, and with
    no SERIAL or ANDROID_* setting asking for one, the Android checks are skipped."""
    import os

    from monitor.devices.android import adb, doctor
    from monitor.devices.emulator import doctor as host_doctor

    out, err = Console(soft_wrap=True), Console(stderr=True)
    checks = host_doctor.run()
    asked = serial is not None or any(os.environ.get(k) for k in (
        "ANDROID_SERIAL", "ANDROID_ADB_SERVER_HOST", "ANDROID_ADB_SERVER_PORT"))
    android = asked or adb.server_reachable(*adb.server_address())
    if android:
        checks += _guard(
            lambda: doctor.run(doctor.DoctorOptions(serial=serial, proxy_port=proxy_port, ca_pem=ca)), err
        )
    else:
        host, port = adb.server_address()
        checks.append(doctor.Check("android", "skip", f"no adb server on {host}:{port}: no Android device "
                                   "checked (the embedded emulator needs none; `adb start-server` for phones)"))
    for c in checks:
        out.print(f"{MARK[c.status]} {c.name:<21} {escape(c.message)}")
        if c.fix and c.status in ("fail", "warn"):
            out.print(f"       {'':<21} fix: {escape(c.fix)}")
    failed = [c for c in checks if c.status == "fail"]
    out.print(f"{len(failed)} problem(s)" if failed else ("device ready" if android else "emulator ready"))
    if failed:
        raise typer.Exit(2)


def setup_cmd(
    serial: str | None = SerialArg,
    frida_server: Path | None = typer.Option(
        None,
        "--frida-server",
        help="Local frida-server (.xz as released, or the binary); "
        "default: download the host's version for the device ABI.",
    ),
    proxy_port: int = typer.Option(8080, help="Port of pimon's proxy on this host."),
    ca: Path | None = typer.Option(None, help="CA certificate (PEM); default: pimon's mitmproxy CA."),
    frida: bool = typer.Option(True, "--frida/--no-frida", help="Push and start frida-server."),
    install_ca: bool = typer.Option(True, "--with-ca/--no-ca", help="Trust the proxy's CA."),
    proxy: bool = typer.Option(True, "--proxy/--no-proxy", help="Route HTTP(S) to the host proxy."),
    ui: bool = typer.Option(True, "--ui/--no-ui", help="Install and start the uiautomator2 agent."),
    force: bool = typer.Option(False, "--force", help="Push frida-server even if it looks right."),
) -> None:
    """Make a device ready for pimon; every change is recorded so `pimon teardown` can undo it."""
    from monitor.devices.android import adb, provision

    out, err = Console(soft_wrap=True), Console(stderr=True)
    opts = provision.SetupOptions(
        proxy_port=proxy_port,
        frida_server=frida_server,
        ca_pem=ca,
        frida=frida,
        ca=install_ca,
        proxy=proxy,
        ui=ui,
        force=force,
    )
    dev = _guard(lambda: adb.pick(adb.client(), serial), err)
    for note in _guard(lambda: provision.setup(dev, opts), err):
        out.print(f"- {escape(note)}")
    out.print(f"{dev.serial} ready; `pimon teardown {dev.serial}` undoes these changes")


def teardown_cmd(serial: str | None = SerialArg) -> None:
    """Undo what `pimon setup` changed on a device (proxy, adb reverse, CA, frida-server, agent)."""
    from monitor.devices.android import adb, undo

    out, err = Console(soft_wrap=True), Console(stderr=True)
    dev = _guard(lambda: adb.pick(adb.client(), serial), err)
    for note in _guard(lambda: undo.teardown(dev), err):
        out.print(f"- {escape(note)}")


def selftest_cmd(
    device: str | None = typer.Option(None, "--device", "-d", help="Device serial; default: $ANDROID_SERIAL or the only one."),
    package: str | None = typer.Option(None, "--package", "-p", help="An installed app to spawn, hook and probe."),
    reboot: bool = typer.Option(False, "--reboot", help="Also reboot and check that setup comes back (minutes)."),
    proxy_port: int | None = typer.Option(None, help="Proxy port (default: the one `pimon setup` chose)."),
    out_file: Path | None = typer.Option(None, "--out", help="JSON file (default: pimon-selftest-SERIAL.json here)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON instead of the table."),
) -> None:
    """Exercise every capability on this phone: root, frida-server identity, spawn gating, hooks, CA in
    zygote, proxy route, UI dump, detectors, reboot. A table, and JSON to attach to a bug report."""
    import re

    from monitor.devices.android import selftest
    from monitor.devices.android.device import AndroidDevice

    out, err = Console(soft_wrap=True), Console(stderr=True)
    dev = _guard(lambda: AndroidDevice(device), err)
    report = selftest.run(dev, package=package, reboot=reboot, proxy_port=proxy_port)
    path = out_file or Path(f"pimon-selftest-{re.sub(r'[^A-Za-z0-9._-]', '_', dev.serial)}.json")
    report.write(path)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        t = Table(title=f"pimon selftest {escape(dev.serial)}", title_justify="left")
        for col in ("check", "", "detail"):
            t.add_column(col)
        for c in report.checks:
            t.add_row(c.name, MARK[c.status], escape(c.detail))
        out.print(t)
        out.print(f"JSON: {escape(str(path))}  ·  row for docs/android.md: {escape(report.verified_row())}")
    raise typer.Exit(1 if report.failed else 0)


def register(app: typer.Typer) -> None:
    app.command("selftest")(selftest_cmd)
    app.command("devices")(devices_cmd)
    app.command("doctor")(doctor_cmd)
    app.command("setup")(setup_cmd)
    app.command("teardown")(teardown_cmd)
