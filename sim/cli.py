"""Command line: ``boligflyt run | validate | schema | docs | bench`` (a thin client of the API)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.analysis import commands as analysis
from sim.backends import BackendError, add_backend_args, backend_from_args
from sim.loader import ScenarioError, load_scenario
from sim.version import __version__

EXIT_BAD_INPUT = 2


def _add_scenario_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field, e.g. --set allocation.meeting_interval_days=7 (repeatable)",
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="boligflyt",
        description="Simulate households flowing through a municipality's social-housing system.",
    )
    p.add_argument("--version", action="version", version=f"boligflyt {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="run replications of a scenario")
    _add_scenario_args(r)
    r.add_argument("--reps", type=analysis.reps_type, help="number of replications (default 20)")
    r.add_argument("--seed", type=int, help="seed of the run (default 1)")
    r.add_argument(
        "--replication", type=int, metavar="R", help="run only replication R (to reproduce a failure)"
    )
    r.add_argument("--resume", action="store_true", help="complete the unfinished run in --out")
    r.add_argument(
        "--check-reproducible",
        type=int,
        nargs="?",
        const=3,
        default=0,
        metavar="N",
        help="rerun N replications (default 3) in a fresh process and compare KPI rows byte for byte",
    )
    add_backend_args(r)  # --workers, --backend, --scheduler
    r.add_argument("--out", help="folder for result files (Parquet, CSV, manifest.json)")
    r.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    r.add_argument("--event-log", action="store_true", help="also write the household event log")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    analysis.add_precision_args(r)  # --reps auto

    v = sub.add_parser("validate", help="check a scenario file; exit 2 with one line per problem")
    _add_scenario_args(v)

    sub.add_parser("schema", help="print the scenario JSON Schema")

    d = sub.add_parser(
        "docs",
        help="write docs/SCENARIO.md from the schema; --all: every model-derived number in docs/ "
        "and notebooks/",
    )
    d.add_argument(
        "--out", default="docs/SCENARIO.md", help="where the scenario reference goes (without --all)"
    )
    d.add_argument(
        "--all",
        action="store_true",
        help="regenerate every generated document: SCENARIO.md, VALIDATION.md, the generated sections of "
        "ANALYSES.md and PERFORMANCE.md, and the notebooks with their outputs (tens of minutes)",
    )
    d.add_argument(
        "--only",
        metavar="PARTS",
        help="with --all: a comma-separated subset of scenario, validation, analyses, notebooks",
    )
    d.add_argument(
        "--notebook", action="append", default=None, metavar="NAME", help="with --all: only this notebook"
    )
    d.add_argument("--workers", type=int, default=2, help="processes for the runs (default 2)")
    d.add_argument(
        "--check",
        action="store_true",
        help="only check that the generated documents match today's results (fast); exit 1 if not",
    )

    c = sub.add_parser("calibrate", help="fit the baseline's free assumptions to the report's facts")
    c.add_argument("scenario", nargs="?", default="scenarios/baseline.yaml", help="scenario to calibrate")
    c.add_argument("--reps", type=int, default=40, help="replications per evaluation (default 40)")
    c.add_argument("--seed", type=int, default=1, help="seed (common random numbers, default 1)")
    c.add_argument("--max-evaluations", type=int, default=160, help="Nelder-Mead budget (default 160)")
    c.add_argument("--workers", type=int, default=1, help="processes per evaluation")
    c.add_argument("--write", action="store_true", help="write the fitted values back into the file")
    c.add_argument("--report-only", action="store_true", help="only report fit vs targets, no fitting")

    vr = sub.add_parser("validation-report", help="write docs/VALIDATION.md (runs every validation check)")
    vr.add_argument("--out", default="docs/VALIDATION.md")
    vr.add_argument("--baseline", default="scenarios/baseline.yaml")
    vr.add_argument("--quick", action="store_true", help="fewer replications (a smoke test)")

    b = sub.add_parser("bench", help="benchmarks of speed, scaling and memory (issue 7)")
    b.add_argument("--quick", action="store_true", help="fewer replications, one repeat (a CI smoke test)")
    b.add_argument("--out", help="also write the report as Markdown, e.g. docs/PERFORMANCE.md")
    b.add_argument("--json", action="store_true", help="print the report as JSON instead of the table")
    b.add_argument(
        "--before",
        metavar="FILE",
        help="an earlier run's `bench --json` report: the Markdown gets a before-and-after section",
    )
    analysis.add_commands(sub)
    return p


def _load(args: argparse.Namespace):
    return load_scenario(args.scenario, args.overrides)


def cmd_run(args: argparse.Namespace) -> int:
    """``boligflyt run``: keeps finished replications on Ctrl-C, SIGTERM or a failing replication."""
    import signal
    import threading

    from sim.runner import AlreadyComplete, ReplicationsFailed, ResultFolderError, Terminated, run

    if args.reps == "auto":
        return analysis.cmd_run_auto(args)
    scenario = _load(args)
    plan = _run_plan(args)
    if isinstance(plan, str):
        print(plan, file=sys.stderr)
        return EXIT_BAD_INPUT
    reps, seed, first = plan

    def terminate(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate) if main_thread else None
    failures = []
    try:
        with backend_from_args(args).start() as backend:
            result = run(
                scenario,
                replications=reps,
                seed=seed,
                progress=not args.no_progress,
                out=args.out,
                event_log=args.event_log,
                first_replication=first,
                resume=args.resume,
                backend=backend,
            )
    except ReplicationsFailed as exc:
        result, failures = exc.result, exc.failures
    except (KeyboardInterrupt, Terminated) as exc:
        _report_interrupted(args)
        return 143 if isinstance(exc, Terminated) else 130
    except AlreadyComplete as exc:
        print(exc, file=sys.stderr)
        return 0
    except ResultFolderError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif result.replications:
        analysis.print_kpis(result)
    if args.out:
        state = "partial results" if result.partial else "results"
        print(f"{state} written to {args.out}", file=sys.stderr)
    for f in failures:
        print(f.describe(), file=sys.stderr)
        if args.replication is not None:
            print(f.traceback, file=sys.stderr, end="")
        again = _command(args, "--seed", f.seed, "--replication", f.replication)
        print(f"  reproduce: {again}", file=sys.stderr)
    if failures:
        return 1
    if args.check_reproducible > 0:
        return _check_reproducible(args, result)
    return 0


def _run_plan(args: argparse.Namespace) -> tuple[int, int, int] | str:
    """(replications, seed, first replication) from the options, or the problem with them."""
    where = f"{args.scenario}:0:"
    if args.resume and not args.out:
        return f"{where} --resume: needs --out, the folder of the unfinished run"
    if args.check_reproducible < 0:
        return f"{where} --check-reproducible: must be 0 or more (got {args.check_reproducible})"
    if args.replication is not None:
        if args.reps not in (None, 1):
            return f"{where} --reps: --replication R runs exactly one replication (got --reps {args.reps})"
        if args.replication < 0:
            return f"{where} --replication: must be 0 or more (got {args.replication})"
        return 1, args.seed if args.seed is not None else 1, args.replication
    reps, seed, first = args.reps, args.seed, 0
    if args.resume:
        try:
            old = json.loads((Path(args.out) / "manifest.json").read_text(encoding="utf-8"))
            reps = reps if reps is not None else int(old["requested_replications"])
            seed = seed if seed is not None else int(old["seed"])
            first = int(old.get("first_replication", 0))
        except (OSError, ValueError, KeyError, TypeError):
            return f"{args.out}/manifest.json:0: --resume: no readable manifest, so no run to resume"
    reps = 20 if reps is None else reps
    if reps < 1:
        return f"{where} --reps: must be at least 1 (got {reps})"
    return reps, 1 if seed is None else seed, first


def _command(args: argparse.Namespace, *extra: object) -> str:
    """The shell command that runs this scenario again, with ``extra`` options."""
    import shlex

    sets = [x for o in args.overrides for x in ("--set", o)]
    # the same place to run: a resumed run on a cluster should go back to that cluster
    where: list[str] = []
    if getattr(args, "backend", "local") != "local":
        where += ["--backend", args.backend]
    if getattr(args, "scheduler", None):
        where += ["--scheduler", args.scheduler]
    if getattr(args, "workers", None) is not None:
        where += ["--workers", str(args.workers)]
    return shlex.join(["boligflyt", "run", args.scenario, *sets, *where, *(str(e) for e in extra)])


def _report_interrupted(args: argparse.Namespace) -> None:
    if not args.out:
        print("interrupted (finished replications are kept only with --out)", file=sys.stderr)
        return
    try:
        m = json.loads((Path(args.out) / "manifest.json").read_text(encoding="utf-8"))
        done = f"{m['replications']} of {m['requested_replications']}"
    except (OSError, ValueError, KeyError):
        done = "the finished"
    print(
        f"interrupted: {done} replications finished and kept in {args.out} (partial); "
        f"complete them with: {_command(args, '--out', args.out, '--resume')}",
        file=sys.stderr,
    )


def _check_reproducible(args: argparse.Namespace, result) -> int:
    from sim.runner import check_reproducible, record_in_manifest

    check = check_reproducible(result, args.check_reproducible)
    if args.out:
        record_in_manifest(args.out, "reproducibility_check", check)
    reps = ", ".join(str(r) for r in check["replications"])
    if check["identical"]:
        print(
            f"reproducible: replications {reps} rerun in a fresh process gave byte-identical KPI rows",
            file=sys.stderr,
        )
        return 0
    for d in check["differences"]:
        print(
            f"NOT reproducible: replication {d['replication']} differs in {', '.join(d['kpis'])}",
            file=sys.stderr,
        )
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    scenario = _load(args)
    print(
        f"{args.scenario}: ok ({scenario.name}, {len(scenario.groups)} groups, "
        f"{scenario.total_dwellings()} dwellings)"
    )
    return 0


def cmd_schema(_args: argparse.Namespace) -> int:
    from sim.scenario import Scenario

    json.dump(Scenario.model_json_schema(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from sim.docs import scenario_markdown
    from sim.runner import atomic_write_text

    if args.check:
        from sim.analysis.documents import check

        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        if not problems:
            print("the generated documents match today's results", file=sys.stderr)
        return 1 if problems else 0
    if args.all or args.only or args.notebook:
        from sim.analysis.documents import PARTS, generate

        parts = [p.strip() for p in args.only.split(",")] if args.only else list(PARTS)
        try:
            generate(
                parts, workers=args.workers, log=lambda m: print(m, file=sys.stderr), notebooks=args.notebook
            )
        except ValueError as exc:
            print(f"boligflyt docs: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return 0
    atomic_write_text(Path(args.out), scenario_markdown())
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim import calibration as cal
    from sim.loader import read_yaml_file

    if args.report_only:
        data, _ = read_yaml_file(Path(args.scenario))
        data.pop("extends", None)
        rows = cal.calibration_report(data, args.reps, args.seed, args.workers)
        print(cal.report_markdown(rows, args.reps, args.seed))
        return 0 if all(r["met"] for r in rows) else 1
    fit = cal.calibrate(
        args.scenario,
        args.reps,
        args.seed,
        args.max_evaluations,
        args.workers,
        log=lambda msg: print(msg, file=sys.stderr),
    )
    print(f"fitted in {fit.evaluations} evaluations (objective {fit.objective:.4f}):")
    for path, value in fit.values.items():
        print(f"  {path}: {fit.start[path]:g} -> {value:g}")
    print()
    print(cal.report_markdown(fit.report, args.reps, args.seed))
    if args.write:
        note = f"boligflyt calibrate --reps {args.reps} --seed {args.seed}"
        cal.write_back(args.scenario, fit.values, note, fit.start)
        print(f"wrote the fitted values into {args.scenario}", file=sys.stderr)
    return 0 if all(r["met"] for r in fit.report) else 1


def cmd_validation_report(args: argparse.Namespace) -> int:
    from sim.analysis.documents import Provenance, code_version, results_fingerprint, validation_text
    from sim.runner import atomic_write_text

    prov = Provenance(code_version(), results_fingerprint(), command="boligflyt validation-report")
    text = validation_text(
        prov, quick=args.quick, log=lambda m: print(m, file=sys.stderr), baseline=args.baseline
    )
    atomic_write_text(Path(args.out), text)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace, argv: list[str] | None = None) -> int:
    from sim.benchmarks import cli

    return cli(quick=args.quick, out=args.out, as_json=args.json, argv=argv, before=args.before)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``boligflyt`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    handlers = {
        "run": cmd_run,
        "validate": cmd_validate,
        "schema": cmd_schema,
        "docs": cmd_docs,
        "calibrate": cmd_calibrate,
        "validation-report": cmd_validation_report,
    }
    try:
        if args.command in analysis.COMMANDS:
            return analysis.dispatch(args)
        if args.command == "bench":
            return cmd_bench(args, argv)
        return handlers[args.command](args)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BackendError as exc:  # --backend/--scheduler that cannot be used
        print(f"boligflyt {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
