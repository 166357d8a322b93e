"""Analyses for the three users, built on :mod:`sim`'s public API (see docs/ANALYSES.md).

One module per analysis:

- :mod:`sim.analysis.comparison`: paired comparison on common random numbers, CRN's gain
- :mod:`sim.analysis.replications`: add replications until the KPIs are precise enough
- :mod:`sim.analysis.sweep`: parameter sweeps, the budget verdict and goal-seeking
- :mod:`sim.analysis.documents`: the generated documents (`boligflyt docs --all`)
- :mod:`sim.analysis.sizing`: the smallest stock plan meeting service targets each year
- :mod:`sim.analysis.tilvisning`: tilvisning agreements against buying (workshops)
- :mod:`sim.analysis.uncertainty`: ensembles over uncertain inputs, fan charts
- :mod:`sim.analysis.sensitivity`: Morris and Sobol sensitivity with SALib

Every analysis takes ``workers`` (a process pool) or a ``mapper`` (any backend that maps a
function over plain-data tasks, such as a :class:`sim.backends.Backend` for dask), see
:func:`sim.analysis.common.evaluate`.

The names are imported on first use (PEP 562), so ``boligflyt validate`` and the other
commands load only the analysis they run.
"""

import sys
import types
from typing import TYPE_CHECKING, Any

from sim.lazy import lazy_getattr

if TYPE_CHECKING:
    from sim.analysis.common import (
        HEADLINE_KPIS,
        Sample,
        Target,
        evaluate,
        mean_ci,
        paired,
        parse_targets,
        process_pool_mapper,
        with_changes,
    )
    from sim.analysis.comparison import comparison_rows, comparison_text, crn_ratio, paired_compare
    from sim.analysis.replications import PrecisionReport, run_to_precision
    from sim.analysis.sensitivity import Param, SensitivityResult, sensitivity
    from sim.analysis.sizing import SizingResult, size_stock
    from sim.analysis.sweep import (
        GoalSeekResult,
        ShareVerdict,
        SweepResult,
        goal_seek,
        judge_shares,
        share_curve,
        share_verdict,
        sweep,
    )
    from sim.analysis.tilvisning import (
        agreement,
        buy_instead,
        husbanken,
        no_agreement,
        selvaag,
        with_agreement,
        workshop,
        workshop_text,
        workshop_variants,
    )
    from sim.analysis.uncertainty import EnsembleResult, UncertainInputs, ensemble

#: public name -> the module that defines it
_WHERE = {
    "HEADLINE_KPIS": "sim.analysis.common",
    "Sample": "sim.analysis.common",
    "Target": "sim.analysis.common",
    "evaluate": "sim.analysis.common",
    "mean_ci": "sim.analysis.common",
    "paired": "sim.analysis.common",
    "parse_targets": "sim.analysis.common",
    "process_pool_mapper": "sim.analysis.common",
    "with_changes": "sim.analysis.common",
    "comparison_rows": "sim.analysis.comparison",
    "comparison_text": "sim.analysis.comparison",
    "crn_ratio": "sim.analysis.comparison",
    "paired_compare": "sim.analysis.comparison",
    "PrecisionReport": "sim.analysis.replications",
    "run_to_precision": "sim.analysis.replications",
    "Param": "sim.analysis.sensitivity",
    "SensitivityResult": "sim.analysis.sensitivity",
    "sensitivity": "sim.analysis.sensitivity",
    "SizingResult": "sim.analysis.sizing",
    "size_stock": "sim.analysis.sizing",
    "GoalSeekResult": "sim.analysis.sweep",
    "ShareVerdict": "sim.analysis.sweep",
    "SweepResult": "sim.analysis.sweep",
    "goal_seek": "sim.analysis.sweep",
    "judge_shares": "sim.analysis.sweep",
    "share_curve": "sim.analysis.sweep",
    "share_verdict": "sim.analysis.sweep",
    "sweep": "sim.analysis.sweep",
    "agreement": "sim.analysis.tilvisning",
    "buy_instead": "sim.analysis.tilvisning",
    "husbanken": "sim.analysis.tilvisning",
    "no_agreement": "sim.analysis.tilvisning",
    "selvaag": "sim.analysis.tilvisning",
    "with_agreement": "sim.analysis.tilvisning",
    "workshop": "sim.analysis.tilvisning",
    "workshop_text": "sim.analysis.tilvisning",
    "workshop_variants": "sim.analysis.tilvisning",
    "EnsembleResult": "sim.analysis.uncertainty",
    "UncertainInputs": "sim.analysis.uncertainty",
    "ensemble": "sim.analysis.uncertainty",
}

__all__ = [
    "HEADLINE_KPIS",
    "EnsembleResult",
    "GoalSeekResult",
    "Param",
    "PrecisionReport",
    "Sample",
    "SensitivityResult",
    "ShareVerdict",
    "SizingResult",
    "SweepResult",
    "Target",
    "UncertainInputs",
    "agreement",
    "buy_instead",
    "comparison_rows",
    "comparison_text",
    "crn_ratio",
    "ensemble",
    "evaluate",
    "goal_seek",
    "husbanken",
    "judge_shares",
    "mean_ci",
    "no_agreement",
    "paired",
    "paired_compare",
    "parse_targets",
    "process_pool_mapper",
    "run_to_precision",
    "selvaag",
    "sensitivity",
    "share_curve",
    "share_verdict",
    "size_stock",
    "sweep",
    "with_agreement",
    "with_changes",
    "workshop",
    "workshop_text",
    "workshop_variants",
]
#: public functions named like their module (``sweep``, ``sensitivity``): the name is the function
_SHADOWED = frozenset(n for n, m in _WHERE.items() if m == f"{__name__}.{n}")


__getattr__ = lazy_getattr(__name__, _WHERE, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


class _Package(types.ModuleType):
    """``sim.analysis.sweep`` is the function, as it was when this file imported eagerly:
    importing the submodule of the same name does not rebind it (``sys.modules`` has the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
