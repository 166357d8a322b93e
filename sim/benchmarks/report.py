"""The benchmark report: rows, targets, the machine, and the table and Markdown renderings."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sim import native
from sim.benchmarks.reference import REFERENCE_RHO

#: the columns of the table :func:`run_benchmarks` returns, in order
COLUMNS: tuple[str, ...] = (
    "case",
    "kind",
    "size",
    "replications",
    "dwellings",
    "households",
    "events",
    "events_per_household",
    "wall_s",
    "cpu_s",
    "events_per_s",
    "us_per_household",
    "ref_us_per_household",
    "ratio_to_reference",
    "peak_rss_mib",
    "repeats",
    "wall_us_per_household",
    "wall_ratio_to_reference",
)


#: targets of issue 7
TARGET_RATIO_1X = 20.0


TARGET_RATIO_GROWTH = 1.20


TARGET_MEMORY_GROWTH = 1.20


def _row(case: str, kind: str, size: str, **values: Any) -> dict[str, Any]:
    """A table row; rates and times per household from ``events``, ``households``, ``cpu_s``, ``wall_s``."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(case=case, kind=kind, size=size, **values)
    hh, ev, wall, cpu = row["households"], row["events"], row["wall_s"], row["cpu_s"]
    if hh and ev is not None:
        row["events_per_household"] = ev / hh
    if cpu and ev is not None:
        row["events_per_s"] = ev / cpu
    if hh and cpu is not None:
        row["us_per_household"] = cpu / hh * 1e6
    if hh and wall is not None:
        row["wall_us_per_household"] = wall / hh * 1e6
    return row


def _compare(row: dict[str, Any], ref: dict[str, Any]) -> None:
    """Fill the reference columns of a model row from the reference row of its size."""
    row["ref_us_per_household"] = ref["us_per_household"]
    row["ratio_to_reference"] = row["us_per_household"] / ref["us_per_household"]
    row["wall_ratio_to_reference"] = row["wall_us_per_household"] / ref["wall_us_per_household"]


