"""Test-session wiring shared by every test directory."""

from __future__ import annotations

from typing import Any


def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    """``-n N`` with ``--dist load`` (``make test``): whole test modules as work units, largest first, and the
    e2e run matrix (tests/e2e/matrix.py; three modules' tests sharing one batch of runs) as one unit, so
    module- and session-scoped runs are made once, not once per worker. Other ``--dist`` modes are xdist's own."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    from tests.e2e.matrix import GROUP, is_matrix_test

    class ModuleAndMatrixScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return GROUP if is_matrix_test(nodeid) else nodeid.split("::", 1)[0]

    return ModuleAndMatrixScheduling(config, log)
