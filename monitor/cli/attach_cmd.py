"""``pimon attach PACKAGE``: live lab mode on a real device — watch events as they come, mark consent
and notes by hand, get the same reports at the end.

Mounted by ``monitor.cli.main`` with ``attach_cmd.register(app)``. On a terminal, single keys act at
once (``d`` dialog shown, ``a`` agreed, ``r`` refused, ``w`` withdrawn, ``n`` note, ``q`` quit).
When stdin is not a terminal (a script, a pipe) it reads one command per line (``a``, ``n some
text``, ``q``); at the end of input it keeps recording until the app exits.
"""

from __future__ import annotations

import queue
import sys
import threading
from pathlib import Path
from typing import Any

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from monitor.errors import PimonError
from monitor.textsafe import escape

Command = tuple[str, str]  # ("key", "a") | ("note", "text") | ("quit", "") | ("eof", "")


def render(snap: dict[str, Any], package: str, run_id: int) -> Group:
    from monitor.devices.android.lab import HELP

    head = Text.assemble(
        (f"pimon attach {package}", "bold"),
        f"  run {run_id}  consent: ",
        (snap["state"], "bold yellow"),
        f"  events: {snap['total']}",
    )
    t = Table(expand=True, title_justify="left")
    for col, kw in (("time", {}), ("api", {"overflow": "fold"}), ("caller", {}), ("pi", {}), ("phase", {})):
        t.add_column(col, **kw)
    for r in snap["recent"]:
        t.add_row(
            f"{(r.ts // 1000) % 86400 // 3600:02d}:{(r.ts // 60000) % 60:02d}:{(r.ts // 1000) % 60:02d}",
            escape(r.api),
            escape(r.caller),
            escape(r.pi),
            r.phase,
        )
    tops = Text(
        "top: "
        + ", ".join(
            f"{a.rsplit('.', 2)[-2] + '.' + a.rsplit('.', 1)[-1] if '.' in a else a} ×{n}"
            for a, n in snap["top_apis"]
        )
    )
    callers = Text("callers: " + ", ".join(f"{c} ×{n}" for c, n in snap["callers"]))
    msgs = [Text(m, style="cyan") for m in snap["messages"]]
    return Group(head, t, tops, callers, *msgs, Text(HELP, style="dim"))


def _lines(stream: Any, out: queue.Queue[Command]) -> None:
    for line in stream:
        line = line.strip()
        if not line:
            continue
        if line[0] == "n" and (len(line) == 1 or line[1] == " "):
            out.put(("note", line[1:].strip()))
        elif line == "q":
            out.put(("quit", ""))
        else:
            out.put(("key", line[0]))
    out.put(("eof", ""))


def _keys(stream: Any, out: queue.Queue[Command], paused: threading.Event) -> None:
    """Single keys from a terminal; ``n`` pauses the live view and reads one line as a note."""
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        while True:
            ch = stream.read(1)
            if not ch or ch == "q":
                out.put(("quit", ""))
                return
            if ch != "n":
                out.put(("key", ch))
                continue
            out.put(("note-prompt", ""))
            paused.wait()  # the live view is stopped: the line can be typed and echoed
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            out.put(("note", stream.readline().strip()))
            tty.setcbreak(fd, termios.TCSANOW)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def attach_cmd(
    package: str = typer.Argument(..., help="The app's package name."),
    serial: str | None = typer.Option(None, "--serial", "-s", help="Device serial."),
    spawn: bool = typer.Option(
        True,
        "--spawn/--running",
        help="Start the app gated (hooks before its first instruction), or attach to the running app.",
    ),
    db: str | None = typer.Option(None, help="Database URL (default: pimon's SQLite file)."),
    out: Path = typer.Option(Path("out"), help="Report directory."),
    formats: str = typer.Option("json,html", help="Report formats, comma-separated."),
) -> None:
    """Record a hand-driven session on a real device, with live events and manual consent marks."""
    err = Console(stderr=True)
    try:
        run_id, status, reason, paths = _attach(
            package, serial, spawn, db, out, formats.split(","), sys.stdin
        )
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    console = Console(soft_wrap=True)
    console.print(f"run {run_id}: {status}{f' ({escape(reason)})' if reason else ''}")
    for fmt, path in paths.items():
        console.print(f"{fmt}: {path}")


def _attach(
    package: str,
    serial: str | None,
    spawn: bool,
    db: str | None,
    out: Path,
    formats: list[str],
    stdin: Any,
    device: Any = None,
) -> tuple[int, str, str | None, dict[str, Path]]:
    from monitor.catalog import load_catalog
    from monitor.devices.android.device import AndroidDevice
    from monitor.devices.android.lab import LabSession
    from monitor.instrument.session import InstrumentationSession
    from monitor.reports import write_reports
    from monitor.rules.engine import analyse_run
    from monitor.store import open_store

    dev = device or AndroidDevice(serial)
    store = open_store(db)
    run_id = store.create_run(package, device_kind="android", device_serial=dev.serial, scenario="manual")
    lab = LabSession(store, run_id, package)
    fd = dev.frida_device()
    proc = None
    session = InstrumentationSession(fd, load_catalog(), on_events=lab.on_events, on_end=lab.on_end)
    status, reason = "completed", None
    try:
        if spawn:
            proc = dev.spawn(package)
            session.attach(proc.pid)
        else:
            session.attach(_running_pid(dev, fd, package))
        session.load(timeout=30)
        if proc is not None:
            proc.release()
        _loop(lab, stdin, package, run_id)
    except PimonError as exc:
        status, reason = "failed", str(exc)
    finally:
        session.close()
        if session.end_reason in ("connection-terminated", "device-lost"):
            status, reason = "detached", dev.diagnose_loss()
        elif session.crash is not None:
            status, reason = "app-crashed", session.crash.summary
        store.finish_run(run_id, status, reason)
    analyse_run(store, run_id)
    return run_id, status, reason, write_reports(store, run_id, out, formats)


def _running_pid(dev: Any, fd: Any, package: str) -> int:
    from monitor.devices.android.probe import pids
    from monitor.errors import AppNotFound

    found = pids(dev.adb, package)
    if not found:
        raise AppNotFound(f"{package} is not running on {dev.serial}; start it, or use --spawn")
    return found[0]


def _loop(lab: Any, stdin: Any, package: str, run_id: int, console: Console | None = None) -> None:
    commands: queue.Queue[Command] = queue.Queue()
    paused = threading.Event()
    tty_mode = hasattr(stdin, "isatty") and stdin.isatty()
    reader = threading.Thread(
        target=_keys if tty_mode else _lines,
        args=(stdin, commands, paused) if tty_mode else (stdin, commands),
        daemon=True,
    )
    reader.start()
    live = (
        Live(
            get_renderable=lambda: render(lab.snapshot(), package, run_id),
            refresh_per_second=4,
            console=console,
        )
        if tty_mode
        else None
    )
    if live is not None:
        live.start()
    try:
        while True:
            try:
                kind, arg = commands.get(timeout=0.2)
            except queue.Empty:
                if lab.ended is not None:  # the app is gone and every command so far is applied
                    return
                continue
            if kind == "quit":
                return
            if kind == "key":
                lab.key(arg)
            elif kind == "note-prompt" and live is not None:
                live.stop()
                live.console.print("note: ", end="")
                paused.set()
            elif kind == "note":
                lab.note(arg)
                if live is not None and paused.is_set():
                    paused.clear()
                    live.start()
            # "eof": no more input; keep recording until the app exits
    finally:
        if live is not None:
            live.stop()


def register(app: typer.Typer) -> None:
    app.command("attach")(attach_cmd)