# ---------------------------------------------------------------- the report
@dataclass
class BenchReport:
    """Everything one ``boligflyt bench`` run measured."""

    rows: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    machine: dict[str, Any]
    command: str
    quick: bool
    started: str
    duration_s: float
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    # time per household with parts of the model switched off (:func:`feature_costs`)
    feature_costs: list[dict[str, Any]] = field(default_factory=list)
    # an earlier run's report (``boligflyt bench --json``), to show before and after
    before: dict[str, Any] | None = None
    before_file: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data (the document of ``boligflyt bench --json``; without ``before``, so a
        saved report can serve as the next run's ``--before``)."""
        d = asdict(self)
        d.pop("before")
        d.pop("before_file")
        return d


class BeforeFileError(ValueError):
    """The ``--before`` report cannot be used; the message names the file and the problem."""


def read_before(path: str | Path) -> dict[str, Any]:
    """Read an earlier ``boligflyt bench --json`` report and check what the comparison needs.

    Raises :class:`BeforeFileError` naming the file, the field and what is wrong.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BeforeFileError(f"{p}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BeforeFileError(f"{p}: cannot read the file ({exc})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BeforeFileError(
            f"{p}:{exc.lineno}: not JSON ({exc.msg}); expected the output of `boligflyt bench --json`"
        ) from None
    if not isinstance(doc, dict):
        raise BeforeFileError(f"{p}: expected a JSON object (a `boligflyt bench --json` report)")
    for key, kind in (("rows", list), ("targets", list), ("machine", dict), ("started", str)):
        if not isinstance(doc.get(key), kind):
            raise BeforeFileError(f"{p}: field '{key}' is missing or not a {kind.__name__}")
    for i, row in enumerate(doc["rows"]):
        needed = ("case", "kind", "size", "us_per_household")
        missing = [k for k in needed if not isinstance(row, dict) or k not in row]
        if missing:
            raise BeforeFileError(f"{p}: rows[{i}]: missing {', '.join(missing)}")
    return doc


def machine_info() -> dict[str, Any]:
    """The machine and software the numbers come from."""
    import importlib.metadata as md

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover - not Linux
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:  # pragma: no cover
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    versions = {}
    for pkg in ("boligflyt", "simpy", "numpy"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:  # pragma: no cover
            versions[pkg] = None
    return {
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gib": mem_gib,
        "versions": versions,
        "git": _git_revision(),
        "model_build": native.build().describe(),
    }


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover
        return None


def _git_revision() -> str | None:
    from sim.analysis.documents import git_revision

    git = git_revision(Path(__file__).resolve().parents[2], ("sim",))
    if git is None:
        return None
    rev, dirty = git
    return f"{rev} (uncommitted changes under sim/)" if dirty else rev


def evaluate_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The three targets of issue 7, with the measured value and pass/fail."""
    model = {r["size"]: r for r in rows if r["kind"] == "model" and r["replications"] == 1}
    memory = sorted((r for r in rows if r["kind"] == "memory"), key=lambda r: r["replications"])
    out: list[dict[str, Any]] = []
    r1 = model.get("1x", {}).get("ratio_to_reference")
    out.append(
        {
            "target": "time per household at Rælingen size, model / reference (CPU time)",
            "value": r1,
            "limit": TARGET_RATIO_1X,
            "passed": r1 is not None and r1 <= TARGET_RATIO_1X,
        }
    )
    r60 = model.get("60x", {}).get("ratio_to_reference")
    growth = r60 / r1 if r1 and r60 else None
    out.append(
        {
            "target": "growth of that ratio from 1x to 60x (ratio 60x / ratio 1x)",
            "value": growth,
            "limit": TARGET_RATIO_GROWTH,
            "passed": growth is not None and growth <= TARGET_RATIO_GROWTH,
        }
    )
    ten = next((r for r in memory if r["replications"] == 10), None)
    most = memory[-1] if memory else None
    mem = (
        most["peak_rss_mib"] / ten["peak_rss_mib"]
        if ten and most and most is not ten and ten["peak_rss_mib"]
        else None
    )
    reps = most["replications"] if most else 0
    out.append(
        {
            "target": f"peak RSS of {reps:,} replications / peak RSS of 10",
            "value": mem,
            "limit": TARGET_MEMORY_GROWTH,
            "passed": mem is not None and mem <= TARGET_MEMORY_GROWTH,
        }
    )
    return out


# ---------------------------------------------------------------- rendering
_HEADERS: dict[str, str] = {
    "case": "case",
    "replications": "reps",
    "dwellings": "dwellings",
    "households": "households",
    "events": "events",
    "events_per_household": "events/hh",
    "wall_s": "wall s",
    "cpu_s": "CPU s",
    "events_per_s": "events/s",
    "us_per_household": "µs/hh",
    "ref_us_per_household": "ref µs/hh",
    "ratio_to_reference": "ratio",
    "peak_rss_mib": "peak RSS MiB",
    "repeats": "best of",
}


def _fmt(col: str, v: Any) -> str:
    if v is None:
        return "–"
    if col in ("replications", "dwellings", "households", "events", "events_per_s", "repeats"):
        return f"{round(v):,}"
    if col in ("wall_s", "cpu_s"):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    if col in ("us_per_household", "ref_us_per_household", "peak_rss_mib", "events_per_household"):
        return f"{v:.1f}" if col != "events_per_household" else f"{v:.2f}"
    if col == "ratio_to_reference":
        return f"{v:.2f}"
    return str(v)


def format_table(rows: list[dict[str, Any]], markdown: bool = False) -> str:
    """The table as aligned text (or a Markdown table)."""
    cols = list(_HEADERS)
    cells = [[_HEADERS[c] for c in cols]] + [[_fmt(c, r.get(c)) for c in cols] for r in rows]
    if markdown:
        lines = [
            "| " + " | ".join(cells[0]) + " |",
            "|" + "|".join("---" if i == 0 else "--:" for i in range(len(cols))) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
    out = []
    for j, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, len(cols))]
        out.append("  ".join(parts))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _mark(passed: bool) -> str:
    return "✅ pass" if passed else "❌ fail"


def format_targets(targets: list[dict[str, Any]]) -> str:
    """The targets as plain lines."""
    lines = []
    for t in targets:
        v = "n/a" if t["value"] is None else f"{t['value']:.2f}"
        lines.append(f"{'PASS' if t['passed'] else 'FAIL'}  {t['target']}: {v} (limit {t['limit']:.2f})")
    return "\n".join(lines)


def growth_line(rows: list[dict[str, Any]]) -> str:
    """How the model/reference ratio grows from 1x over the sizes measured (and, when the
    compiled build ran, the pure-Python ratio beside it)."""
    model = {r["size"]: r for r in rows if r["kind"] == "model" and r["replications"] == 1}
    base = model.get("1x", {}).get("ratio_to_reference")
    if not base:
        return "ratio growth: n/a"
    parts = [
        f"{s}: {r['ratio_to_reference']:.2f} ({r['ratio_to_reference'] / base:.2f}x of 1x)"
        for s, r in model.items()
    ]
    line = "model/reference ratio by size: " + ", ".join(parts)
    pure = next((r for r in rows if r["kind"] == "pure"), None)
    if pure:
        gain = pure["us_per_household"] / model["1x"]["us_per_household"]
        line += (
            f"; the same sources as pure Python at 1x: {pure['ratio_to_reference']:.2f} "
            f"(compiling makes the model {gain:.2f}x as fast)"
        )
    return line


