"""The analysis subcommands of ``boligflyt`` (argument parsing and printing only).

:mod:`sim.cli` registers them with :func:`add_commands` and hands parsed arguments to
:func:`dispatch`; ``run --reps auto`` comes to :func:`cmd_run_auto`. All logic lives in the
analysis modules.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.backends import add_backend_args, backend_from_args
from sim.errors import printable

EXIT_BAD_INPUT = 2
COMMANDS = ("compare", "sweep", "size-stock", "sensitivity", "ensemble", "tilvisning", "levers")


def reps_type(text: str) -> int | str:
    """``--reps``: a whole number, or ``auto`` (add replications until ``--precision`` is met)."""
    if text.strip().lower() == "auto":
        return "auto"
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 'auto' (got {text!r})") from None


#: seeds are whole numbers from 0 to this (numpy's SeedSequence takes no negative entropy)
MAX_SEED = 2**64 - 1


def seed_type(text: str) -> int:
    """``--seed``: a whole number from 0 to :data:`MAX_SEED` (a negative seed used to fail in
    every replication, and the printed "reproduce" command failed the same way)."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {MAX_SEED} (got {seed})")
    return seed


def add_precision_args(p: argparse.ArgumentParser) -> None:
    """``--precision``, ``--kpi`` and ``--max-reps`` for ``--reps auto``."""
    p.add_argument(
        "--precision",
        type=float,
        default=0.05,
        help="with --reps auto: wanted 95 %% half-width relative to the mean (default 0.05)",
    )
    p.add_argument(
        "--kpi",
        action="append",
        default=None,
        metavar="NAME",
        help="with --reps auto: KPI the precision applies to (repeatable; default mean_wait_days, "
        "temp_nights, cost_municipal_budget_nok); for compare also the KPIs shown",
    )
    p.add_argument("--max-reps", type=int, default=200, help="with --reps auto: cap (default 200)")
    p.add_argument("--min-reps", type=int, default=10, help="with --reps auto: first batch (default 10)")


def _scenario_args(p: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        p.add_argument(
            "scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML files; the first is the base"
        )
    else:
        p.add_argument("scenario", help="scenario YAML file")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field (in every scenario), e.g. --set start_loans.budget_nok_per_year=4e7",
    )


def _common(
    p: argparse.ArgumentParser, reps: int | str = 20, auto: bool = False, auto_reps: bool = False
) -> None:
    if auto:
        p.add_argument(
            "--reps", type=reps_type, default=reps, help=f"replications, or 'auto' (default {reps})"
        )
        add_precision_args(p)
    elif auto_reps:
        p.add_argument(
            "--reps", type=reps_type, default=reps, help=f"replications, or 'auto' (default {reps})"
        )
    else:
        p.add_argument("--reps", type=int, default=reps, help=f"replications (default {reps})")
    p.add_argument(
        "--seed", type=seed_type, default=1, help="seed (default 1); the same seed gives the same households"
    )
    add_backend_args(p)  # --workers, --backend, --scheduler
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")


