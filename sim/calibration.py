"""Calibration of a scenario to the facts its own file states, reproducibly.

A scenario's ``calibration:`` section (see :mod:`sim.spec.calibration`) names the targets
(a yearly metric in a year, a value, a tolerance and a source) and the free parameters
(assumptions the sources are silent on, with bounds and a starting value). The free
parameters are fitted by Nelder-Mead on common random numbers (the same seeds for every
candidate), simulating only up to the last target year, to minimise the squared misses
measured in units of each target's tolerance, with a weak pull towards the starting
values so that the fit stays unique. The fitted values are written back into the file
with a comment, keeping its other comments, together with the table of how the model met
each target (``calibration.last_fit``).

The section is read from the file and from the files it ``extends:``; a value inherited
from a parent is written into the file being calibrated, so the parent never changes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.loader import Problem, ScenarioError, load_scenario, scenario_from_dict
from sim.runner import run
from sim.scenario import Scenario
from sim.spec.calibration import FreeParameter, Target


def get_path(data: dict[str, Any], path: str) -> Any:
    """Value at a dotted path of plain scenario data."""
    node: Any = data
    for part in path.split("."):
        node = node[_key(node, part)]
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path in plain scenario data (creating mappings as needed)."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(_key(node, part), {})
    node[_key(node, parts[-1])] = value


def _key(node: Any, part: str) -> Any:
    """``part`` as the mapping names it: ``by_year.2020`` is the number 2020 in YAML data."""
    if part.isdigit() and part not in node and int(part) in node:
        return int(part)
    return part


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


def target_key(metric: str, year: int) -> str:
    """``metric@year``: how a target year is named in results."""
    return f"{metric}@{year}"


def load(scenario_path: str | Path, need_free: bool = True) -> Scenario:
    """The validated scenario (with ``extends:`` resolved), checked to be calibratable.

    Raises
    ------
    ScenarioError
        If the file is invalid, has no targets, or (with ``need_free``) no free parameters.
    """
    sc = load_scenario(scenario_path)
    cal = sc.calibration
    problems = []
    if not cal.targets:
        problems.append(
            ("calibration.targets", "the scenario has no targets, so there is nothing to calibrate to")
        )
    if need_free and not cal.free:
        problems.append(
            ("calibration.free", "the scenario has no free parameters, so there is nothing to fit")
        )
    for i, t in enumerate(cal.targets):
        early = [y for y in t.all_years() if y < sc.start_date.year]
        if early:
            problems.append(
                (f"calibration.targets.{i}", f"the year {early[0]} is before the start ({sc.start_date})")
            )
    if problems:
        raise ScenarioError([Problem(str(scenario_path), 0, path, text) for path, text in problems])
    return sc


def evaluate(
    scenario: Scenario, data: dict[str, Any], replications: int, seed: int, workers: int = 1
) -> dict[str, dict[str, float]]:
    """Mean and 95 % interval of every target year (simulating up to the last target year).

    ``data`` is the scenario's plain data (possibly with free parameters changed); the
    targets are ``scenario``'s.
    """
    pairs = scenario.calibration.target_years()
    d = copy.deepcopy(data)
    d["end_date"] = dt.date(max(y for _, y in pairs), 12, 31).isoformat()
    sc = scenario_from_dict(d)
    res = run(sc, replications=replications, seed=seed, workers=workers)
    summ = res.aggregate.series_summary("yearly")
    out = {}
    for t, y in pairs:
        s = summ.get(t.metric, {}).get(str(y), {"mean": None, "ci95": [None, None]})
        out[target_key(t.metric, y)] = {"mean": s["mean"], "lo": s["ci95"][0], "hi": s["ci95"][1]}
    return out


def objective(targets: list[tuple[Target, int]], means: dict[str, dict[str, float]]) -> float:
    """Sum of squared misses of the targets, each in units of its tolerance."""
    total = 0.0
    for t, y in targets:
        m = means[target_key(t.metric, y)]["mean"]
        if m is None or math.isnan(m):
            return 1e9
        total += t.miss(m) ** 2
    return total


def calibrate(
    scenario_path: str | Path,
    replications: int = 40,
    seed: int = 1,
    max_evaluations: int = 160,
    workers: int = 1,
    log: Callable[[str], None] | None = None,
    start_from: Mapping[str, float] | None = None,
) -> Fit:
    """Fit the free parameters of ``scenario_path`` to its targets (see module docs).

    The search starts from the documented starting assumptions (``calibration.free[].start``)
    unless ``start_from`` gives other starting values by path; the weak pull that keeps the
    fit unique is always towards the documented assumptions, so two starts can be compared.
    """
    from scipy.optimize import minimize

    sc = load(scenario_path)
    free = sc.calibration.free
    pairs = sc.calibration.target_years()
    data = sc.model_dump(mode="json")
    # always start from the documented assumptions (not the file's fitted values), so that
    # recalibrating from scratch reproduces the fit
    start = {p.path: p.start for p in free}
    x0 = np.array([_to_unit(start[p.path], p) for p in free])
    first = {**start, **(start_from or {})}
    x_init = np.array([_to_unit(first[p.path], p) for p in free])
    count = [0]

    def f(x: np.ndarray) -> float:
        d = copy.deepcopy(data)
        for p, u in zip(free, x, strict=True):
            set_path(d, p.path, _from_unit(float(u), p))
        value = objective(pairs, evaluate(sc, d, replications, seed, workers=workers))
        # weak pull towards the starting assumptions keeps the fit unique
        value += 0.01 * float(np.sum((x - x0) ** 2))
        count[0] += 1
        if log is not None and count[0] % 10 == 0:
            log(f"evaluation {count[0]}: objective {value:.4f}")
        return value

    res = minimize(
        f,
        x_init,
        method="Nelder-Mead",
        options={
            "maxfev": max_evaluations,
            "xatol": 1e-3,
            "fatol": 1e-4,
            "initial_simplex": _simplex(x_init),
        },
    )
    values = {p.path: _round(_from_unit(float(u), p)) for p, u in zip(free, res.x, strict=True)}
    d = copy.deepcopy(data)
    for path, v in values.items():
        set_path(d, path, v)
    report = calibration_report(sc, d, replications, seed, workers)
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
    scenario: Scenario,
    data: dict[str, Any] | None = None,
    replications: int = 40,
    seed: int = 1,
    workers: int = 1,
) -> list[dict[str, Any]]:
    """One row per target year: the model's mean and 95 % interval against the target.

    ``data`` defaults to the scenario's own data (its current values).
    """
    if data is None:
        data = scenario.model_dump(mode="json")
    means = evaluate(scenario, data, replications, seed, workers=workers)
    rows = []
    for t, y in scenario.calibration.target_years():
        m = means[target_key(t.metric, y)]
        rows.append(
            {
                "metric": t.metric,
                "year": y,
                "target": t.value,
                "tolerance": t.describe(),
                "mean": m["mean"],
                "ci95": [m["lo"], m["hi"]],
                "met": t.met(m["mean"]),
                "source": t.source,
            }
        )
    return rows


def target_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """The calibration table as the file states it, without running the model: one row per
    target year, with the model's mean from ``calibration.last_fit`` where it has one."""
    fit = scenario.calibration.last_fit
    by_key = {(r.metric, r.year): r for r in fit.results} if fit else {}
    rows = []
    for t, y in scenario.calibration.target_years():
        r = by_key.get((t.metric, y))
        rows.append(
            {
                "metric": t.metric,
                "year": y,
                "target": t.value,
                "tolerance": t.describe(),
                "mean": r.mean if r else None,
                "ci95": list(r.ci95) if r else [None, None],
                "met": r.met if r else None,
                "source": t.source,
            }
        )
    return rows


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
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
        met = {True: "yes", False: "**no**", None: "n/a"}[r["met"]]
        out.append(
            f"| `{r['metric']}` | {r['year']} | {_fmt(r['target'])} | {r['tolerance']} | {_fmt(r['mean'])} "
            f"| {_fmt(lo)} - {_fmt(hi)} | {met} | {r['source']} |"
        )
    out.append("")
    out.append(f"{replications} replications, seed {seed}; means over replications of each target year.")
    return "\n".join(out)