def _profile_md(title: str, p: dict[str, Any]) -> list[str]:
    out = [
        f"### {title}",
        "",
        f"{p['households']:,} households, {p['events']:,} events, "
        f"{p['wall_s_profiled']:.2f} s under cProfile (profiling slows Python calls down, so read the "
        "shares, not the absolute times).",
        "",
    ]
    for key, head in (("cumulative", "cumulative time"), ("own", "own time (tottime)")):
        out += [
            f"Top {len(p[key])} by {head}:",
            "",
            "| function | calls | own s | cumulative s |",
            "|---|--:|--:|--:|",
        ]
        out += [
            f"| `{r['function']}` | {r['ncalls']:,} | {r['tottime_s']:.3f} | {r['cumtime_s']:.3f} |"
            for r in p[key]
        ]
        out.append("")
    return out


def _feature_costs_md(costs: list[dict[str, Any]]) -> list[str]:
    if not costs:
        return []
    lines = [
        "## What the parts of the model cost",
        "",
        "One baseline replication (seed 1, replication 0) with one part of the model switched off "
        "by `--set` overrides, the variants interleaved, the best CPU time of several rounds "
        "(`sim.benchmarks.feature_costs`). *saved* is the share of the baseline's time per household "
        "that the variant does without; parts interact, so the shares do not add up.",
        "",
        "| variant | overrides | µs/hh | saved |",
        "|---|---|--:|--:|",
    ]
    for c in costs:
        over = ", ".join(f"`{o}`" for o in c["overrides"]) or "–"
        saved = "–" if not c["overrides"] else f"{round(100 * c['saved_share'])} %"  # never "-0 %"
        lines.append(f"| {c['variant']} | {over} | {c['us_per_household']:.1f} | {saved} |")
    return [*lines, ""]