def add_commands(sub: Any) -> None:
    """Register the analysis subcommands on ``boligflyt``'s subparsers."""
    c = sub.add_parser("compare", help="paired comparison of scenarios on common random numbers")
    _scenario_args(c, many=True)
    _common(c, reps=30, auto=True)

    s = sub.add_parser("sweep", help="one row per parameter value (grid); --goal finds the smallest value")
    _scenario_args(s)
    s.add_argument(
        "--param", action="append", default=[], metavar="DOTTED.PATH", help="parameter (repeatable)"
    )
    s.add_argument(
        "--values", action="append", default=[], metavar="V1,V2,...", help="values of the --param before it"
    )
    _common(s, reps=20, auto_reps=True)
    s.add_argument(
        "--kpi", action="append", default=None, metavar="NAME", help="KPI in the table (repeatable)"
    )
    s.add_argument("--out", help="also write the table: .csv or .json")
    s.add_argument(
        "--goal",
        action="append",
        default=[],
        metavar="METRIC<=X",
        help="target on a yearly metric (repeatable)",
    )
    s.add_argument("--from-year", type=int, help="the goal must hold in every year from this one")
    s.add_argument(
        "--confidence",
        type=float,
        default=None,
        help="share of futures that must meet the goal (default 0.95 for the goal seek, 0.8 for the "
        "verdict over three or more --values)",
    )
    s.add_argument(
        "--certainty",
        type=float,
        default=0.95,
        help="a share is settled above or below --confidence when its Wilson interval of this "
        "probability excludes it (default 0.95)",
    )
    s.add_argument("--min-reps", type=int, default=20, help="with --reps auto: first batch (default 20)")
    s.add_argument("--max-reps", type=int, default=200, help="with --reps auto: cap per value (default 200)")
    s.add_argument("--lower", type=float, help="goal seek: lower bound (default min of --values, or 0)")
    s.add_argument(
        "--upper", type=float, help="goal seek: upper bound (default max of --values, or 4x today)"
    )
    s.add_argument("--tolerance", type=float, help="goal seek: stop when the bracket is this narrow")

    z = sub.add_parser("size-stock", help="smallest plan of additions meeting service targets every year")
    _scenario_args(z)
    z.add_argument(
        "--target", action="append", default=[], metavar="METRIC<=X", help="yearly target (repeatable)"
    )
    z.add_argument("--from-year", type=int, help="first year the targets apply (default: the second year)")
    z.add_argument(
        "--criterion",
        choices=["share", "mean"],
        default=None,
        help="mean: the mean over futures meets each target every year (default); share: the targets "
        "hold in at least --confidence of futures every year (the default when --confidence is given)",
    )
    z.add_argument(
        "--confidence",
        type=float,
        default=None,
        help="with --criterion share: share of futures (default 0.9)",
    )
    z.add_argument(
        "--certainty",
        type=float,
        default=0.9,
        help="probability of the intervals: the plan's range and each year's verdict (default 0.9)",
    )
    z.add_argument("--types", help="dwelling types to add, comma-separated (default: every type)")
    z.add_argument("--mix", help="weights of the types, e.g. small_ordinary=2,medium_ordinary=1")
    z.add_argument(
        "--instruments",
        default="purchase,care_build",
        help="in order of use, with optional yearly caps, e.g. lease:5,purchase (or tilvisning); "
        "types with services use care_build when listed (default purchase,care_build)",
    )
    z.add_argument("--max-additions-per-year", type=int, default=10, help="ramp-up limit (default 10)")
    z.add_argument(
        "--lead-years",
        type=int,
        default=None,
        help="decide this many years ahead (default: 1, or the build time for care builds)",
    )
    z.add_argument(
        "--tolerance",
        type=float,
        help="with --reps auto: settled when the total's interval is within +- this many dwellings "
        "(default: 10 %% of the total or 4, whichever is larger)",
    )
    z.add_argument(
        "--max-level", type=int, help="the largest plan tried (default: today's stock of the types)"
    )
    z.add_argument("--min-reps", type=int, default=12, help="with --reps auto: the first search (default 12)")
    z.add_argument("--max-reps", type=int, default=256, help="with --reps auto: cap (default 256)")
    _common(z, reps="auto", auto_reps=True)
    z.add_argument("--out", help="write the scenario with the plan added (YAML)")

    e = sub.add_parser("sensitivity", help="which assumptions move which KPI (SALib Morris or Sobol)")
    _scenario_args(e)
    e.add_argument(
        "--params",
        help="dotted paths, comma-separated (factors on today's value) or path=lo:hi",
    )
    e.add_argument("--method", choices=["morris", "sobol"], default="morris")
    e.add_argument(
        "--kpi", action="append", default=None, metavar="NAME", help="KPI to rank for (repeatable)"
    )
    e.add_argument("--spread", type=float, default=0.2, help="factor range 1 +- spread (default 0.2)")
    e.add_argument("--trajectories", type=int, default=4, help="Morris trajectories (default 4)")
    e.add_argument("--levels", type=int, default=4, help="Morris grid levels (default 4)")
    e.add_argument("--samples", type=int, default=8, help="Sobol base samples, a power of 2 (default 8)")
    _common(e, reps=2)
    e.add_argument("--out", help="also write the indices as CSV")

    n = sub.add_parser("ensemble", help="futures over uncertain inputs: fan charts and P(target met)")
    _scenario_args(n)
    n.add_argument("--members", type=int, default=20, help="ensemble members (default 20)")
    n.add_argument("--target", action="append", default=[], metavar="METRIC<=X", help="target (repeatable)")
    n.add_argument("--from-year", type=int, help="targets must hold in every year from this one")
    _common(n)
    n.add_argument("--out", help="also write the fan-chart quantiles as CSV")

    t = sub.add_parser("tilvisning", help="tilvisning agreements on different terms against buying")
    _scenario_args(t)
    t.add_argument("--units", type=int, default=40, help="units in the project (default 40)")
    t.add_argument("--start-year", type=int, default=2019, help="first occupancy (default 2019)")
    t.add_argument(
        "--alternatives",
        action="store_true",
        help="compare the Selvaag-type agreement with buying, leasing and rent-to-own of as many "
        "dwellings (instead of the workshop's set of terms)",
    )
    _common(t)

    lv = sub.add_parser("levers", help="the levers against homelessness (report 5.7) side by side")
    _scenario_args(lv)
    lv.add_argument(
        "--lever", action="append", default=None, help="only this lever (repeatable; default: all of them)"
    )
    _common(lv)


