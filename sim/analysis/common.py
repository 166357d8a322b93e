"""Shared machinery of the analyses: scenario variants, targets, parallel replications.

Every analysis runs replications through :func:`evaluate`. A task is plain data (the
scenario as canonical JSON text, the seed, the replication number and the yearly metrics
to keep) and its answer is plain data too, so the process pool used here can be swapped
for another backend by passing a different ``mapper``: any callable
``mapper(fn, tasks) -> iterable of answers in task order``. A :class:`sim.backends.Backend`
is one, e.g. ``mapper=get_backend("dask", scheduler="tcp://HOST:8786")`` runs the tasks on
a dask cluster with byte-identical results.

Common random numbers: replication ``r`` of seed ``s`` gives the same households to every
scenario, so differences between scenarios evaluated on the same replications are sharp.
"""

from __future__ import annotations

import concurrent.futures as cf
import copy
import json
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from sim.cache import cached_replication, replication_cache, scenario_text, text_key
from sim.loader import Problem, ScenarioError, scenario_from_dict
from sim.scenario import Scenario

Mapper = Callable[
    [Callable[[dict[str, Any]], dict[str, Any]], list[dict[str, Any]]], Iterable[dict[str, Any]]
]

#: KPIs shown by default in analysis tables: waiting, hospits, start loans, stock and money
HEADLINE_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "temp_nights_families_youth",
    "hospits_nights",
    "temp_stays_over_3_months",
    "exits_start_loan",
    "start_loans",
    "start_loan_portfolio_nok",
    "start_loan_losses_nok",
    "dwellings_per_1000",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
    "cost_state_nok",
)


# ---------------------------------------------------------------- scenario variants
def _key_for(node: Mapping[Any, Any], part: str) -> Any:
    """The key ``part`` names in ``node`` (YAML years are numbers, JSON's are strings)."""
    if part in node:
        return part
    if part.lstrip("-").isdigit() and int(part) in node:
        return int(part)
    return part


def _targets(data: Any, parts: list[str]) -> list[tuple[Any, Any]]:
    """(container, key) pairs a dotted path names; ``*`` matches every key or item."""
    if not parts:
        return []
    head, rest = parts[0], parts[1:]
    if head == "*":
        keys: list[Any] = list(data) if isinstance(data, dict) else list(range(len(data)))
    elif isinstance(data, list):
        if not head.isdigit() or int(head) >= len(data):
            raise KeyError(f"there is no list item {head!r} (the list has {len(data)} items)")
        keys = [int(head)]
    elif isinstance(data, dict):
        keys = [_key_for(data, head)]
    else:
        raise KeyError(f"{head!r} is below a value that is not a section")
    if not rest:
        return [(data, k) for k in keys]
    out: list[tuple[Any, Any]] = []
    for k in keys:
        if isinstance(data, dict) and k not in data:
            data[k] = {}
        out.extend(_targets(data[k], rest))
    return out


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at the dotted ``path`` of plain scenario data, in place.

    ``*`` matches every key of a section or item of a list, so
    ``groups.*.renewal_probability`` sets the value for every target group.
    """
    for node, key in _targets(data, path.split(".")):
        node[key] = copy.deepcopy(value)


def get_path(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (the first match of a ``*`` path)."""
    pairs = _targets(copy.deepcopy(data), path.split("."))
    if not pairs or (isinstance(pairs[0][0], dict) and pairs[0][1] not in pairs[0][0]):
        raise KeyError(f"{path}: there is no such field in the scenario")
    node, key = pairs[0]
    return node[key]


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return round(value * factor)
    if isinstance(value, float):
        return value * factor
    if isinstance(value, dict):
        return {k: _scale(v, factor) for k, v in value.items()}
    if isinstance(value, list):
        return [_scale(v, factor) for v in value]
    return value


def scale_path(data: dict[str, Any], path: str, factor: float) -> None:
    """Multiply every number at the dotted ``path`` by ``factor`` (schedules included), in place."""
    for node, key in _targets(data, path.split(".")):
        if isinstance(node, dict) and key not in node:
            raise KeyError("there is no value here to scale")
        node[key] = _scale(node[key], factor)


