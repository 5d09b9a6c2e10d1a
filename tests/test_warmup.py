"""monitor.warmup: what a run's end needs, prepared while the scenario waits."""

from __future__ import annotations

import importlib

from monitor import warmup
from monitor.reports import WRITERS, html


def test_plan_adds_each_format_writer_and_ignores_unknown_formats():
    assert warmup.plan(("json", "html")) == list(warmup.END_MODULES)
    assert warmup.plan(("xlsx", "nope"))[-1] == "monitor.reports.xlsx"
    assert set(warmup.FORMAT_MODULES) <= set(WRITERS)  # a renamed format would silently lose its warm-up


def test_every_planned_module_exists():
    # a module renamed away would make the warm-up fail silently (it ignores errors): import them all here
    for name in warmup.plan(tuple(WRITERS)):
        importlib.import_module(name)


def test_prepare_compiles_the_report_templates_once_for_every_language():
    warmup.prepare(("html",), "en")
    keys = set(html._COMPILED._code)
    assert len(keys) >= len(warmup.TEMPLATES)
    env = html._env("zh-CN")  # another language reuses the code (gettext is looked up when rendering)
    for name in warmup.TEMPLATES:
        env.get_template(name)
    assert set(html._COMPILED._code) == keys


def test_start_returns_a_daemon_thread_that_ends():
    thread = warmup.start(("json",), None)
    thread.join(timeout=60)
    assert thread.daemon and not thread.is_alive()