def _load(path: str, overrides: list[str]):
    from sim.loader import load_scenario

    return load_scenario(path, overrides)


def _dump(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, default=_json_default)
    sys.stdout.write("\n")


def _json_default(x: Any) -> Any:
    import numpy as np

    if isinstance(x, np.integer | np.floating):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return str(x)


def _wall(t0: float) -> None:
    print(f"wall time {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def _finish(
    args: argparse.Namespace,
    t0: float,
    doc: Callable[[], Any],
    text: Callable[[], str],
    write_out: Callable[[str], Any] | None = None,
) -> int:
    """The end the analysis commands share: the ``--out`` file, JSON or text on stdout, the
    wall time on stderr; exit code 0."""
    out = getattr(args, "out", None)
    if out and write_out is not None:
        write_out(out)
        print(f"wrote {out}", file=sys.stderr)
    if args.json:
        _dump(doc())
    else:
        print(text())
    _wall(t0)
    return 0


def dispatch(args: argparse.Namespace) -> int:
    """Run the analysis subcommand ``args.command``; exit code 2 on bad input."""
    handlers = {
        "compare": cmd_compare,
        "sweep": cmd_sweep,
        "size-stock": cmd_size_stock,
        "sensitivity": cmd_sensitivity,
        "ensemble": cmd_ensemble,
        "levers": cmd_levers,
        "tilvisning": cmd_tilvisning,
    }
    try:
        return handlers[args.command](args)
    except ValueError as exc:
        from sim.loader import ScenarioError

        if isinstance(exc, ScenarioError):
            raise
        print(f"boligflyt {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _check_reps(args: argparse.Namespace) -> None:
    if args.reps != "auto" and args.reps < 1:
        raise ValueError(f"--reps: must be at least 1 (got {args.reps})")


def cmd_run_auto(args: argparse.Namespace) -> int:
    """``boligflyt run --reps auto``: replications until the precision is met."""
    from sim.analysis.replications import run_to_precision
    from sim.runner import run

    t0 = time.perf_counter()
    scenario = _load(args.scenario, args.overrides)
    seed = 1 if args.seed is None else args.seed
    with backend_from_args(args) as backend:
        (result,), report = run_to_precision(
            [scenario],
            precision=args.precision,
            kpis=args.kpi,
            seed=seed,
            min_reps=args.min_reps,
            max_reps=args.max_reps,
            backend=backend,
        )
        print(report.text(), file=sys.stderr)
        if getattr(args, "out", None) is not None:
            # the files come from a plain run with the number found (the same replications)
            result = run(
                scenario,
                replications=report.replications,
                seed=seed,
                out=args.out,
                backend=backend,
                force=getattr(args, "force", False),
            )
            print(f"results written to {args.out}", file=sys.stderr)
    if args.json:
        _dump({**result.to_json_dict(), "precision": report.to_json_dict()})
    else:
        print_kpis(result)
    _wall(t0)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """``boligflyt compare BASE VARIANT... --reps N|auto``."""
    from sim.analysis.comparison import comparison_text, paired_compare
    from sim.analysis.replications import run_to_precision
    from sim.compare import Comparison

    t0 = time.perf_counter()
    _check_reps(args)
    scenarios = [_load(p, args.overrides) for p in args.scenarios]
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):
        # differences are keyed by name: make them unique by file name
        from sim.analysis.common import with_changes

        scenarios = [
            with_changes(s, name=f"{s.name}:{Path(p).stem}"[:80])
            for s, p in zip(scenarios, args.scenarios, strict=True)
        ]
    report = None
    work = None if args.reps == "auto" else args.reps * len(scenarios)
    with backend_from_args(args, work) as backend:
        if args.reps == "auto":
            results, report = run_to_precision(
                scenarios,
                precision=args.precision,
                kpis=args.kpi,
                seed=args.seed,
                min_reps=args.min_reps,
                max_reps=args.max_reps,
                backend=backend,
            )
            comparison = Comparison(results)
        else:
            comparison = paired_compare(scenarios, replications=args.reps, seed=args.seed, backend=backend)
    if args.json:
        doc = comparison.to_json_dict()
        if report is not None:
            doc["precision"] = report.to_json_dict()
        _dump(doc)
    else:
        print(comparison_text(comparison, args.kpi))
        if report is not None:
            print(report.text())
    _wall(t0)
    return 0