def with_changes(
    scenario: Scenario,
    changes: Mapping[str, Any] | None = None,
    scale: Mapping[str, float] | None = None,
    name: str | None = None,
) -> Scenario:
    """A validated variant of ``scenario``: dotted-path ``changes`` set, ``scale`` factors applied.

    Raises :class:`sim.ScenarioError` if the variant is not a valid scenario.
    """
    data = scenario.model_dump(mode="json")
    for path, value in (changes or {}).items():
        try:
            set_path(data, path, value)
        except KeyError as exc:
            raise ScenarioError([Problem("<analysis>", 0, path, str(exc.args[0]))]) from None
    for path, factor in (scale or {}).items():
        try:
            scale_path(data, path, factor)
        except KeyError as exc:
            raise ScenarioError([Problem("<analysis>", 0, path, str(exc.args[0]))]) from None
    if name is not None:
        data["name"] = name
    return scenario_from_dict(data, file="<analysis>")


def parse_value(text: str) -> Any:
    """A command-line value read as YAML (``3``, ``5e7``, ``true``, ``[1, 2]``), else the text."""
    from sim.loader import parse_override

    return parse_override(f"v={text}")[1]


def short_name(path: str, value: Any) -> str:
    """A scenario name for a variant: ``budget_nok_per_year=50000000``."""
    text = f"{path.rsplit('.', 1)[-1]}={value}"
    return re.sub(r"[^A-Za-z0-9_.=,+-]", "", text)[:80] or "variant"


# ---------------------------------------------------------------- targets
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}
_TARGET_RE = re.compile(r"^\s*([A-Za-z0-9_|]+)\s*(<=|>=|==|<|>)\s*([-+0-9.eE_]+)\s*$")


