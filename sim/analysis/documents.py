"""Generated documents: every number in ``docs/*.md`` and the notebooks that comes from a
model run is written by one command, ``boligflyt docs --all`` (``make docs``).

What it writes:

- ``docs/ANALYSES.md``: the sections between ``<!-- BEGIN GENERATED name ... -->`` and
  ``<!-- END GENERATED name -->`` (the measured examples and the results table); the
  hand-written text around them, which carries no model-derived number, is kept as it is;
- ``docs/VALIDATION.md``: the whole report (:func:`sim.validation.build_report`);
- ``docs/PERFORMANCE.md``: the section with the analyses' wall times (the rest of that file
  is ``boligflyt bench``'s, which keeps this section when it rewrites the file);
- ``docs/SCENARIO.md``: the scenario reference, from the schema (no model run; it is
  checked byte for byte against the schema by its own test);
- ``notebooks/*.ipynb``: executed from top to bottom with nbclient in full mode, outputs
  stored.

Every generated section and notebook records the command, the code version (package
version and git commit) and the **results fingerprint**: a hash of the KPIs of
``boligflyt run scenarios/baseline.yaml --reps 2 --seed 1`` (two replications, about a
second) and of the analyses' code (:func:`analysis_code_hash`: a new search in an analysis
changes its answers without changing the model's KPIs). :func:`check` recomputes the
fingerprint and reports every generated part made with other results, or edited by hand
since (each marker carries a hash of its text); ``tests/test_generated_docs.py`` runs it
in ``make test`` and names the command to run.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "boligflyt docs --all"
MAKE = "make docs"
BASELINE = Path("scenarios") / "baseline.yaml"
#: the run whose KPIs make the results fingerprint: `run scenarios/baseline.yaml --reps 2 --seed 1`
FINGERPRINT_REPLICATIONS = 2
FINGERPRINT_SEED = 1
ANALYSES = Path("docs") / "ANALYSES.md"
VALIDATION = Path("docs") / "VALIDATION.md"
PERFORMANCE = Path("docs") / "PERFORMANCE.md"
SCENARIO = Path("docs") / "SCENARIO.md"
NOTEBOOKS = Path("notebooks")
PARTS = ("scenario", "validation", "analyses", "notebooks")
#: the generated sections each Markdown file must have
SECTIONS: dict[Path, tuple[str, ...]] = {
    ANALYSES: (
        "crn-example",
        "mmc-sizing",
        "stock-seeds",
        "budget-verdict",
        "tilvisning-alternatives",
        "homelessness-levers",
        "baseline-results",
    ),
    VALIDATION: ("validation",),
    PERFORMANCE: ("analysis-wall-times",),
}
#: the cost KPIs quoted: the municipal budget and the municipality's present value (docs/COSTS.md)
COST_KPIS = ("cost_municipal_budget_nok", "cost_municipal_npv_nok")

Log = Callable[[str], None]

_MARK = re.compile(
    r"<!-- BEGIN GENERATED (?P<name>[a-z0-9-]+)(?P<meta>[^>]*)-->\n(?P<body>.*?)"
    r"<!-- END GENERATED (?P=name) -->",
    re.S,
)
_META = re.compile(r"(code|results|text) ([^;]+?)\s*(?=;|$)")


# ---------------------------------------------------------------- provenance
def results_fingerprint(root: Path = ROOT) -> str:
    """16 hex digits of a hash of the KPIs of ``run scenarios/baseline.yaml --reps 2 --seed 1``
    and of the analyses' code (:func:`analysis_code_hash`).

    Values are written with 10 significant digits, so the fingerprint does not depend on the
    last bit of a floating-point sum on another machine; any change in results shows.
    """
    from sim.loader import load_scenario
    from sim.replication import run_replication

    scenario = load_scenario(root / BASELINE)
    rows = []
    for r in range(FINGERPRINT_REPLICATIONS):
        kpis = run_replication(scenario, FINGERPRINT_SEED, r).kpis
        rows.append({k: _canonical(v) for k, v in sorted(kpis.items())})
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{text}\n{analysis_code_hash(root)}".encode()).hexdigest()[:16]


def analysis_code_hash(root: Path = ROOT) -> str:
    """A hash of the analyses' code (``sim/analysis/*.py``) as the interpreter sees it:
    the syntax trees without docstrings, so comments, docstrings and layout do not count.

    Part of the results fingerprint: a change in how an analysis searches or reports (the
    stock plan's search, say) changes the documents without changing the model's KPIs.
    """
    import ast

    digest = hashlib.sha256()
    for path in sorted((root / "sim" / "analysis").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (
                isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
        digest.update(path.name.encode() + b"\0" + ast.dump(tree).encode() + b"\0")
    return digest.hexdigest()[:16]


def _canonical(v: Any) -> str:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "nan" if math.isnan(x) else f"{x:.10g}"


def git_revision(root: Path = ROOT, paths: tuple[str, ...] = ("sim", "scenarios")) -> tuple[str, bool] | None:
    """The short commit of ``root`` and whether tracked files under ``paths`` differ from it
    (None without git)."""
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", *paths],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return rev, bool(dirty)


def code_version(root: Path = ROOT) -> str:
    """``0.1.0 git 26bbb0c`` (``+changes`` when files under ``sim/`` differ from the commit)."""
    from sim.version import __version__

    git = git_revision(root)
    if git is None:
        return __version__
    rev, dirty = git
    return f"{__version__} git {rev}{'+changes' if dirty else ''}"


@dataclass(frozen=True)
class Provenance:
    """Who wrote a generated part, from which code, with which results."""

    code: str
    fingerprint: str
    command: str = COMMAND

    def marker(self, name: str, body: str) -> str:
        """A generated section: the begin marker with the provenance, the body, the end marker."""
        body = body.rstrip("\n") + "\n"
        return (
            f"<!-- BEGIN GENERATED {name}: written by `{self.command}`; do not edit; "
            f"code {self.code}; results {self.fingerprint}; text {text_hash(body)} -->\n"
            f"{body}<!-- END GENERATED {name} -->"
        )

    def note(self) -> str:
        """One line for a reader."""
        return (
            f"Generated by `{self.command}` (`{MAKE}`) with code {self.code}; results fingerprint "
            f"`{self.fingerprint}`."
        )


def text_hash(body: str) -> str:
    """12 hex digits of a hash of a generated section's text (shows a hand edit)."""
    return hashlib.sha256(body.encode()).hexdigest()[:12]


@dataclass
class Section:
    """A generated section found in a file."""

    name: str
    meta: dict[str, str]
    body: str


def sections(text: str) -> dict[str, Section]:
    """The generated sections of a text, by name."""
    out = {}
    for m in _MARK.finditer(text):
        meta = {k: v.strip() for k, v in _META.findall(m.group("meta"))}
        out[m.group("name")] = Section(m.group("name"), meta, m.group("body"))
    return out


def replace_sections(text: str, bodies: Mapping[str, str], prov: Provenance) -> str:
    """``text`` with the named generated sections' bodies replaced (each must be present)."""
    found = sections(text)
    missing = [n for n in bodies if n not in found]
    if missing:
        raise ValueError(f"no generated section named {', '.join(missing)} (add its markers first)")

    def swap(m: re.Match[str]) -> str:
        name = m.group("name")
        return prov.marker(name, bodies[name]) if name in bodies else m.group(0)

    return _MARK.sub(swap, text)


# ---------------------------------------------------------------- the check
def check(root: Path = ROOT, fingerprint: str | None = None) -> list[str]:
    """Every generated part whose results are not today's or whose text was edited by hand.

    Returns one line per problem (empty when all is well), each naming the command to run.
    """
    fp = fingerprint or results_fingerprint(root)
    fix = f"run `{MAKE}` (or `{COMMAND}`) and commit the result"
    problems: list[str] = []
    for rel, names in SECTIONS.items():
        path = root / rel
        if not path.exists():
            problems.append(f"{rel}: missing; {fix}")
            continue
        found = sections(path.read_text(encoding="utf-8"))
        for name in names:
            sec = found.get(name)
            if sec is None:
                problems.append(f"{rel}: generated section '{name}' is missing; {fix}")
                continue
            if sec.meta.get("results") != fp:
                problems.append(
                    f"{rel} [{name}]: written with results {sec.meta.get('results')}, the model now gives "
                    f"{fp}: the results changed and the document was not regenerated; {fix}"
                )
            if sec.meta.get("text") != text_hash(sec.body):
                problems.append(f"{rel} [{name}]: edited by hand since it was generated; {fix}")
    for nb_path in sorted((root / NOTEBOOKS).glob("*.ipynb")):
        rel_nb = nb_path.relative_to(root)
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        meta = nb.get("metadata", {}).get("boligflyt", {})
        if meta.get("results") != fp:
            problems.append(
                f"{rel_nb}: executed with results {meta.get('results')}, the model now gives {fp}; {fix}"
            )
        code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
        if any(not c.get("outputs") and c.get("source") for c in code_cells[:1]):
            problems.append(f"{rel_nb}: stored without outputs; {fix}")
        errors = [o for c in code_cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            problems.append(f"{rel_nb}: stored with an error output; {fix}")
    return problems


# ---------------------------------------------------------------- formatting helpers
def _n(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    x = float(x)
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def _values(values: Sequence[float]) -> str:
    """Values as typed on the command line: ``0,1e6,2e6``."""
    return ",".join(f"{v:.0f}" if float(v).is_integer() else f"{v:g}" for v in values)


def _mnok(x: Any) -> str:
    return "n/a" if x is None else f"{float(x) / 1e6:,.1f}"


def _ci(ci: Sequence[Any], scale: float = 1.0) -> str:
    lo, hi = ci
    if lo is None or hi is None:
        return "[n/a]"
    return f"[{_n(lo / scale)}, {_n(hi / scale)}]"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes (a process pool's workers
    are counted once the pool has shut down): the work done, whatever the machine's load."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:  # pragma: no cover - not on Linux
        return "n/a"


@dataclass
class Context:
    """What the generators share: the baseline, the workers, the log and measured results."""

    root: Path
    workers: int
    log: Log
    prov: Provenance
    results: dict[str, Any]

    def baseline(self):  # -> Scenario
        from sim.loader import load_scenario

        return load_scenario(self.root / BASELINE)

    def scenario(self, name: str):  # -> Scenario
        from sim.loader import load_scenario

        return load_scenario(self.root / "scenarios" / f"{name}.yaml")

    def mapper(self):  # -> Mapper
        from sim.analysis.common import process_pool_mapper

        return process_pool_mapper(self.workers)

    def timed(self, key: str, fn: Callable[[], Any]) -> Any:
        self.log(f"  {key} ...")
        t0 = time.perf_counter()
        out = fn()
        self.results[f"{key}_wall_s"] = time.perf_counter() - t0
        self.results[key] = out
        self.log(f"  {key}: {self.results[f'{key}_wall_s']:.0f} s")
        return out


# ---------------------------------------------------------------- docs/ANALYSES.md
def _crn_example(ctx: Context) -> str:
    from sim.analysis.common import with_changes
    from sim.analysis.comparison import crn_ratio

    base = with_changes(ctx.baseline(), {"end_date": "2022-12-31"}, name="short")
    budget = base.start_loans.budget_nok_per_year
    more = with_changes(base, {"start_loans.budget_nok_per_year": 2 * budget}, name="double_budget")
    r = ctx.timed("crn", lambda: crn_ratio(base, more, "mean_wait_days", 12, seed=4, mapper=ctx.mapper()))
    return (
        "On the baseline cut to 2016-2022 with twice today's start-loan budget, 12 replications, "
        f"mean wait: half-width {_n(r['half_width_crn'], 2)} days with CRN against "
        f"{_n(r['half_width_independent'], 3)} days with independent seeds, **ratio {r['ratio']:.2f}** "
        f"(correlation {_n(r['correlation'], 2)} between the paired replications; "
        "`pytest -s tests/test_analysis_compare.py -k crn` prints them). The same precision without "
        f"CRN needs about 1/{r['ratio']:.2f}² ≈ {1 / max(r['ratio'], 1e-9) ** 2:.0f} times as many "
        "replications.\n"
    )


def _mmc_sizing(ctx: Context) -> str:
    from sim.analysis.sizing import size_stock
    from sim.loader import scenario_from_dict
    from sim.validation import mmc_scenario

    data = mmc_scenario(9, 8 / 9, 20.0, 6)
    data["stock_prices"] = {"purchase_delay_days": 0}
    sc = scenario_from_dict(data)
    rows = []
    for seed in (1, 2, 3):
        t0 = time.perf_counter()
        res = size_stock(sc, ["mean_wait_days<=2.8"], from_year=2001, seed=seed, mapper=ctx.mapper())
        rows.append(
            f"| {seed} | {res.replications} | {res.total_additions} | {res.total_range[0]}-"
            f"{res.total_range[1]} | {9 + res.total_additions} | {'yes' if res.settled else 'no'} | "
            f"{time.perf_counter() - t0:.0f} s |"
        )
    return (
        '`size_stock(mmc, ["mean_wait_days<=2.8"], from_year=2001, seed=s)` on the M/M/c queue above '
        "(9 dwellings to start):\n\n"
        "| seed | replications | dwellings added | range | stock | settled | wall time |\n"
        "|---|--:|--:|---|--:|---|--:|\n" + "\n".join(rows) + "\n"
    )


def _stock_seeds(ctx: Context) -> str:
    from sim.analysis.sizing import size_stock

    base = ctx.baseline()
    target = "p_wait_over_6_months<=0.10"
    runs = []
    cpu = {}
    for seed in (1, 2, 3):
        t0, c0 = time.perf_counter(), cpu_seconds()
        res = size_stock(base, [target], from_year=2020, seed=seed, mapper=ctx.mapper())
        wall = time.perf_counter() - t0
        cpu[seed] = cpu_seconds() - c0
        runs.append((seed, res, wall))
        ctx.log(
            f"  size-stock seed {seed}: {res.total_additions} dwellings, {wall:.0f} s, CPU {cpu[seed]:.0f} s"
        )
    ctx.results["stock_seeds"] = [(s, r.total_additions, r.replications, w, cpu[s]) for s, r, w in runs]
    ctx.results["stock_load"] = _load_average()
    first = min(min(r.additions_by_year, default=base.start_date.year) for _, r, _ in runs)

    def first_year(r: Any) -> str:
        adds = r.additions_by_year_type.get(first, {})
        return ", ".join(f"{n} {t}" for t, n in adds.items()) or "none"

    lines = [
        f'`boligflyt size-stock scenarios/baseline.yaml --target "{target}" --from-year 2020 --seed S '
        f"--workers {ctx.workers}` (every other option at its default: every dwelling type in proportion "
        "to today's stock, purchases and care builds, at most 10 a year, replications chosen "
        "automatically):",
        "",
        f"| seed | replications | dwellings added | 90 % range | level (per 1000) | decided in {first} | "
        "years met | settled | wall time | CPU |",
        "|---|--:|--:|---|--:|---|--:|---|--:|--:|",
    ]
    for seed, r, wall in runs:
        met = sum(1 for y in r.years if y["met"])
        lines.append(
            f"| {seed} | {r.replications} | **{r.total_additions}** | "
            f"{r.total_range[0]}-{r.total_range[1]} | "
            f"{r.level} ({r.per_1000:.2f}) | {first_year(r)} | {met} of {len(r.years)} | "
            f"{'yes' if r.settled else 'no'} | {wall:.0f} s | {cpu[seed]:.0f} s |"
        )
    totals = [r.total_additions for _, r, _ in runs]
    spread = max(totals) - min(totals)
    allowed = max(5, 0.1 * max(totals))
    same_first = len(
        {json.dumps(r.additions_by_year_type.get(first, {}), sort_keys=True) for _, r, _ in runs}
    )
    lines += [
        "",
        f"Totals {', '.join(map(str, totals))}: largest difference {spread} dwellings (allowed: 10 % or 5, "
        f"whichever is larger: {allowed:g}); first-year decisions "
        + ("the same for all three seeds" if same_first == 1 else "**differ between seeds**")
        + f". Load average when measured: {ctx.results['stock_load']}.",
        "",
        "The plan for seed 1, year by year (the decision of each year with its range over the bootstrap; "
        "the target's value at the plan with its interval):",
        "",
        "```text",
        runs[0][1].text(),
        "```",
    ]
    ctx.results["stock_seed_runs"] = runs
    return "\n".join(lines) + "\n"


def _budget_verdict(ctx: Context) -> str:
    from sim.analysis.sweep import share_verdict

    base = ctx.baseline()
    today = float(base.start_loans.budget_nok_per_year)
    values = [0.0, 0.5 * today, today, 1.5 * today, 2 * today, 3 * today]
    target = "mean_wait_days<=200"  # a goal whose share of futures grows with the budget
    res = ctx.timed(
        "budget_verdict",
        lambda: share_verdict(
            base,
            "start_loans.budget_nok_per_year",
            values,
            [target],
            from_year=2020,
            confidence=0.8,
            replications="auto",
            mapper=ctx.mapper(),
        ),
    )
    vals = _values(values)
    lines = [
        f"`boligflyt sweep scenarios/baseline.yaml --param start_loans.budget_nok_per_year --values {vals} "
        f'--goal "{target}" --from-year 2020 --confidence 0.8 --reps auto` '
        f"({ctx.results['budget_verdict_wall_s']:.0f} s):",
        "",
        "| budget (NOK million a year) | futures | meeting the goal | share | 95 % interval | status |",
        "|--:|--:|--:|--:|---|---|",
    ]
    for r in res.rows:
        v = r["start_loans.budget_nok_per_year"]
        mark = " (today)" if abs(v - today) < 1 else ""
        lines.append(
            f"| {v / 1e6:,.0f}{mark} | {r['replications']} | {r['futures_meeting']} | "
            f"{r['share_meeting_targets']:.0%} | {r['share_low']:.0%}-{r['share_high']:.0%} | "
            f"{r['share_status']} |"
        )
    lines += ["", f"Verdict: {res.message}."]
    if res.violations:
        lines.append(f"Pairs that are not monotone: {len(res.violations)}.")
    return "\n".join(lines) + "\n"


def _baseline_results(ctx: Context) -> str:
    from sim.analysis.comparison import paired_compare
    from sim.analysis.replications import run_to_precision
    from sim.analysis.sensitivity import DEFAULT_KPIS, sensitivity
    from sim.analysis.sweep import goal_seek, sweep
    from sim.analysis.tilvisning import workshop, workshop_variants
    from sim.analysis.uncertainty import ensemble

    base = ctx.baseline()
    budget_path = "start_loans.budget_nok_per_year"
    rows: list[tuple[str, str, float]] = []

    # compare
    names = ("recommend_start_loans", "recommend_all")
    cmp = ctx.timed(
        "compare",
        lambda: paired_compare(
            [base, *(ctx.scenario(n) for n in names)], replications=20, seed=1, workers=ctx.workers
        ),
    )
    k0 = cmp.results[0].aggregate.kpi_summary()
    diffs = cmp.differences()
    cost = COST_KPIS[0] if COST_KPIS[0] in k0 else None
    parts = [f"mean wait {_n(k0['mean_wait_days']['mean'])} days today"]
    for r in cmp.results[1:]:
        d = diffs[r.scenario.name]["mean_wait_days"]
        parts.append(f"{r.scenario.name}: {_n(d['mean'])} days {_ci(d['ci95'])}")
    promises = " → ".join(_n(r.aggregate.kpi_summary()["p_wait_over_6_months"]["mean"]) for r in cmp.results)
    parts.append(f"broken 6-month promises {promises}")
    if "start_loan_portfolio_nok" in k0:
        d = diffs[cmp.results[-1].scenario.name]["start_loan_portfolio_nok"]
        parts.append(f"start-loan portfolio with all recommendations {_mnok(d['mean'])} million NOK more")
    rows.append(
        (
            "`boligflyt compare baseline.yaml recommend_start_loans.yaml recommend_all.yaml --reps 20`",
            "; ".join(parts),
            ctx.results["compare_wall_s"],
        )
    )

    # replications to precision
    precision_kpis = [k for k in ("mean_wait_days", cost) if k and k in k0]
    _, report = ctx.timed(
        "precision",
        lambda: run_to_precision([base], precision=0.05, kpis=precision_kpis, seed=1, workers=ctx.workers),
    )
    rows.append(
        (
            "`boligflyt run baseline.yaml --reps auto --precision 0.05 "
            + " ".join(f"--kpi {k}" for k in precision_kpis)
            + "`",
            report.text(),
            ctx.results["precision_wall_s"],
        )
    )

    # sweep
    today = float(base.start_loans.budget_nok_per_year)
    values = [0.0, 0.5 * today, today, 2 * today, 3 * today]
    sw = ctx.timed(
        "sweep",
        lambda: sweep(base, {budget_path: values}, replications=20, seed=1, mapper=ctx.mapper()),
    )
    frame = sw.frame()

    def col(k: str, scale: float = 1.0, digits: int = 3) -> str:
        return " / ".join(_n(v / scale, digits) for v in frame[k]) if k in frame else "n/a"

    double = frame[frame[budget_path] == 2 * today].iloc[0]
    rows.append(
        (
            f"`boligflyt sweep baseline.yaml --param {budget_path} --values {_values(values)} --reps 20`",
            f"mean wait {col('mean_wait_days')} days; households leaving by a start loan "
            f"{col('exits_start_loan')}; portfolio at the horizon NOK {col('start_loan_portfolio_nok', 1e6)} "
            f"million; losses NOK {col('start_loan_losses_nok', 1e6, 2)} million. Doubling today's budget "
            f"changes the mean wait by {_n(double['mean_wait_days_diff'])} days "
            f"{_ci([double['mean_wait_days_diff_ci95_low'], double['mean_wait_days_diff_ci95_high']])} "
            "(paired)",
            ctx.results["sweep_wall_s"],
        )
    )

    # goal seeks
    def seek(goals: Sequence[str], confidence: float, key: str) -> Any:
        return ctx.timed(
            key,
            lambda: goal_seek(
                base,
                budget_path,
                list(goals),
                from_year=2020,
                confidence=confidence,
                lower=0.0,
                upper=3 * today,
                tolerance=2e6,
                replications=20,
                seed=1,
                mapper=ctx.mapper(),
            ),
        )

    for goals, conf, key in (
        (("mean_wait_days<=180", "temp_nights_families_youth==0"), 0.95, "seek_strict"),
        (("mean_wait_days<=240",), 0.9, "seek"),
    ):
        g = seek(goals, conf, key)
        if g.settled and g.value is not None:
            what = f"smallest budget **NOK {g.value / 1e6:,.1f} million** (settled)"
        elif g.verdict == "none":
            what = "**not reachable** with any budget up to 3 times today's (settled)"
        elif not g.reachable:
            what = "not reachable in the range by the search's points, but not settled"
        else:
            what = f"the search points to NOK {_mnok(g.search_value)} million, **not settled**"
        rows.append(
            (
                f"`boligflyt sweep baseline.yaml --param {budget_path} --values {_values([0, 3 * today])} "
                + " ".join(f'--goal "{x}"' for x in goals)
                + f" --from-year 2020 --confidence {conf} --tolerance 2e6 --reps 20`",
                f"{what}: {g.message}",
                ctx.results[f"{key}_wall_s"],
            )
        )

    # tilvisning
    ws = ctx.timed(
        "tilvisning",
        lambda: workshop(workshop_variants(base, 40, 2019), replications=20, seed=1, mapper=ctx.mapper()),
    )
    by = {r["variant"]: r for r in ws["rows"]}
    bits = []
    for name in ("selvaag", "husbanken", "selvaag_80_units", "buy_20"):
        r = by.get(name)
        if r is None:
            continue
        bit = f"{name}: mean wait {_n(r['mean_wait_days_diff'])} days {_ci(r['mean_wait_days_diff_ci95'])}"
        for k in COST_KPIS:
            if f"{k}_diff" in r:
                bit += f", {k} {_mnok(r[f'{k}_diff'])} million"
        bits.append(bit)
    rows.append(
        (
            "`boligflyt tilvisning baseline.yaml --reps 20` (differences to no agreement)",
            "; ".join(bits),
            ctx.results["tilvisning_wall_s"],
        )
    )

    # ensemble
    targets = ["mean_wait_days<=240", "p_wait_over_6_months<=0.5"]
    en = ctx.timed(
        "ensemble",
        lambda: ensemble(base, members=40, targets=targets, from_year=2020, seed=1, mapper=ctx.mapper()),
    )
    prob = "; ".join(f"P({k}) = {v:.0%}" for k, v in en.probability.items())
    rows.append(
        (
            "`boligflyt ensemble baseline.yaml --members 40 "
            + " ".join(f'--target "{t}"' for t in targets)
            + " --from-year 2020`",
            prob + " (every year from 2020)",
            ctx.results["ensemble_wall_s"],
        )
    )

    # sensitivity
    kpis = [k for k in DEFAULT_KPIS if k in k0]
    se = ctx.timed(
        "sensitivity",
        lambda: sensitivity(base, method="morris", kpis=kpis, replications=2, seed=1, mapper=ctx.mapper()),
    )
    ranks = []
    for k in [k for k in ("mean_wait_days", "start_loan_portfolio_nok", cost) if k in se.ranking]:
        top = se.ranking[k][:2]
        rel = [se.indices[k][p].get("relative") for p in top]
        ranks.append(f"{k}: " + ", ".join(f"{p} ({_n(r, 2)})" for p, r in zip(top, rel, strict=True)))
    rows.append(
        (
            "`boligflyt sensitivity baseline.yaml --method morris --reps 2`",
            f"{se.points} points; first two by mu*/value: " + "; ".join(ranks),
            ctx.results["sensitivity_wall_s"],
        )
    )

    lines = [
        f"Run on `scenarios/baseline.yaml`, seed 1, {ctx.workers} worker processes on the development "
        f"machine (shared with other work, so wall times are indicative; load average at the end "
        f"{_load_average()}).",
        "",
        "| command | result | wall time |",
        "|---|---|--:|",
    ]
    for command, result, wall in rows:
        lines.append(f"| {command} | {result.replace('|', '/')} | {wall:.0f} s |")
    return "\n".join(lines) + "\n"


def _tilvisning_alternatives(ctx: Context) -> str:
    from sim.analysis.tilvisning import alternatives, cost_drivers, workshop, workshop_markdown

    base = ctx.baseline()
    res = ctx.timed(
        "alternatives",
        lambda: workshop(alternatives(base, 40, 2019), replications=30, seed=1, mapper=ctx.mapper()),
    )
    lines = [
        "`boligflyt tilvisning scenarios/baseline.yaml --alternatives --reps 30 --seed 1` (Selvaag "
        "terms for 40 units from 2019 against buying, leasing and rent-to-own of as many dwellings "
        "a year earlier):",
        "",
        workshop_markdown(res),
        "",
        "What drives the difference (the scenario's assumptions, `docs/COSTS.md`):",
        "",
        *(f"- {d}" for d in cost_drivers(base, 40)),
    ]
    return "\n".join(lines) + "\n"


def _homelessness_levers(ctx: Context) -> str:
    from sim.analysis.homelessness import levers_markdown, levers_table

    base = ctx.baseline()
    res = ctx.timed("levers", lambda: levers_table(base, replications=24, seed=1, mapper=ctx.mapper()))
    return "`boligflyt levers scenarios/baseline.yaml --reps 24 --seed 1`:\n\n" + levers_markdown(res) + "\n"


ANALYSES_SECTIONS: dict[str, Callable[[Context], str]] = {
    "crn-example": _crn_example,
    "mmc-sizing": _mmc_sizing,
    "stock-seeds": _stock_seeds,
    "budget-verdict": _budget_verdict,
    "tilvisning-alternatives": _tilvisning_alternatives,
    "homelessness-levers": _homelessness_levers,
    "baseline-results": _baseline_results,
}


def _performance_section(ctx: Context) -> str:
    runs = ctx.results.get("stock_seeds")
    if not runs:
        raise ValueError("the stock-sizing runs of docs/ANALYSES.md are needed first")
    cores = ctx.workers
    rows = "\n".join(
        f"| {s} | {n} | {reps} | {w:.0f} s | {c:.0f} s | {c / cores:.0f} s |" for s, n, reps, w, c in runs
    )
    return (
        "## Analyses: wall time of the stock sizing\n\n"
        '`boligflyt size-stock scenarios/baseline.yaml --target "p_wait_over_6_months<=0.10" '
        f"--from-year 2020 --seed S --workers {ctx.workers}` (replications chosen automatically; a "
        "benchmark, not a timed test; target: under 2 minutes). *CPU* is the CPU time of the command "
        "and its worker processes, the work done whatever the load; *CPU / workers* is the wall time "
        f"it would take with {cores} idle cores:\n\n"
        "| seed | dwellings added | replications | wall time | CPU | CPU / workers |\n"
        "|---|--:|--:|--:|--:|--:|\n"
        f"{rows}\n\n"
        f"Load average (1 min) when measured: {ctx.results.get('stock_load', 'n/a')} on "
        f"{os.cpu_count()} cores (other engineers' work on the same machine): with more runnable "
        "processes than cores the wall time stretches, the CPU time hardly.\n"
    )


# ---------------------------------------------------------------- writers
def write_scenario(root: Path = ROOT) -> None:
    """``docs/SCENARIO.md`` from the schema."""
    from sim.docs import scenario_markdown
    from sim.runner import atomic_write_text

    atomic_write_text(root / SCENARIO, scenario_markdown())


def validation_text(
    prov: Provenance,
    root: Path = ROOT,
    quick: bool = False,
    log: Log | None = None,
    baseline: str | Path | None = None,
) -> str:
    """``docs/VALIDATION.md``: the title, then the whole report as one generated section."""
    from sim.validation import build_report

    report = build_report(baseline or root / BASELINE, quick=quick, log=log)
    title, _, body = report.partition("\n")
    return f"{title}\n\n{prov.marker('validation', prov.note() + chr(10) + chr(10) + body.lstrip())}\n"


def write_validation(
    prov: Provenance, root: Path = ROOT, quick: bool = False, log: Log | None = None
) -> None:
    """Write ``docs/VALIDATION.md`` (what ``boligflyt validation-report`` does too)."""
    from sim.runner import atomic_write_text

    atomic_write_text(root / VALIDATION, validation_text(prov, root, quick, log))


def write_sections(path: Path, bodies: Mapping[str, str], prov: Provenance) -> None:
    """Replace the named generated sections of a Markdown file, keeping everything else."""
    from sim.runner import atomic_write_text

    text = path.read_text(encoding="utf-8")
    atomic_write_text(path, replace_sections(text, bodies, prov))


def keep_section(old_text: str, new_text: str, name: str) -> str:
    """``new_text`` with the generated section ``name`` of ``old_text`` appended if it lacks it
    (how ``boligflyt bench`` keeps the analyses' wall times in docs/PERFORMANCE.md)."""
    block = next((m.group(0) for m in _MARK.finditer(old_text) if m.group("name") == name), None)
    if block is None or name in sections(new_text):
        return new_text
    return new_text.rstrip("\n") + "\n\n" + block + "\n"


def execute_notebook(path: Path, prov: Provenance, workers: int, timeout: int = 3600) -> None:
    """Run a notebook from top to bottom in full mode and store it with its outputs."""
    import nbclient
    import nbformat

    from sim.runner import atomic_write_text

    nb = nbformat.read(path, as_version=4)
    env = {"BOLIGFLYT_NB_WORKERS": str(workers), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    old = {k: os.environ.get(k) for k in (*env, "BOLIGFLYT_NB_QUICK")}
    os.environ.update(env)
    os.environ.pop("BOLIGFLYT_NB_QUICK", None)
    try:
        client = nbclient.NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    nb.metadata["boligflyt"] = {"generated_by": prov.command, "code": prov.code, "results": prov.fingerprint}
    atomic_write_text(path, nbformat.writes(nb) + "\n")


def generate(
    parts: Sequence[str] = PARTS,
    root: Path = ROOT,
    workers: int = 2,
    log: Log | None = None,
    notebooks: Sequence[str] | None = None,
) -> Provenance:
    """Regenerate the documents (``parts`` of :data:`PARTS`); returns the provenance recorded."""
    say = log or (lambda _m: None)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    say("results fingerprint ...")
    prov = Provenance(code_version(root), results_fingerprint(root))
    say(f"code {prov.code}, results {prov.fingerprint}")
    ctx = Context(root, workers, say, prov, {})
    t0 = time.perf_counter()
    if "scenario" in parts:
        write_scenario(root)
        say(f"wrote {SCENARIO}")
    if "validation" in parts:
        write_validation(prov, root, log=say)
        say(f"wrote {VALIDATION}")
    if "analyses" in parts:
        bodies = {}
        for name, fn in ANALYSES_SECTIONS.items():
            say(f"{ANALYSES} [{name}]")
            bodies[name] = fn(ctx)
        write_sections(root / ANALYSES, bodies, prov)
        say(f"wrote {ANALYSES}")
        write_sections(root / PERFORMANCE, {"analysis-wall-times": _performance_section(ctx)}, prov)
        say(f"wrote {PERFORMANCE} [analysis-wall-times]")
    if "notebooks" in parts:
        for nb_path in sorted((root / NOTEBOOKS).glob("*.ipynb")):
            if notebooks and nb_path.stem not in notebooks and nb_path.name not in notebooks:
                continue
            t1 = time.perf_counter()
            say(f"executing {nb_path.relative_to(root)} ...")
            execute_notebook(nb_path, prov, workers)
            say(f"wrote {nb_path.relative_to(root)} ({time.perf_counter() - t1:.0f} s)")
    say(f"done in {time.perf_counter() - t0:.0f} s")
    return prov