def last_fit_record(
    scenario: Scenario,
    values: dict[str, float],
    rows: list[dict[str, Any]],
    command: str,
    replications: int,
    seed: int,
    evaluations: int,
) -> dict[str, Any]:
    """The ``calibration.last_fit`` mapping for a fit (or a report) of ``scenario``."""
    from sim.version import __version__

    data = scenario.model_dump(mode="json")
    for path, v in values.items():
        set_path(data, path, v)
    fitted = scenario_from_dict(data)
    return {
        "command": command,
        "date": dt.date.today(),
        "version": __version__,
        "replications": replications,
        "seed": seed,
        "evaluations": evaluations,
        "scenario_sha256": fitted.model_sha256(),
        "results": [
            {
                "metric": r["metric"],
                "year": r["year"],
                "mean": _sig(r["mean"]),
                "ci95": [_sig(r["ci95"][0]), _sig(r["ci95"][1])],
                "met": bool(r["met"]),
            }
            for r in rows
        ],
    }


def _sig(x: float | None) -> float | None:
    """Four significant digits (a table, not a measurement to the last bit)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(f"{x:.4g}")


def write_back(
    scenario_path: str | Path,
    values: dict[str, float],
    note: str,
    start: dict[str, float] | None = None,
    last_fit: dict[str, Any] | None = None,
    resolved: dict[str, Any] | None = None,
) -> None:
    """Write fitted values (and ``last_fit``) into the scenario file, keeping its comments.

    Each value gets the comment ``calibrated: NOTE (assumption before: START)``. A value the
    file inherits through ``extends:`` is added to this file; if it lies inside a
    distribution (a mapping with ``dist:``), the whole distribution is copied from
    ``resolved`` (the scenario's plain data), since a distribution replaces the parent's whole.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
        for i, part in enumerate(parts[:-1]):
            key = _key(node, part)
            if key not in node:
                inherited = _lookup(resolved, parts[: i + 1])
                if isinstance(inherited, dict) and "dist" in inherited:
                    node[key] = CommentedMap(copy.deepcopy(inherited))
                else:
                    node[key] = CommentedMap()
            node = node[key]
        last = _key(node, parts[-1])
        node[last] = value
        if node.fa.flow_style():  # a comment needs a line of its own: {a: 1, b: 2} -> a block
            node.fa.set_block_style()
        before = f" (assumption before: {start[dotted]:g})" if start and dotted in start else ""
        _replace_comment(node, last, f"calibrated: {note}{before}")
    if last_fit is not None:
        if "calibration" not in doc:
            doc["calibration"] = CommentedMap()
        results = CommentedSeq()
        for r in last_fit["results"]:
            row = CommentedMap(r)
            row["ci95"] = CommentedSeq(r["ci95"])
            row["ci95"].fa.set_flow_style()
            row.fa.set_flow_style()
            results.append(row)
        record = CommentedMap({k: v for k, v in last_fit.items() if k != "results"})
        record["results"] = results
        doc["calibration"]["last_fit"] = record
        doc["calibration"].yaml_add_eol_comment(
            "written by boligflyt calibrate --write: the model against the targets", "last_fit"
        )
    buf = io.StringIO()
    y.dump(doc, buf)
    atomic_write_text(path, buf.getvalue())


def _replace_comment(node: Any, key: Any, text: str) -> None:
    """Set the end-of-line comment of ``key``, at the old comment's column, keeping the blank
    lines that followed it (ruamel keeps them in the comment)."""
    old = node.ca.items.get(key)
    token = old[2] if old and len(old) > 2 else None
    if token is None:
        node.yaml_add_eol_comment(text, key)
        return
    value = token.value
    blank = value[len(value.rstrip("\n")) + 1 :] if value.endswith("\n") else ""
    node.yaml_add_eol_comment(text, key, column=token.column)
    node.ca.items[key][2].value += "\n" + blank if blank else ""


def _lookup(data: dict[str, Any] | None, parts: list[str]) -> Any:
    node: Any = data
    for part in parts:
        if not isinstance(node, dict):
            return None
        key = _key(node, part)
        if key not in node:
            return None
        node = node[key]
    return node