@dataclass(frozen=True)
class Target:
    """A service target on a yearly metric, for example ``mean_wait_days <= 180``.

    A year with no observation (NaN: nobody housed, no promise due) counts as met.
    ``==`` compares with a tolerance of 1e-9 (so ``temp_nights_families_youth == 0``).
    """

    metric: str
    op: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read ``metric<=value`` (also ``>=``, ``==``, ``<``, ``>``)."""
        m = _TARGET_RE.match(text)
        if not m:
            raise ValueError(f"target {text!r}: expected metric<=value (or >=, ==, <, >)")
        metric, op, raw = m.groups()
        from sim.catalog import YEARLY_METRICS

        base = metric.split("|", 1)[0]
        if base not in YEARLY_METRICS:
            import difflib

            close = difflib.get_close_matches(base, YEARLY_METRICS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ValueError(f"target {text!r}: unknown yearly metric '{base}'{hint}")
        return cls(metric, op, float(raw))

    def holds(self, values: np.ndarray) -> np.ndarray:
        """Elementwise: does the target hold (NaN counts as held)?"""
        v = np.asarray(values, dtype=float)
        ok = np.abs(v - self.value) <= 1e-9 if self.op == "==" else _OPS[self.op](v, self.value)
        return np.where(np.isnan(v), True, ok)

    def __str__(self) -> str:
        return f"{self.metric}{self.op}{self.value:g}"


def parse_targets(texts: Iterable[str | Target]) -> list[Target]:
    """Targets from text (or already parsed)."""
    return [t if isinstance(t, Target) else Target.parse(t) for t in texts]


# ---------------------------------------------------------------- evaluation
@dataclass
class Sample:
    """One scenario over a set of replications: per-replication KPIs and yearly series."""

    name: str
    replications: list[int]
    years: list[int]
    kpis: dict[str, np.ndarray] = field(default_factory=dict)  # kpi -> (reps,)
    yearly: dict[str, np.ndarray] = field(default_factory=dict)  # metric -> (reps, years)

    def kpi_summary(self, names: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """``{kpi: {"mean", "ci95": [lo, hi], "half_width"}}`` over replications."""
        return {n: mean_ci(self.kpis[n]) for n in (names or self.kpis) if n in self.kpis}

    def year_mask(self, from_year: int | None = None, to_year: int | None = None) -> np.ndarray:
        """Boolean mask over ``years`` for ``from_year <= year <= to_year``."""
        y = np.asarray(self.years)
        lo = from_year if from_year is not None else y.min()
        hi = to_year if to_year is not None else y.max()
        return (y >= lo) & (y <= hi)

    def target_held(self, targets: Sequence[Target], from_year: int | None = None) -> np.ndarray:
        """(reps, years) booleans: every target holds in that replication and year."""
        mask = self.year_mask(from_year)
        ok = np.ones((len(self.replications), int(mask.sum())), dtype=bool)
        for t in targets:
            ok &= t.holds(self.yearly[t.metric][:, mask])
        return ok

    def share_meeting(self, targets: Sequence[Target], from_year: int | None = None) -> float:
        """Share of replications in which every target holds in every year from ``from_year``."""
        if not targets:
            return 1.0
        return float(self.target_held(targets, from_year).all(axis=1).mean())


def mean_ci(values: Sequence[float] | np.ndarray) -> dict[str, Any]:
    """Mean and 95 % t-interval of replication values (NaN ignored; None where undefined)."""
    from sim.results import t_halfwidth

    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return {"mean": None, "ci95": [None, None], "half_width": None, "n": 0}
    mean = float(v.mean())
    hw = float(t_halfwidth(v.std(ddof=1), len(v))) if len(v) >= 2 else math.nan
    return {
        "mean": _num(mean),
        "ci95": [_num(mean - hw), _num(mean + hw)],
        "half_width": _num(hw),
        "n": len(v),
    }


def paired(a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    """Mean and 95 % interval of ``b - a`` over common replications (CRN)."""
    d = mean_ci(np.asarray(b, dtype=float) - np.asarray(a, dtype=float))
    lo, hi = d["ci95"]
    d["significant"] = bool(lo is not None and hi is not None and (lo > 0 or hi < 0))
    return d


def _num(x: float) -> float | None:
    return None if x is None or math.isnan(x) or math.isinf(x) else float(x)


def scenario_json(scenario: Scenario) -> str:
    """The scenario as JSON text for a task, keeping the order of groups and dwelling types.

    Not :meth:`Scenario.canonical_json`: its sorted keys would reorder the groups, and the
    order of groups decides which random streams a replication's households get. The same
    text as the results cache's (:func:`sim.cache.scenario_text`), so a task and a run of
    the same scenario find each other's replications there.
    """
    return scenario_text(scenario)


@lru_cache(maxsize=16)
def _scenario_from_json(text: str) -> Scenario:
    return scenario_from_dict(json.loads(text), file="<task>")


def replicate_task(task: dict[str, Any]) -> dict[str, Any]:
    """Run one replication from plain data; return plain data (a backend's unit of work).

    ``task`` = ``{"scenario": canonical JSON text, "seed": int, "replication": int,
    "yearly": [metric names to keep], "cache": the results cache or None}``; a replication
    in the cache is read from it (the scenario is then not even validated), one run is kept.
    """
    text = task["scenario"]
    r = cached_replication(
        task.get("cache"),
        text_key(text),
        int(task["seed"]),
        int(task["replication"]),
        lambda: _scenario_from_json(text),
    )
    keep = task.get("yearly")
    names = list(r.yearly) if keep is None else [n for n in keep if n in r.yearly]
    return {
        "replication": r.replication,
        "years": list(r.years),
        "kpis": dict(r.kpis),
        "yearly": {n: np.asarray(r.yearly[n], dtype=float).tolist() for n in names},
    }


def process_pool_mapper(workers: int) -> Mapper:
    """A mapper that runs tasks in a pool of ``workers`` processes (in order)."""

    def mapper(fn: Callable[[dict[str, Any]], dict[str, Any]], tasks: list[dict[str, Any]]):
        if workers <= 1 or len(tasks) <= 1:
            return [fn(t) for t in tasks]
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(fn, tasks, chunksize=max(1, len(tasks) // (workers * 8))))

    return mapper


def _remote(mapper: Mapper | None) -> bool:
    """Whether ``mapper`` sends tasks off this machine (a dask backend)."""
    from sim.backends import DaskBackend

    return isinstance(mapper, DaskBackend)


def replication_list(replications: int | Sequence[int]) -> list[int]:
    """``5`` -> ``[0, 1, 2, 3, 4]``; a sequence is taken as it is."""
    if isinstance(replications, int):
        if replications < 1:
            raise ValueError("replications must be at least 1")
        return list(range(replications))
    return [int(r) for r in replications]


def evaluate(
    scenarios: Sequence[Scenario],
    replications: int | Sequence[int],
    seed: int = 1,
    workers: int = 1,
    yearly: Iterable[str] | None = (),
    mapper: Mapper | None = None,
    seeds: Sequence[int] | None = None,
    replications_by_scenario: Sequence[Sequence[int]] | None = None,
) -> list[Sample]:
    """Run every scenario on the same replications (common random numbers).

    ``yearly`` names the yearly metrics to keep per replication (``None`` keeps all).
    ``seeds`` (one per scenario) overrides ``seed``, which is how independent streams are
    made for the CRN demonstration; ``replications_by_scenario`` gives each scenario its
    own replication numbers (an ensemble member is one scenario and one replication).
    All tasks of all scenarios go to one pool at once.
    """
    if replications_by_scenario is not None:
        rep_lists = [replication_list(list(r)) for r in replications_by_scenario]
    else:
        rep_lists = [replication_list(replications)] * len(scenarios)
    keep = None if yearly is None else list(dict.fromkeys(yearly))
    seed_of = list(seeds) if seeds is not None else [seed] * len(scenarios)
    texts = [scenario_json(sc) for sc in scenarios]
    # a dask cluster's workers may be other machines: the cache is this machine's (its
    # folder is known here, so a mapper made from a local pool shares it)
    cache = None if _remote(mapper) else replication_cache()
    tasks = [
        {"scenario": texts[i], "seed": int(seed_of[i]), "replication": r, "yearly": keep, "cache": cache}
        for i in range(len(scenarios))
        for r in rep_lists[i]
    ]
    run_all = mapper or process_pool_mapper(workers)
    answers = list(run_all(replicate_task, tasks))
    if cache is not None:
        cache.prune()
    out = []
    start = 0
    for i, sc in enumerate(scenarios):
        chunk = answers[start : start + len(rep_lists[i])]
        start += len(rep_lists[i])
        years = chunk[0]["years"]
        kpi_names = list(chunk[0]["kpis"])
        kpis = {k: np.array([a["kpis"].get(k, np.nan) for a in chunk], dtype=float) for k in kpi_names}
        ynames = list(chunk[0]["yearly"])
        series = {m: np.array([a["yearly"][m] for a in chunk], dtype=float) for m in ynames}
        out.append(Sample(sc.name, rep_lists[i], years, kpis, series))
    return out


# ---------------------------------------------------------------- shares of futures
def share_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval (central probability ``level``) of a share of ``n`` futures.

    Computed by :func:`scipy.stats.binomtest`; ``(0, 1)`` when ``n`` is 0. The Wilson interval
    keeps its coverage near 0 and 1 and with few futures, where the normal interval fails.
    """
    if n <= 0:
        return (0.0, 1.0)
    from scipy import stats

    ci = stats.binomtest(int(successes), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return (float(ci.low), float(ci.high))


def _wilson_closed(p: float, n: float, z: float) -> tuple[float, float]:
    """The Wilson bounds for an observed share ``p`` of ``n`` (``n`` may be any positive number)."""
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def replications_to_settle(
    share: float, required: float, level: float = 0.95, cap: int = 100_000
) -> int | None:
    """Futures needed before the Wilson interval of ``share`` excludes ``required``.

    Assumes the share stays where it is; None when it equals ``required`` (no number of
    futures settles it) or more than ``cap`` would be needed.
    """
    from scipy import stats

    if abs(share - required) < 1e-12:
        return None
    z = float(stats.norm.ppf(0.5 + level / 2))

    def settled(n: int) -> bool:
        lo, hi = _wilson_closed(share, n, z)
        return lo > required or hi < required

    hi = 2
    while not settled(hi):
        hi *= 2
        if hi > cap:
            return None
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if settled(mid) else (mid, hi)
    return hi
