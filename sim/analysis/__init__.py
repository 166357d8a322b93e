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
"""

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
