"""Calibration of the baseline to the report's facts (FACTS.md), reproducibly.

The free parameters are assumptions the report is silent on (how many acute homeless
households arrive, how long they stay homeless and in hospits, how many outside
applicants compete for start loans and guarantees). They are fitted by Nelder-Mead on
common random numbers (the same seeds for every candidate), simulating only the
calibration year, to minimise the squared deviations from the targets measured in units
of each target's tolerance, with a weak pull towards the starting values so the fit stays
unique. The fitted values are written back into the scenario file with a comment.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.loader import read_yaml_file, scenario_from_dict
from sim.runner import run


@dataclass(frozen=True)
class Target:
    """A fact of the report the baseline must reproduce (mean over replications)."""

    metric: str
    year: int
    value: float
    low: float
    high: float
    source: str
    kind: str = "band"  # "band": low <= mean <= high; "at_least": mean >= low

    @property
    def scale(self) -> float:
        """How far from the value one tolerance is."""
        return max((self.high - self.low) / 2.0, 1e-9) if self.kind == "band" else max(self.low * 0.2, 1e-9)

    def met(self, mean: float) -> bool:
        """Whether a model mean meets the target."""
        if self.kind == "at_least":
            return mean >= self.low
        return self.low <= mean <= self.high

    def describe(self) -> str:
        """The tolerance in words."""
        if self.kind == "at_least":
            return f">= {self.low:,.0f}"
        return f"{self.low:,.4g} - {self.high:,.4g}"


#: FACTS.md targets (issue 4). Hospits figures are from 2012 and carried to 2016 unchanged:
#: the report calls the homeless count "stable from year to year" (5.7).
TARGETS: tuple[Target, ...] = (
    Target("dwellings_per_1000", 2016, 12.0, 11.0, 13.0, "FACTS.md Tabell 3.5 (12 per 1000, 2015)"),
    Target("start_loans_per_1000", 2016, 0.7, 0.4, 1.0, "FACTS.md 6.1-6.2 (0.7 per 1000, 2015 level)"),
    Target("guarantees_per_1000", 2016, 2.45, 2.1, 2.8, "FACTS.md 6.3 (2.1-2.8 per 1000, 2011-2015)"),
    Target("homeless_mean", 2016, 9.0, 6.0, 12.0, "FACTS.md 5.7 (8-10 persons at any time, +-2)"),
    Target(
        "homeless_mean",
        2018,
        9.0,
        6.0,
        12.0,
        "FACTS.md 5.7 (stable from year to year: the same band two years on)",
    ),
    Target("temp_nights", 2016, 1000.0, 700.0, 1300.0, "FACTS.md 5.7 (1,000 nights in 2012, +-30 %)"),
    Target("temp_persons_distinct", 2016, 12.0, 7.0, 17.0, "FACTS.md 5.7 (12 users in 2012, +-5)"),
    Target(
        "temp_cost_nok",
        2016,
        500_000.0,
        500_000.0,
        math.inf,
        "FACTS.md 5.7 (at least NOK 500,000)",
        "at_least",
    ),
)


@dataclass(frozen=True)
class FreeParameter:
    """An assumption fitted by calibration, with bounds."""

    path: str
    low: float
    high: float
    why: str
    start: float  # the assumption before calibration: every fit starts here, so it reproduces


FREE: tuple[FreeParameter, ...] = (
    FreeParameter("groups.acute_homeless.arrival_rate_per_1000_per_year", 0.05, 3.0, "homeless inflow", 0.4),
    FreeParameter(
        "groups.acute_homeless.homelessness.own_solution_rate_per_year",
        0.1,
        12.0,
        "how long homelessness lasts",
        1.0,
    ),
    FreeParameter(
        "groups.acute_homeless.homelessness.hospits_share", 0.05, 0.99, "how many NAV places in hospits", 0.35
    ),
    FreeParameter(
        "groups.acute_homeless.homelessness.hospits_exit_rate_per_year",
        0.5,
        24.0,
        "how long a hospits stay lasts",
        4.0,
    ),
    FreeParameter(
        "start_loans.direct_applicants_per_1000_per_year",
        0.01,
        8.0,
        "start-loan applicants outside the system",
        1.0,
    ),
    FreeParameter(
        "private_rental.direct_guarantee_clients_per_1000_per_year",
        0.01,
        8.0,
        "guarantee clients outside the list",
        1.7,
    ),
)


def get_path(data: dict[str, Any], path: str) -> Any:
    """Value at a dotted path of plain scenario data."""
    node: Any = data
    for part in path.split("."):
        node = node[part]
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path in plain scenario data (creating mappings as needed)."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _to_unit(x: float, p: FreeParameter) -> float:
    # log-odds of the position between the bounds in log space: unbounded for the optimiser
    lo, hi = math.log(p.low), math.log(p.high)
    z = (math.log(min(max(x, p.low * 1.0001), p.high * 0.9999)) - lo) / (hi - lo)
    return math.log(z / (1 - z))


def _from_unit(u: float, p: FreeParameter) -> float:
    lo, hi = math.log(p.low), math.log(p.high)
    z = 1.0 / (1.0 + math.exp(-u))
    return min(max(math.exp(lo + z * (hi - lo)), p.low), p.high)


@dataclass
class Fit:
    """Result of a calibration."""

    values: dict[str, float]
    start: dict[str, float]
    objective: float
    evaluations: int
    report: list[dict[str, Any]]


def target_key(t: Target) -> str:
    """``metric@year``: how a target is named in results."""
    return f"{t.metric}@{t.year}"


def evaluate(
    data: dict[str, Any], replications: int, seed: int, workers: int = 1
) -> dict[str, dict[str, float]]:
    """Mean and 95 % interval of every target (simulating up to the last target year)."""
    d = copy.deepcopy(data)
    d["end_date"] = dt.date(max(t.year for t in TARGETS), 12, 31).isoformat()
    sc = scenario_from_dict(d)
    res = run(sc, replications=replications, seed=seed, workers=workers)
    summ = res.aggregate.series_summary("yearly")
    out = {}
    for t in TARGETS:
        s = summ[t.metric][str(t.year)]
        out[target_key(t)] = {"mean": s["mean"], "lo": s["ci95"][0], "hi": s["ci95"][1]}
    return out


def objective(means: dict[str, dict[str, float]]) -> float:
    """Squared deviations from the targets in units of their tolerance."""
    total = 0.0
    for t in TARGETS:
        m = means[target_key(t)]["mean"]
        if m is None:
            return 1e9
        if t.kind == "at_least":
            total += (max(t.low - m, 0.0) / t.scale) ** 2
        else:
            total += ((m - t.value) / t.scale) ** 2
    return total


def calibrate(
    scenario_path: str | Path,
    replications: int = 40,
    seed: int = 1,
    max_evaluations: int = 160,
    workers: int = 1,
    log: Callable[[str], None] | None = None,
) -> Fit:
    """Fit the free parameters of ``scenario_path`` to :data:`TARGETS` (see module docs)."""
    from scipy.optimize import minimize

    data, _ = read_yaml_file(Path(scenario_path))
    data.pop("extends", None)
    # always start from the documented assumptions (not the file's fitted values), so that
    # recalibrating from scratch reproduces the fit
    start = {p.path: p.start for p in FREE}
    x0 = np.array([_to_unit(start[p.path], p) for p in FREE])
    count = [0]

    def f(x: np.ndarray) -> float:
        d = copy.deepcopy(data)
        for p, u in zip(FREE, x, strict=True):
            set_path(d, p.path, _from_unit(float(u), p))
        value = objective(evaluate(d, replications, seed, workers=workers))
        # weak pull towards the starting assumptions keeps the fit unique
        value += 0.01 * float(np.sum((x - x0) ** 2))
        count[0] += 1
        if log is not None and count[0] % 10 == 0:
            log(f"evaluation {count[0]}: objective {value:.4f}")
        return value

    res = minimize(
        f,
        x0,
        method="Nelder-Mead",
        options={"maxfev": max_evaluations, "xatol": 1e-3, "fatol": 1e-4, "initial_simplex": _simplex(x0)},
    )
    values = {p.path: _round(_from_unit(float(u), p)) for p, u in zip(FREE, res.x, strict=True)}
    d = copy.deepcopy(data)
    for path, v in values.items():
        set_path(d, path, v)
    report = calibration_report(d, replications, seed, workers)
    return Fit(values, start, float(res.fun), count[0], report)


def _simplex(x0: np.ndarray) -> np.ndarray:
    pts = [x0]
    for i in range(len(x0)):
        x = x0.copy()
        x[i] += 0.5
        pts.append(x)
    return np.array(pts)


def _round(x: float) -> float:
    """Three significant digits: calibrated values are not more precise than that."""
    if x == 0:
        return 0.0
    return float(f"{x:.3g}")


def calibration_report(
    data: dict[str, Any], replications: int, seed: int, workers: int = 1
) -> list[dict[str, Any]]:
    """One row per target: the model's mean and 95 % interval against the target."""
    means = evaluate(data, replications, seed, workers=workers)
    rows = []
    for t in TARGETS:
        m = means[target_key(t)]
        rows.append(
            {
                "metric": t.metric,
                "year": t.year,
                "target": t.value,
                "tolerance": t.describe(),
                "mean": m["mean"],
                "ci95": [m["lo"], m["hi"]],
                "met": bool(m["mean"] is not None and t.met(m["mean"])),
                "source": t.source,
            }
        )
    return rows


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def report_markdown(rows: list[dict[str, Any]], replications: int, seed: int) -> str:
    """The calibration table as Markdown."""
    out = [
        "| target | year | value | tolerance | model mean | 95 % interval | met | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lo, hi = r["ci95"]
        met = "yes" if r["met"] else "**no**"
        out.append(
            f"| `{r['metric']}` | {r['year']} | {_fmt(r['target'])} | {r['tolerance']} | {_fmt(r['mean'])} "
            f"| {_fmt(lo)} - {_fmt(hi)} | {met} | {r['source']} |"
        )
    out.append("")
    out.append(f"{replications} replications, seed {seed}; means over replications of the calibration year.")
    return "\n".join(out)


def write_back(
    scenario_path: str | Path, values: dict[str, float], note: str, start: dict[str, float] | None = None
) -> None:
    """Write fitted values into the scenario file, keeping its comments, with a note per value."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from sim.runner import atomic_write_text

    path = Path(scenario_path)
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    doc = y.load(path.read_text(encoding="utf-8"))
    for dotted, value in values.items():
        parts = dotted.split(".")
        node = doc
        for part in parts[:-1]:
            if part not in node:
                node[part] = CommentedMap()
            node = node[part]
        node[parts[-1]] = value
        before = f" (assumption before: {start[dotted]:g})" if start and dotted in start else ""
        node.yaml_add_eol_comment(f"calibrated: {note}{before}", parts[-1])
    import io

    buf = io.StringIO()
    y.dump(doc, buf)
    atomic_write_text(path, buf.getvalue())
