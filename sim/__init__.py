"""Boligflyt: households flowing through a municipality's social-housing system.

Public API (the CLI, the dashboard and the notebooks use only these):

- :func:`load_scenario`, :func:`load_scenario_text`, :class:`Scenario`, :class:`ScenarioError`
- :func:`run` (replications, summarised) and :func:`run_replication` (one, plain data)
- :func:`compare` and :func:`paired_differences` for comparisons on common random numbers
- :func:`scenario_from_dict` to validate edited data (the dashboard)

The names are imported on first use (PEP 562): ``import sim`` alone loads nothing, so a
command that only reads a scenario (``boligflyt validate``) does not pay for SimPy, the
model and the runner.

The model's hot path runs compiled when a fresh ``make compile`` build is present, else as
pure Python (:mod:`sim.native` decides, before any of its modules is imported).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from sim import native as _native
from sim.lazy import lazy_getattr

_native.activate()

if TYPE_CHECKING:
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

#: public name -> the module that defines it
_WHERE = {
    "KPI_RULES": "sim.catalog",
    "METRIC_DOCS": "sim.catalog",
    "YEARLY_METRICS": "sim.catalog",
    "Comparison": "sim.compare",
    "compare": "sim.compare",
    "InvariantError": "sim.errors",
    "Problem": "sim.loader",
    "ScenarioError": "sim.loader",
    "load_scenario": "sim.loader",
    "load_scenario_text": "sim.loader",
    "scenario_from_dict": "sim.loader",
    "scenario_to_yaml": "sim.loader",
    "run_replication": "sim.replication",
    "Aggregate": "sim.results",
    "ReplicationResult": "sim.results",
    "paired_differences": "sim.results",
    "ReplicationsFailed": "sim.runner",
    "RunResult": "sim.runner",
    "run": "sim.runner",
    "Scenario": "sim.scenario",
    "__version__": "sim.version",
}

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


__getattr__ = lazy_getattr(__name__, _WHERE, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


class _Package(types.ModuleType):
    """``sim.compare`` is the function, not the module ``sim/compare.py`` of the same name.

    Importing a submodule binds it on its package; the eager imports this file used to make
    rebound the function afterwards. Lazily there is no afterwards, so the binding of that
    one submodule is refused here (``from sim.compare import Comparison`` still works: it
    reads ``sys.modules``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "compare" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
