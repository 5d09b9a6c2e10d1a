"""Many devices through Celery + Redis: ``pimon worker`` (one Celery worker per device) and
``pimon suite run SUITE --queue redis://…`` (fans a suite out as tasks, one combined report).

* ``app.py`` — the Celery app: ``acks_late``, ``reject_on_worker_lost``, prefetch 1, JSON only.
* ``queues.py`` — device capabilities -> queue names, and a suite cell's device requirement -> its queue.
* ``tasks.py`` — the one task, ``pimon.run_cell``: calls the run service (``monitor.run.execute_run``);
  idempotent per task id; an attempt a dead worker left ``running`` is stored as ``lost``.
* ``worker.py`` — ``python -m monitor.fleet.worker`` (one device, concurrency 1) and the supervisor
  behind ``pimon worker --device …`` (one such process per device).
* ``submit.py`` — the submitting side: tasks with idempotent ids, progress, the combined report.
"""
