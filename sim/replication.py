"""One replication, end to end: build the model, simulate, assemble and check the results.

Plain data in, plain data out (safe for process pools and dask workers). This module sits
downstream of the model: the model simulates, :mod:`sim.results` turns its collectors
into a :class:`~sim.results.ReplicationResult`, :mod:`sim.invariants` checks the money.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from sim.invariants import check_end_of_run
from sim.model import Model
from sim.results import ReplicationResult, assemble

if TYPE_CHECKING:
    from sim.scenario import Scenario


def run_model(model: Model) -> ReplicationResult:
    """Simulate ``model`` and return its checked results (raises ``InvariantError``)."""
    model.simulate()
    return check_end_of_run(model, assemble(model))


def run_replication(
    scenario: Scenario, seed: int, replication: int, event_log: bool = False
) -> ReplicationResult:
    """Run one replication; plain data in, plain data out (safe for process pools)."""
    # The cyclic collector would walk every live household again and again (allocation
    # triggers it) although a replication makes almost no cyclic garbage: pause it for the
    # run (~8 % faster, more at scale). The model's own cycles are broken afterwards
    # (:meth:`Model.release`), so reference counting frees it and no collection is needed.
    was_enabled = gc.isenabled()
    gc.disable()
    model = Model(scenario, seed, replication, event_log=event_log)
    try:
        return run_model(model)
    finally:
        model.release()
        if was_enabled:
            gc.enable()
