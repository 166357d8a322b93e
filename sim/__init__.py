"""Boligflyt: households flowing through a municipality's social-housing system.

Public API (the CLI, the dashboard and the notebooks use only these):

- :func:`load_scenario`, :func:`load_scenario_text`, :class:`Scenario`, :class:`ScenarioError`
- :func:`run` (replications, summarised) and :func:`run_replication` (one, plain data)
- :func:`compare` and :func:`paired_differences` for comparisons on common random numbers
- :func:`scenario_from_dict` to validate edited data (the dashboard)

The model's hot path runs compiled when a fresh ``make compile`` build is present, else as
pure Python (:mod:`sim.native` decides, before anything else is imported).
"""

from sim import native as _native

_native.activate()

from sim.catalog import KPI_RULES, METRIC_DOCS, YEARLY_METRICS
from sim.compare import Comparison, compare
from sim.errors import InvariantError
from sim.loader import (
    Problem,
    ScenarioError,
    load_scenario,
    load_scenario_text,
    scenario_from_dict,
    scenario_to_yaml,
)
from sim.replication import run_replication
from sim.results import Aggregate, ReplicationResult, paired_differences
from sim.runner import ReplicationsFailed, RunResult, run
from sim.scenario import Scenario
from sim.version import __version__

__all__ = [
    "KPI_RULES",
    "METRIC_DOCS",
    "YEARLY_METRICS",
    "Aggregate",
    "Comparison",
    "InvariantError",
    "Problem",
    "ReplicationResult",
    "ReplicationsFailed",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "compare",
    "load_scenario",
    "load_scenario_text",
    "paired_differences",
    "run",
    "run_replication",
    "scenario_from_dict",
    "scenario_to_yaml",
]