def _pairs(args: argparse.Namespace) -> dict[str, list[Any]]:
    from sim.analysis.common import parse_value

    if len(args.values) > len(args.param):
        raise ValueError("every --values needs a --param before it")
    out: dict[str, list[Any]] = {}
    for i, p in enumerate(args.param):
        raw = args.values[i] if i < len(args.values) else ""
        out[p] = [parse_value(v.strip()) for v in raw.split(",") if v.strip()]
    return out


def cmd_sweep(args: argparse.Namespace) -> int:
    """``boligflyt sweep SCENARIO --param P --values ...`` or with ``--goal``: the goal seek."""
    from sim.analysis.sweep import goal_seek, sweep

    t0 = time.perf_counter()
    _check_reps(args)
    scenario = _load(args.scenario, args.overrides)
    params = _pairs(args)
    if not params:
        raise ValueError("needs --param (with --values, or --goal for a goal seek)")
    if args.goal:
        if len(params) != 1:
            raise ValueError("a goal takes exactly one --param")
        ((param, values),) = params.items()
        nums = [float(v) for v in values]
        if len(nums) >= 3 and args.lower is None and args.upper is None:
            return _verdict(args, scenario, param, nums, t0)
        if args.reps == "auto":
            raise ValueError(
                "--reps auto needs three or more --values (the verdict); the goal seek takes a number"
            )
        with backend_from_args(args) as backend:
            res = goal_seek(
                scenario,
                param,
                args.goal,
                from_year=args.from_year,
                confidence=0.95 if args.confidence is None else args.confidence,
                lower=args.lower if args.lower is not None else (min(nums) if nums else 0.0),
                upper=args.upper if args.upper is not None else (max(nums) if len(nums) > 1 else None),
                tolerance=args.tolerance,
                replications=args.reps,
                seed=args.seed,
                mapper=backend,
                certainty=args.certainty,
            )
        if args.out:
            Path(args.out).write_text(json.dumps(res.to_json_dict(), indent=1, default=_json_default))
        if args.json:
            _dump(res.to_json_dict())
        else:
            print(res.text())
        _wall(t0)
        return 0
    if args.reps == "auto":
        raise ValueError("--reps auto needs --goal (the verdict over the values)")
    empty = [p for p, v in params.items() if not v]
    if empty:
        raise ValueError(f"--param {empty[0]}: needs --values v1,v2,...")
    with backend_from_args(args) as backend:
        res = sweep(scenario, params, replications=args.reps, seed=args.seed, kpis=args.kpi, mapper=backend)

    def write(path: str) -> None:
        if path.endswith(".json"):
            Path(path).write_text(json.dumps(res.to_json_dict(), indent=1, default=_json_default))
        else:
            res.frame().to_csv(path, index=False)

    return _finish(args, t0, res.to_json_dict, lambda: _sweep_text(res), write)


