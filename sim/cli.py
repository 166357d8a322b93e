"""Command line: ``boligflyt run | validate | schema | docs | calibrate | init | bench`` (a thin client
of the API)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from sim.analysis import commands as analysis
from sim.backends import BackendError, add_backend_args, backend_from_args, default_workers
from sim.errors import ResultFolderError, printable
from sim.loader import ScenarioError, load_scenario
from sim.native import build as native_build
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


class _Version(argparse.Action):
    """``--version``: the package, whether the model runs compiled or as pure Python (and why),
    and the interpreter, on one unwrapped line (argparse's own action wraps it)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        build = native_build().describe()
        print(f"boligflyt {__version__}, model {build}, Python {platform.python_version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="boligflyt",
        description="Simulate households flowing through a municipality's social-housing system.",
    )
    p.add_argument("--version", action=_Version, help="show the version and the model's build, and exit")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="run replications of a scenario")
    _add_scenario_args(r)
    r.add_argument("--reps", type=analysis.reps_type, help="number of replications (default 20)")
    r.add_argument("--seed", type=analysis.seed_type, help="seed of the run (default 1)")
    r.add_argument(
        "--replication", type=int, metavar="R", help="run only replication R (to reproduce a failure)"
    )
    r.add_argument("--resume", action="store_true", help="complete the unfinished run in --out")
    r.add_argument(
        "--force",
        action="store_true",
        help="start afresh in --out even if it holds a finished or unfinished run (discarding its results)",
    )
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
    d.add_argument(
        "--workers", type=int, default=None, help="processes for the runs (default: the number of cores)"
    )
    d.add_argument(
        "--check",
        action="store_true",
        help="only check that the generated documents match today's results (fast); exit 1 if not",
    )

    c = sub.add_parser(
        "calibrate",
        help="fit a scenario's free assumptions (calibration.free) to its targets (calibration.targets)",
    )
    c.add_argument("scenario", nargs="?", default="scenarios/baseline.yaml", help="scenario to calibrate")
    c.add_argument("--reps", type=int, default=40, help="replications per evaluation (default 40)")
    c.add_argument(
        "--seed", type=analysis.seed_type, default=1, help="seed (common random numbers, default 1)"
    )
    c.add_argument("--max-evaluations", type=int, default=160, help="Nelder-Mead budget (default 160)")
    c.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes per evaluation (default: the number of cores, at most --reps)",
    )
    c.add_argument(
        "--write",
        action="store_true",
        help="write the fitted values and the table (calibration.last_fit) back into the file",
    )
    c.add_argument(
        "--report-only",
        action="store_true",
        help="only report the model against the targets, no fitting (with --write: record the table)",
    )

    i = sub.add_parser(
        "init",
        help="write a scenario for a new municipality from its key figures (docs/NEW_MUNICIPALITY.md)",
    )
    i.add_argument("municipality", nargs="?", help="the municipality's name (or give it in --from)")
    i.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="key figures as YAML (the form is scenarios/templates/key_figures.yaml); options override it",
    )
    i.add_argument(
        "--year", type=int, help="the figures' year; the scenario starts on 1 January (default 2016)"
    )
    i.add_argument("--end-year", type=int, help="last year simulated (default 2040)")
    i.add_argument("--population-2016", type=float, metavar="N", help="inhabitants on 1 January 2016")
    i.add_argument(
        "--population",
        action="append",
        default=[],
        metavar="YEAR=N",
        help="inhabitants on 1 January of YEAR (repeatable, or YEAR=N,YEAR=N), e.g. SSB's projection",
    )
    i.add_argument("--dwellings", type=int, metavar="N", help="municipal dwellings in all")
    i.add_argument("--dwellings-with-services", type=int, metavar="N", help="of which with services")
    for flag, what in (
        ("start-loans-per-1000", "start loans granted per 1000 inhabitants (KOSTRA)"),
        ("guarantees-per-1000", "NAV rent guarantees per 1000 inhabitants (KOSTRA)"),
        ("homeless", "homeless persons at any time"),
        ("hospits-nights", "nights in temporary accommodation in the year"),
        ("hospits-users", "persons in temporary accommodation in the year"),
        ("waiting-list", "households with a tilsagn waiting for a dwelling"),
    ):
        i.add_argument(f"--{flag}", type=float, metavar="X", help=what)
    i.add_argument("--name", help="scenario name and file name (default: from the municipality's name)")
    i.add_argument("--out", help="scenario file to write (default scenarios/NAME.yaml)")
    i.add_argument("--force", action="store_true", help="replace --out if it exists")

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
    b.add_argument(
        "--user-tasks",
        action="store_true",
        help="time what users wait for (validate, compare, the budget and tilvisning pages, stock "
        "sizing) as whole processes; --out writes the 'user tasks' section",
    )
    b.add_argument(
        "--vs", metavar="DIR", help="with --user-tasks: also time this checkout (before), interleaved"
    )
    b.add_argument("--repeat", type=int, default=3, help="with --user-tasks: runs of each task (default 3)")
    b.add_argument("--tasks", help="with --user-tasks: only these tasks, comma-separated")
    analysis.add_commands(sub)
    return p


