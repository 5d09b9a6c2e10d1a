"""Scenarios: the YAML/Python scenario language, consent-dialog detection and the engine.

Public API: ``load_scenario``, ``run_scenario``, ``ScenarioContext``, ``load_suite``,
``detect_consent``, ``detect_permission`` (see docs/scenarios.md).
"""

from monitor.scenarios.context import ScenarioContext
from monitor.scenarios.detect import detect_consent, detect_permission
from monitor.scenarios.engine import ScenarioResult, run_scenario
from monitor.scenarios.loader import PythonScenario, load_scenario
from monitor.scenarios.model import Scenario
from monitor.scenarios.suite import load_suite

__all__ = ["PythonScenario", "Scenario", "ScenarioContext", "ScenarioResult", "detect_consent", "detect_permission",
           "load_scenario", "load_suite", "run_scenario"]