def _verdict(args: argparse.Namespace, scenario: Any, param: str, values: list[float], t0: float) -> int:
    """``sweep --goal`` over three or more values: the share of futures per value and the verdict."""
    from sim.analysis.sweep import share_verdict

    def progress(done: int, total: int) -> None:
        if done == total or done % 20 == 0:
            print(f"  {done}/{total} replications", file=sys.stderr)

    with backend_from_args(args) as backend:
        res = share_verdict(
            scenario,
            param,
            values,
            args.goal,
            from_year=args.from_year,
            confidence=0.8 if args.confidence is None else args.confidence,
            certainty=args.certainty,
            replications=args.reps,
            min_replications=args.min_reps,
            max_replications=args.max_reps,
            seed=args.seed,
            kpis=args.kpi,
            mapper=backend,
            progress=progress,
        )

    def write(path: str) -> None:
        if path.endswith(".json"):
            Path(path).write_text(json.dumps(res.to_json_dict(), indent=1, default=_json_default))
        else:
            res.frame().to_csv(path, index=False)

    return _finish(args, t0, res.to_json_dict, res.text, write)


def _sweep_text(res: Any) -> str:
    kpis = [c for c in res.rows[0] if c not in res.params and c != "replications" and "_ci95" not in c]
    kpis = [k for k in kpis if not k.endswith("_diff")]
    lines = [
        f"{len(res.rows)} variants x {res.replications} replications (seed {res.seed}); "
        f"[95 % interval]; diff = paired difference to the scenario as given ({res.reference})"
    ]
    for row in res.rows:
        lines.append(", ".join(f"{p} = {row[p]}" for p in res.params))
        for k in kpis:
            m, lo, hi = row[k], row[f"{k}_ci95_low"], row[f"{k}_ci95_high"]
            d = row.get(f"{k}_diff")
            lines.append(
                f"  {k:30s} {_n(m):>16s} [{_n(lo)}, {_n(hi)}]"
                + (
                    f"   diff {_n(d)} [{_n(row[f'{k}_diff_ci95_low'])}, {_n(row[f'{k}_diff_ci95_high'])}]"
                    if d is not None
                    else ""
                )
            )
    return "\n".join(lines)


def _n(x: Any) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:,.3g}"


def cmd_size_stock(args: argparse.Namespace) -> int:
    """``boligflyt size-stock SCENARIO --target ...``."""
    from sim.analysis.sizing import size_stock

    t0 = time.perf_counter()
    _check_reps(args)
    scenario = _load(args.scenario, args.overrides)
    mix = None
    if args.mix:
        mix = {k.strip(): float(v) for k, v in (item.split("=", 1) for item in args.mix.split(","))}
    criterion = args.criterion or ("share" if args.confidence is not None else "mean")

    def progress(reps: int, level: int) -> None:
        print(f"  {reps} replications: level {level}", file=sys.stderr)

    with backend_from_args(args) as backend:
        res = size_stock(
            scenario,
            args.target,
            from_year=args.from_year,
            confidence=0.9 if args.confidence is None else args.confidence,
            types=[t.strip() for t in args.types.split(",")] if args.types else None,
            instruments=args.instruments,
            max_additions_per_year=args.max_additions_per_year,
            mix=mix,
            lead_years=args.lead_years,
            criterion=criterion,
            replications=args.reps,
            seed=args.seed,
            progress=progress,
            mapper=backend,
            certainty=args.certainty,
            min_replications=args.min_reps,
            max_replications=args.max_reps,
            tolerance=args.tolerance,
            max_level=args.max_level,
        )
    from sim.loader import scenario_to_yaml

    return _finish(
        args,
        t0,
        res.to_json_dict,
        res.text,
        lambda path: Path(path).write_text(scenario_to_yaml(res.scenario()), encoding="utf-8"),
    )


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """``boligflyt sensitivity SCENARIO --params a.b,c.d --method morris``."""
    from sim.analysis.sensitivity import DEFAULT_KPIS, DEFAULT_PARAMS, sensitivity

    t0 = time.perf_counter()
    _check_reps(args)
    scenario = _load(args.scenario, args.overrides)
    params = [p.strip() for p in args.params.split(",")] if args.params else list(DEFAULT_PARAMS)
    with backend_from_args(args) as backend:
        res = sensitivity(
            scenario,
            params,
            method=args.method,
            kpis=args.kpi or DEFAULT_KPIS,
            spread=args.spread,
            trajectories=args.trajectories,
            levels=args.levels,
            base_samples=args.samples,
            replications=args.reps,
            seed=args.seed,
            mapper=backend,
        )
    return _finish(args, t0, res.to_json_dict, res.text, lambda path: res.frame().to_csv(path, index=False))