def render_markdown(report: BenchReport) -> str:
    """``docs/PERFORMANCE.md``: table, machine, command, targets, profiles."""
    m = report.machine
    quick = (
        " (quick mode: fewer replications and repeats — a smoke test, not the record)" if report.quick else ""
    )
    busy = [
        x for x in (m.get("load_start"), m.get("load_end")) if x is not None and x > (m["usable_cores"] or 1)
    ]
    warning = (
        [
            f"**The machine was busy during this run (load average above {m['usable_cores']} cores): "
            "timings, CPU times included, are inflated and the ratios less reliable. Rerun on a quiet "
            "machine for the record.**",
            "",
        ]
        if busy
        else []
    )
    wall = {r["size"]: r["wall_ratio_to_reference"] for r in report.rows if r["kind"] == "model"}
    wall_line = ", ".join(f"{k}: {v:.2f}" for k, v in wall.items() if v is not None)
    memory_top = max((r["replications"] for r in report.rows if r["kind"] == "memory"), default=0)
    lines = [
        "# Performance",
        "",
        f"Generated by `{report.command}`{quick}; do not edit by hand, rerun the command.",
        f"Measured {report.started} in {report.duration_s:.0f} s. The targets and the benchmark "
        "design come from issue 7 (scale and speed).",
        "",
        "## Machine",
        "",
        f"- platform: {m['platform']}",
        f"- CPU: {m['cpu']}; {m['cores']} cores ({m['usable_cores']} usable by this process)",
        f"- memory: {m['memory_gib']} GiB",
        f"- Python: {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- code: git {m['git']}; model {m.get('model_build', 'pure Python')}",
        f"- load average (1 min) at start and end: {m.get('load_start')} / {m.get('load_end')} "
        "(with more runnable processes than cores, wall times stretch, and CPU times too)",
        "",
        *_compiled_md(report.rows, m.get("model_build", "")),
        "## Targets",
        "",
        *warning,
        "| target | measured | limit | result |",
        "|---|--:|--:|---|",
    ]
    for t in report.targets:
        v = "n/a" if t["value"] is None else f"{t['value']:.2f}"
        lines.append(f"| {t['target']} | {v} | ≤ {t['limit']:.2f} | {_mark(t['passed'])} |")
    lines += [
        "",
        growth_line(report.rows) + f". The same ratios from wall time: {wall_line}.",
        "",
        *_before_after_md(report),
        "## Results",
        "",
        format_table(report.rows, markdown=True),
        "",
        "Columns: *reps* replications; *events* events the model counts (`events_processed`) or "
        "events popped from the heap (the reference); *events/hh* events per household; *wall s* "
        "and *CPU s* the smallest wall and CPU (`time.process_time`) times over *best of* runs; "
        "*events/s* events per CPU second; *µs/hh* CPU time per household processed; *ref µs/hh* "
        "the same for the reference of the same size; *ratio* µs/hh over ref µs/hh; *peak RSS* "
        "VmHWM of a fresh process that imported the package, loaded the baseline and ran `sim.run`.",
        "",
        "## How it is measured",
        "",
        "- **One replication** (rows `…, 1 replication`): `sim.run_replication(scenario, seed=1, "
        "replication=0)` in this process, interleaved with its reference so both see the same "
        "load: each round runs the model once, then the reference until it has used as much CPU "
        "time (1–10 runs); at least 3 rounds and, for cheap runs, until the model has used 3 s of "
        "CPU time (at most 25 rounds); all of that twice, in two passes minutes apart (a burst "
        "of load from other tenants of a shared machine can spoil one window). The smallest "
        "times count (the first call also pays for lazy imports). "
        "Households are all households the replication created "
        "(`ReplicationResult.households`: initial tenants, the initial waiting list and hospits, "
        "and every arrival); events are the model's own count (`events_processed`).",
        "- **Many replications**: `sim.run(baseline, replications=N, seed=1, workers=1)`, once; "
        "its time includes folding each replication into the streaming summary.",
        "- **Why CPU time**: on a shared machine other processes stretch wall time, and stretch a "
        "100 ms replication more than a 2 ms reference run (which often fits in one time slice), "
        "so wall-time ratios are biased upwards and jump from run to run. CPU time of the process "
        "is less affected, but not immune: other processes still evict the caches, and on this "
        "2-vCPU machine a load of 5–7 raised the model's best CPU time by up to 2x (more for the "
        "large scenarios) while the short reference runs hardly changed. On an idle machine CPU "
        "and wall time agree within a few per cent.",
        "- **Reference**: a minimal `heapq` event loop of an M/M/c FIFO queue "
        "(`sim.benchmarks.mmc_reference`: `(time, kind)` tuples, `random.expovariate`, a `deque` "
        f"queue). c = dwellings in the scenario; round({REFERENCE_RHO} c) customers in service at "
        "time 0 (the model starts with 97 % of the stock let); Poisson arrivals at (N − n0)/T so "
        "the expected number of customers equals the model's N households over the same horizon "
        f"T; exponential service with mean {REFERENCE_RHO} c/λ, so the utilisation is "
        f"ρ = {REFERENCE_RHO} — a nearly full stock with a stable queue. Its cost per customer is "
        "two heap operations and two draws whatever ρ is, so the choice of ρ hardly matters. "
        "The reference is checked against Erlang C in `tests/test_bench.py`.",
        f"- **Memory**: each of 1, 10 and {memory_top:,} replications runs in a fresh "
        "`python -c` subprocess that reads its own VmHWM from `/proc/self/status` after "
        "`sim.run` returns (RSS right after importing and loading the scenario: "
        + ", ".join(f"{v:.1f} MiB" for v in m.get("memory_startup_rss_mib", {}).values())
        + "). The target compares the largest run with 10 replications.",
        "- The machine has few cores that do not give a clean speed-up for CPU-bound processes, "
        "so every timing here is sequential (one process).",
        "",
        *_feature_costs_md(report.feature_costs),
        "## Hot spots (cProfile)",
        "",
        "One replication each, seed 1. `tottime` is time in the function itself, `cumtime` "
        "includes what it calls.",
        "",
    ]
    for title, p in report.profiles.items():
        lines += _profile_md(title, p)
    return "\n".join(lines).rstrip() + "\n"


