"""The Celery app shared by workers and submitters (configured from a broker URL)."""

from __future__ import annotations

from typing import Any

TASK_NAME = "pimon.run_cell"
DEFAULT_VISIBILITY_TIMEOUT = 4 * 3600  # s: a task whose whole host vanished is redelivered after this


def make_app(broker: str, backend: str | None = None, *, visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT) -> Any:
    """A Celery app for ``broker`` (``redis://host:port/db``); results in ``backend`` (default: the broker).

    ``task_acks_late`` + ``task_reject_on_worker_lost``: a task is acknowledged only when it finished, and a
    worker process that dies mid-task (killed, out of memory, device lost with it) gives the message back at
    once; a host that disappears entirely gets its task redelivered after ``visibility_timeout`` (longer
    than the longest run). One task per worker at a time: prefetch 1, concurrency 1."""
    from celery import Celery

    app = Celery("pimon", broker=broker, backend=backend or broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        worker_concurrency=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_track_started=True,
        result_extended=True,
        result_expires=14 * 86400,
        broker_transport_options={"visibility_timeout": visibility_timeout},
        result_backend_transport_options={"visibility_timeout": visibility_timeout},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_default_queue="pimon.emulator",
        task_create_missing_queues=True,
    )
    return app
