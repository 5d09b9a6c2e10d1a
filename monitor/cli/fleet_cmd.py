"""``pimon worker --device …``: one Celery worker per device (monitor/fleet)."""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli.main import DbOpt, err, guard, out
from monitor.textsafe import escape


def worker_cmd(
    device: list[str] = typer.Option(..., "--device", "-d", help="`emulator` (each gets its own state) or an adb "
                                                                 "serial; repeat for one worker per device."),
    broker: str = typer.Option("redis://127.0.0.1:6379/0", "--broker", "--queue", envvar="PIMON_BROKER",
                               help="Redis URL of the queue."),
    db: str | None = DbOpt,
    visibility_timeout: int = typer.Option(4 * 3600, "--visibility-timeout",
                                           help="Seconds after which a task of a vanished host is redelivered "
                                                "(longer than your longest run)."),
    loglevel: str = typer.Option("INFO", "--loglevel"),
) -> None:
    """Serve suite runs from the queue: one worker (concurrency 1) per device, listening on the device's
    capability queues (pimon.emulator, pimon.android, pimon.android.api34, pimon.serial.<serial>, …)."""
    from monitor.fleet.worker import device_names, supervise

    if not broker.startswith(("redis://", "rediss://")):
        err.print(f"[red]error:[/red] --broker wants a Redis URL (redis://host:port/db), not {escape(broker)!r}")
        raise typer.Exit(2)
    try:
        device_names(device)
    except ValueError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    code = supervise(device, broker, db, visibility_timeout=visibility_timeout, loglevel=loglevel,
                     echo=lambda m: out.print(escape(m)))
    raise typer.Exit(code)


def notify_cmd(
    out_dir: Path = typer.Argument(..., help="A suite report directory (summary.json, diff.json)."),
    to: list[str] = typer.Option(..., "--to", help="dingtalk:URL, wecom:URL, feishu:URL, lark:URL or smtp://… "
                                                   "(repeatable; secrets from $PIMON_DINGTALK_SECRET, "
                                                   "$PIMON_FEISHU_SECRET, $PIMON_SMTP_PASSWORD)."),
    report_url: str | None = typer.Option(None, "--report-url", help="Where the team can open index.html."),
) -> None:
    """Send a suite's new and fixed findings to chat bots and e-mail."""
    from monitor.notify import notify_suite

    guard(lambda: notify_suite(to, out_dir, report_url=report_url, console=out))


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
    app.command("notify")(notify_cmd)