def _before_after_md(report: BenchReport) -> list[str]:
    """The "Before and after" section: the earlier run's key numbers next to this run's."""
    b = report.before
    if not b:
        return []
    old = {r["case"]: r for r in b["rows"]}
    targets_old = {t["target"]: t for t in b["targets"]}
    lines = [
        "## Before and after",
        "",
        f"Earlier run: `{report.before_file}` (code git {b['machine'].get('git')}, measured "
        f"{b['started']} on {b['machine'].get('cpu')}, {b['machine'].get('cores')} cores). The "
        "load on a shared machine can differ between two runs, so compare the ratios (model and "
        "reference measured together) more than the absolute times.",
        "",
        "| case | µs/hh before | µs/hh now | ratio before | ratio now | peak RSS MiB before | now |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in report.rows:
        if r["kind"] == "reference" or r["case"] not in old:
            continue
        o = old[r["case"]]
        lines.append(
            f"| {r['case']} | {_fmt('us_per_household', o.get('us_per_household'))} | "
            f"{_fmt('us_per_household', r['us_per_household'])} | "
            f"{_fmt('ratio_to_reference', o.get('ratio_to_reference'))} | "
            f"{_fmt('ratio_to_reference', r['ratio_to_reference'])} | "
            f"{_fmt('peak_rss_mib', o.get('peak_rss_mib'))} | {_fmt('peak_rss_mib', r['peak_rss_mib'])} |"
        )
    lines += ["", "| target | before | now | limit |", "|---|--:|--:|--:|"]
    for t in report.targets:
        o = targets_old.get(t["target"], {})
        was = "n/a" if o.get("value") is None else f"{o['value']:.2f} ({_mark(o['passed'])})"
        now = "n/a" if t["value"] is None else f"{t['value']:.2f} ({_mark(t['passed'])})"
        lines.append(f"| {t['target']} | {was} | {now} | ≤ {t['limit']:.2f} |")
    old_profiles = b.get("profiles") or {}
    for title, p in report.profiles.items():
        q = old_profiles.get(title)
        if not q:
            continue
        lines += [
            "",
            f"Top 5 by own time, {title}, before → now (share of the profiled replication):",
            "",
            "| before | share | now | share |",
            "|---|--:|---|--:|",
        ]
        for x, y in zip(q["own"][:5], p["own"][:5], strict=False):
            lines.append(
                f"| `{x['function']}` | {100 * x['tottime_s'] / q['wall_s_profiled']:.1f} % | "
                f"`{y['function']}` | {100 * y['tottime_s'] / p['wall_s_profiled']:.1f} % |"
            )
    return [*lines, ""]


def _compiled_md(rows: list[dict[str, Any]], build: str) -> list[str]:
    """How the compiled hot path is built and skipped, and what it gained in this run."""
    model = next(
        (r for r in rows if r["kind"] == "model" and r["size"] == "1x" and r["replications"] == 1), None
    )
    pure = next((r for r in rows if r["kind"] == "pure"), None)
    if model and pure:
        measured = (
            f"Measured in this run, one baseline replication: {pure['us_per_household']:.1f} µs per "
            f"household as pure Python (ratio {pure['ratio_to_reference']:.2f} to its own reference), "
            f"{model['us_per_household']:.1f} compiled (ratio {model['ratio_to_reference']:.2f}): "
            f"{pure['us_per_household'] / model['us_per_household']:.2f}x as fast."
        )
    else:
        measured = f"This run measured the model as {build or 'pure Python'} only (no build to compare)."
    return [
        "## The compiled hot path",
        "",
        "The modules that carry the event loop (listed in `sim/native.py`: the model, its "
        "components, the clock, the entities and collectors) are compiled with mypyc into C "
        "extensions beside their sources. `make test`, `make run` and `make docs` build them first "
        "(`make compile`, about two minutes with Debian's gcc; again only when one of those "
        "sources changed). The same sources stay importable and tested as pure Python, with "
        "byte-identical results (`tests/test_native.py`; CI runs the quick suite both ways).",
        "",
        "- `boligflyt --version` says which one runs, and why: `model compiled (mypyc …, 26 "
        "modules)` or `model pure Python (…)`.",
        "- To skip compiling: use `pip install -e .` alone (no `make compile`), or set "
        "`BOLIGFLYT_PURE=1` to run the sources even when a build is present. If the C compiler "
        "fails, `make` says so and everything runs as pure Python.",
        "- A stale build is never used: each source's SHA-256 is recorded at build time and "
        "checked at import; after an edit the process runs every listed module from its source "
        "and warns, naming the file and `make compile` (the Makefile rebuilds by itself).",
        "",
        measured,
        "",
    ]


def write_markdown(report: BenchReport, path: str | Path) -> None:
    """Write :func:`render_markdown` to ``path`` atomically, keeping the analyses' wall-time
    section that ``boligflyt docs --all`` writes into the same file."""
    from sim.analysis.documents import keep_section
    from sim.runner import atomic_write_text

    target = Path(path)
    text = render_markdown(report)
    if target.exists():
        old = target.read_text(encoding="utf-8")
        for name in ("analysis-wall-times", "user-tasks"):  # written by other commands
            text = keep_section(old, text, name)
    atomic_write_text(target, text)
