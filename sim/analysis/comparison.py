"""Paired comparison of scenarios on common random numbers, and how much CRN sharpens it.

:func:`sim.compare` runs the scenarios on the same seeds; this module turns its result into
a table (per KPI: each scenario's mean and 95 % interval, and the paired difference to the
base with its interval) and measures the variance reduction of common random numbers
against independent seeds (:func:`crn_ratio`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.analysis.common import HEADLINE_KPIS, Mapper, evaluate, mean_ci
from sim.analysis.text import fmt_amount, fmt_change, fmt_interval, kpi_heading
from sim.backends import Backend
from sim.compare import Comparison, compare
from sim.runner import RunResult
from sim.scenario import Scenario


def paired_compare(
    scenarios: Sequence[Scenario],
    replications: int = 30,
    seed: int = 1,
    workers: int = 1,
    progress: Any = None,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
) -> Comparison:
    """Run the scenarios on the same seeds; the first is the base (thin wrapper of :func:`sim.compare`).

    ``backend`` and ``scheduler`` choose where the replications run (see :mod:`sim.backends`).
    """
    return compare(
        list(scenarios),
        replications=replications,
        seed=seed,
        workers=workers,
        progress=progress,
        backend=backend,
        scheduler=scheduler,
    )


def comparison_rows(comparison: Comparison, kpis: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One row per KPI and scenario: mean, interval and (except the base) the paired difference."""
    diffs = comparison.differences()
    base = comparison.reference.scenario.name
    rows = []
    summaries = [(r.scenario.name, r.aggregate.kpi_summary()) for r in comparison.results]
    names = list(kpis) if kpis else list(summaries[0][1])
    for kpi in names:
        for i, (name, summ) in enumerate(summaries):
            s = summ.get(kpi, {"mean": None, "ci95": [None, None]})
            row: dict[str, Any] = {
                "kpi": kpi,
                "scenario": name,
                "mean": s["mean"],
                "ci95_low": s["ci95"][0],
                "ci95_high": s["ci95"][1],
            }
            if i > 0:
                d = diffs[comparison.results[i].scenario.name].get(kpi, {})
                row.update(
                    {
                        "diff_to": base,
                        "diff_mean": d.get("mean"),
                        "diff_ci95_low": (d.get("ci95") or [None, None])[0],
                        "diff_ci95_high": (d.get("ci95") or [None, None])[1],
                        "significant": d.get("significant"),
                    }
                )
            rows.append(row)
    return rows


def comparison_text(comparison: Comparison, kpis: Sequence[str] | None = None) -> str:
    """The comparison as a plain-text table (one block per KPI, headed by its unit and
    period; levels as levels, differences labelled as changes against the reference)."""
    kpis = list(kpis) if kpis else list(HEADLINE_KPIS)
    rows = comparison_rows(comparison, kpis)
    ref = comparison.reference
    n = ref.replications
    years = ref.aggregate.years
    first, last = (years[0], years[-1]) if years else (None, None)
    lines = [
        f"{len(comparison.results)} scenarios, {n} replications each, seed {ref.seed} "
        f"(common random numbers); change = scenario - {ref.scenario.name}, with its 95 % interval"
    ]
    width = max(len(r["scenario"]) for r in rows) if rows else 10
    for kpi in kpis:
        lines.append(kpi_heading(kpi, first, last))
        for r in (r for r in rows if r["kpi"] == kpi):
            ci = fmt_interval(kpi, r["ci95_low"], r["ci95_high"]).replace("+", "")
            text = f"  {r['scenario']:{width}s} {fmt_amount(kpi, r['mean']):>22s} {ci:>28s}"
            if "diff_mean" in r:
                star = " *" if r["significant"] else ""
                interval_of = (r["diff_ci95_low"], r["diff_ci95_high"])
                change = fmt_change(kpi, r["diff_mean"], ref.scenario.name, interval_of)
                text += (
                    f"   change {change} {fmt_interval(kpi, r['diff_ci95_low'], r['diff_ci95_high'])}{star}"
                )
            lines.append(text)
    lines.append("* the 95 % interval of the paired change excludes 0")
    return "\n".join(lines)


def crn_ratio(
    base: Scenario,
    variant: Scenario,
    kpi: str = "mean_wait_days",
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    mapper: Mapper | None = None,
) -> dict[str, Any]:
    """How much narrower the difference interval is with common random numbers.

    Runs ``base`` and ``variant`` on the same seed (CRN) and ``variant`` again on an
    independent seed. Returns both 95 % half-widths of the difference in means (paired
    t-interval for CRN; Welch's two-sample interval for independent seeds) and their ratio.
    """
    from scipy import stats

    a, b, b_ind = evaluate(
        [base, variant, variant],
        replications,
        seed=seed,
        workers=workers,
        mapper=mapper,
        seeds=[seed, seed, seed + 1_000_003],
    )
    x, y, z = a.kpis[kpi], b.kpis[kpi], b_ind.kpis[kpi]
    crn = mean_ci(y - x)
    n = len(x)
    va, vb = np.var(x, ddof=1) / n, np.var(z, ddof=1) / n
    se = math.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1)) if va + vb > 0 else n - 1
    hw_ind = float(stats.t.ppf(0.975, dof) * se)
    hw_crn = crn["half_width"] or 0.0
    return {
        "kpi": kpi,
        "replications": n,
        "difference_crn": crn["mean"],
        "difference_independent": float(z.mean() - x.mean()),
        "half_width_crn": hw_crn,
        "half_width_independent": hw_ind,
        "ratio": hw_crn / hw_ind if hw_ind > 0 else math.nan,
        "correlation": float(np.corrcoef(x, y)[0, 1]) if np.std(x) > 0 and np.std(y) > 0 else math.nan,
    }


def results_json(results: Sequence[RunResult]) -> dict[str, Any]:
    """``compare --json`` for results obtained by other means (the auto-replication path)."""
    return Comparison(list(results)).to_json_dict()