def cmd_ensemble(args: argparse.Namespace) -> int:
    """``boligflyt ensemble SCENARIO --members N --target ...``."""
    from sim.analysis.uncertainty import ensemble

    t0 = time.perf_counter()
    scenario = _load(args.scenario, args.overrides)
    with backend_from_args(args) as backend:
        res = ensemble(
            scenario,
            members=args.members,
            seed=args.seed,
            targets=args.target,
            from_year=args.from_year,
            mapper=backend,
        )
    return _finish(
        args, t0, res.to_json_dict, res.text, lambda path: res.fan_frame().to_csv(path, index=False)
    )


def cmd_tilvisning(args: argparse.Namespace) -> int:
    """``boligflyt tilvisning SCENARIO``: the workshop's variants side by side."""
    from sim.analysis.tilvisning import alternatives, cost_drivers, workshop, workshop_text, workshop_variants

    t0 = time.perf_counter()
    _check_reps(args)
    scenario = _load(args.scenario, args.overrides)
    make = alternatives if args.alternatives else workshop_variants
    variants = make(scenario, units=args.units, start_year=args.start_year)
    with backend_from_args(args) as backend:
        res = workshop(variants, replications=args.reps, seed=args.seed, mapper=backend)
    res["drivers"] = cost_drivers(scenario, args.units)
    return _finish(args, t0, lambda: res, lambda: workshop_text(res))


def print_kpis(result) -> None:
    """The KPI table of a run, one line per KPI with its 95 % interval."""
    print(
        printable(
            f"{result.scenario.name}: {result.replications} replications, seed {result.seed}, "
            f"{result.wall_time_s:.1f} s"
        )
    )
    for name, s in result.aggregate.kpi_summary().items():
        lo, hi = s["ci95"]
        mean = s["mean"]
        if mean is None:
            print(f"  {name:34s} n/a")
            continue
        ci = f"[{lo:,.2f}, {hi:,.2f}]" if lo is not None else ""
        print(f"  {name:34s} {mean:14,.2f}  {ci}")


def cmd_levers(args: argparse.Namespace) -> int:
    """``boligflyt levers SCENARIO``: the levers against homelessness side by side (Markdown)."""
    from sim.analysis.homelessness import levers, levers_markdown, levers_table

    t0 = time.perf_counter()
    _check_reps(args)
    scenario = _load(args.scenario, args.overrides)
    known = levers(scenario)
    for name in args.lever or ():
        if name not in known:
            sys.stderr.write(
                f"boligflyt levers: --lever: unknown lever '{name}'; levers: {', '.join(known)}\n"
            )
            return 2
    with backend_from_args(args) as backend:
        res = levers_table(scenario, replications=args.reps, seed=args.seed, names=args.lever, mapper=backend)
    return _finish(args, t0, lambda: res, lambda: levers_markdown(res))
