"""monitor.run.freeze_startup: a process's first run leaves its start-up objects out of the collector's passes."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc, json
import monitor.run as run
before = (gc.get_freeze_count(), gc.get_threshold()[0])
run.freeze_startup()
first = (gc.get_freeze_count(), gc.get_threshold()[0])
junk = [[i] for i in range(50_000)]  # alive after the first freeze
run.freeze_startup()  # once per process: the second run freezes nothing more
second = (gc.get_freeze_count(), gc.get_threshold()[0])
print(json.dumps([before, first, second]))
"""


def test_first_run_freezes_start_up_objects_once_and_collects_the_young_less_often():
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout
    import json

    (frozen0, young0), (frozen1, young1), (frozen2, young2) = json.loads(out)
    assert frozen0 == 0 and young0 == 700  # CPython's defaults: nothing done at import
    assert frozen1 > 20_000  # the modules a run imports, and everything they made
    assert young1 == 10_000
    assert (frozen2, young2) == (frozen1, young1)