def _load(args: argparse.Namespace):
    return load_scenario(args.scenario, args.overrides)


def cmd_run(args: argparse.Namespace) -> int:
    """``boligflyt run``: keeps finished replications on Ctrl-C, SIGTERM or a failing replication."""
    import signal
    import threading

    from sim.runner import (
        AlreadyComplete,
        ReplicationsFailed,
        ResultFolderError,
        ResultWriteError,
        Terminated,
        run,
    )

    problem = _out_problem(args)
    if problem:
        print(printable(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.reps == "auto":
        try:
            return analysis.cmd_run_auto(args)
        except ValueError as exc:  # an option out of range (--precision 0)
            if isinstance(exc, ScenarioError | ResultFolderError):
                raise
            print(printable(f"boligflyt run: {exc}"), file=sys.stderr)
            return EXIT_BAD_INPUT
    scenario = _load(args)
    plan = _run_plan(args)
    if isinstance(plan, str):
        print(printable(plan), file=sys.stderr)
        return EXIT_BAD_INPUT
    reps, seed, first = plan
    if args.backend == "dask" and not args.scheduler:
        # a local cluster needs no more workers than there are replications to run
        args.workers = min(args.workers or os.cpu_count() or 1, reps)

    def terminate(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate) if main_thread else None
    failures = []
    try:
        with backend_from_args(args, reps).start() as backend:
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
                force=args.force,
            )
    except ReplicationsFailed as exc:
        result, failures = exc.result, exc.failures
    except (KeyboardInterrupt, Terminated) as exc:
        _report_interrupted(args)
        return 143 if isinstance(exc, Terminated) else 130
    except AlreadyComplete as exc:
        print(printable(exc), file=sys.stderr)
        return 0
    except ResultWriteError as exc:
        # a full disk or a folder made read-only: what was saved stays, --resume goes on
        print(printable(exc), file=sys.stderr)
        print(f"  complete it with: {_command(args, '--out', args.out, '--resume')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ResultFolderError as exc:
        print(printable(exc), file=sys.stderr)
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
        print(printable(f"{state} written to {args.out}"), file=sys.stderr)
    for f in failures:
        print(printable(f.describe()), file=sys.stderr)
        if args.replication is not None:
            print(f.traceback, file=sys.stderr, end="")
        again = _command(args, "--seed", f.seed, "--replication", f.replication)
        print(f"  reproduce: {printable(again)}", file=sys.stderr)
    if failures:
        return 1
    if args.check_reproducible > 0:
        return _check_reproducible(args, result)
    return 0


def _out_problem(args: argparse.Namespace) -> str | None:
    """``--out ""`` would write every result file into the current folder without saying so."""
    if args.out is not None and not args.out.strip():
        return (
            f"{args.scenario}:0: --out: the folder name is empty, which would write the result files "
            "into the current folder; give a folder name (--out . if the current folder is meant)"
        )
    if args.force and args.resume:
        return f"{args.scenario}:0: --force: discards the run that --resume would complete; give one of them"
    if args.force and args.out is None:
        return f"{args.scenario}:0: --force: needs --out, the folder whose results it replaces"
    return None


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
        printable(
            f"interrupted: {done} replications finished and kept in {args.out} (partial); "
            f"complete them with: {_command(args, '--out', args.out, '--resume')}"
        ),
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
        printable(
            f"{args.scenario}: ok ({scenario.name}, {len(scenario.groups)} groups, "
            f"{scenario.total_dwellings()} dwellings)"
        )
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
                parts,
                workers=args.workers or default_workers(),
                log=lambda m: print(m, file=sys.stderr),
                notebooks=args.notebook,
            )
        except ValueError as exc:
            print(f"boligflyt docs: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return 0
    atomic_write_text(Path(args.out), scenario_markdown())
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """``boligflyt calibrate``: fit the file's free parameters to its targets (or report)."""
    from sim import calibration as cal

    problem = _calibrate_options(args)
    if problem:
        print(f"{args.scenario}:0: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.workers is None:
        args.workers = default_workers(args.reps)
    command = f"boligflyt calibrate --reps {args.reps} --seed {args.seed}"
    if args.report_only:
        sc = cal.load(args.scenario, need_free=False)
        rows = cal.calibration_report(sc, None, args.reps, args.seed, args.workers)
        print(cal.report_markdown(rows, args.reps, args.seed))
        if args.write:
            record = cal.last_fit_record(sc, {}, rows, f"{command} --report-only", args.reps, args.seed, 0)
            cal.write_back(args.scenario, {}, "", last_fit=record)
            print(f"wrote the table into {args.scenario} (calibration.last_fit)", file=sys.stderr)
        return 0 if all(r["met"] for r in rows) else 1
    sc = cal.load(args.scenario)
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
        record = cal.last_fit_record(
            sc, fit.values, fit.report, command, args.reps, args.seed, fit.evaluations
        )
        cal.write_back(
            args.scenario, fit.values, command, fit.start, record, resolved=sc.model_dump(mode="json")
        )
        print(f"wrote the fitted values into {args.scenario}", file=sys.stderr)
    return 0 if all(r["met"] for r in fit.report) else 1


def _calibrate_options(args: argparse.Namespace) -> str:
    """What is wrong with the options of ``calibrate`` ("" if nothing)."""
    if args.reps < 1:
        return f"--reps: must be at least 1 (got {args.reps})"
    if args.max_evaluations < 1:
        return f"--max-evaluations: must be at least 1 (got {args.max_evaluations})"
    if args.workers is not None and args.workers < 1:
        return f"--workers: must be at least 1 (got {args.workers})"
    return ""


def cmd_init(args: argparse.Namespace) -> int:
    """``boligflyt init``: a scenario for a new municipality from its key figures."""
    from sim import municipality as mun

    overrides: dict[str, object] = {}
    flags: dict[str, str] = {}

    def give(key: str, value: object, flag: str) -> None:
        overrides[key] = value
        flags[key] = flag

    if args.municipality is not None:
        give("municipality", args.municipality, "municipality")
    if args.name is not None:
        give("name", args.name, "--name")
    if args.year is not None:
        give("year", args.year, "--year")
    if args.end_year is not None:
        give("end_year", args.end_year, "--end-year")
    population: dict[int, float] = {}
    if args.population_2016 is not None:
        population[2016] = args.population_2016
    for text in args.population:
        for item in filter(None, (x.strip() for x in text.split(","))):
            year, _, value = item.partition("=")
            try:
                population[int(year)] = float(value)
            except ValueError:
                print(
                    f"--population:0: population: expected YEAR=N such as 2020=5100 (got {item!r})",
                    file=sys.stderr,
                )
                return EXIT_BAD_INPUT
    if population:
        give("population", population, "--population")
    if args.dwellings is not None or args.dwellings_with_services is not None:
        dwellings: dict[str, object] = {"source": ""}
        if args.dwellings is not None:
            dwellings["value"] = args.dwellings
        if args.dwellings_with_services is not None:
            dwellings["with_services"] = args.dwellings_with_services
        give("municipal_dwellings", dwellings, "--dwellings")
    for key in mun.FIGURES:
        value = getattr(args, key)
        if value is not None:
            give(key, {"value": value, "source": ""}, "--" + key.replace("_", "-"))
    if args.from_file is None and "municipality" not in overrides:
        print(
            "init:0: municipality: give the municipality's name, or --from a key-figures file",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    kf, made_from = mun.key_figures_from(args.from_file, overrides, flags)
    out = Path(args.out) if args.out else Path("scenarios") / f"{kf.scenario_name()}.yaml"
    mun.write_scenario(kf, out, made_from, force=args.force)
    sc = load_scenario(out)
    cal = sc.calibration
    print(
        f"wrote {out}: {sc.municipality_name()}, {sc.total_dwellings()} municipal dwellings, "
        f"{len(cal.targets)} calibration targets, {len(cal.free)} free assumptions"
    )
    if cal.targets and cal.free:
        print(f"next: boligflyt calibrate {out} --write")
    else:
        print("no key figure to calibrate to: give homeless, hospits, start-loan or guarantee figures")
    return 0


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
    import shlex

    if args.user_tasks:
        from sim.benchmarks import tasks

        command = shlex.join(["boligflyt", *(sys.argv[1:] if argv is None else argv)])
        return tasks.cli(args.vs, args.repeat, args.tasks, args.out, args.json, command)
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
        "init": cmd_init,
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
        print(printable(f"boligflyt {args.command}: {exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ResultFolderError as exc:  # an output folder (e.g. of run --reps auto) that cannot be used
        print(printable(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
