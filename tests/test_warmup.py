"""monitor.warmup: what a run's end needs, prepared while the scenario waits."""

from __future__ import annotations

import importlib

import pytest

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


def test_the_store_does_not_load_the_rules_and_the_warm_up_does(tmp_path):
    """A run's start opens the store, which needs only the rules' attribution: the rule configuration's models
    and the built-in families load on first use (``monitor.rules`` is lazy), in the warm-up while the scenario
    waits — not on the run's way to the app's launch, nor after its scenario."""
    import subprocess
    import sys

    probe = ("import sys; from monitor.store import open_store; open_store(sys.argv[1]).close(); "
             "print(sorted(m for m in ('monitor.rules.config', 'monitor.rules.engine', 'monitor.rules.families') "
             "if m in sys.modules)); from monitor import warmup; warmup.prepare(('json',), None); "
             "print(sorted(m for m in ('monitor.rules.config', 'monitor.rules.engine', 'monitor.rules.families') "
             "if m in sys.modules)); from monitor.rules import all_rules, evaluate, load_config; "
             "print(len(all_rules()) > 10, callable(evaluate), callable(load_config))")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "runs.db")], capture_output=True, text=True,
                         timeout=120, check=True).stdout.splitlines()
    assert out == ["[]", "['monitor.rules.config', 'monitor.rules.engine', 'monitor.rules.families']",
                   "True True True"]


def test_the_rules_package_names_what_it_always_did():
    from monitor import rules

    for name in rules.__all__:
        assert getattr(rules, name) is not None and name in dir(rules)
    assert sorted(rules.__all__) == sorted(rules._WHERE)
    with pytest.raises(AttributeError, match="nothing_here"):
        rules.nothing_here  # noqa: B018


def test_prepare_reads_the_data_files_every_report_reads(tmp_path):
    """The SDK database, the articles' texts and the language's catalog are read once per process: by the
    warm-up while the scenario waits, not by the first report after it (a fresh process, so nothing is cached)."""
    import subprocess
    import sys

    probe = ("from monitor.reports.i18n import translations; from monitor.reports.view import article_texts; "
             "from monitor.sdk.db import load; caches = (load, article_texts, translations); "
             "print([f.cache_info().currsize for f in caches]); from monitor import warmup; "
             "warmup.prepare(('json',), 'zh-CN'); print([f.cache_info().currsize for f in caches])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         check=True).stdout.splitlines()
    assert out == ["[0, 0, 0]", "[1, 1, 1]"]


def test_prepare_for_xlsx_reads_the_chinese_catalog_of_its_camille_sheet_too():
    import subprocess
    import sys

    probe = ("from monitor.reports.i18n import translations; from monitor import warmup; "
             "warmup.prepare(('xlsx',), 'en'); print(translations.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         check=True).stdout.split()
    assert out == ["2"]  # English for the report, Chinese for the camille sheet
