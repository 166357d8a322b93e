"""User-task benchmarks (``boligflyt bench --user-tasks``): what a user waits for (issue 21).

Each task is timed as a whole process, from its start to its exit, with the defaults the
command line or the dashboard page uses, a cold results cache (a fresh, empty
``BOLIGFLYT_CACHE_DIR`` for every run) and compiled bytecode in place (as an installed
package has it):

- ``validate``: ``boligflyt validate scenarios/baseline.yaml``;
- ``compare``: ``boligflyt compare`` of three scenarios, 30 replications (its default);
- ``budget page``: the start-loan budget page's run with its defaults (six budgets from 0 to
  3x today's, 20 to 100 replications each, ``mean_wait_days<=180`` from the second year,
  80 % of futures), through the page's own function :func:`dashboard.analyses.run_budget_verdict`;
- ``tilvisning page``: the tilvisning workshop's run with its defaults (the scenario without
  an agreement, the three starting cards, buying as many dwellings as the first card
  nominates; 10 replications each), through :func:`dashboard.state.run_scenarios`;
- ``stock sizing``: ``boligflyt size-stock`` for the README's target.

For the two pages the process also imports Streamlit and starts the server's pool, which a
running dashboard has done before anyone clicks: their *page* time is from the click (the
call) to the result, and is the figure compared with the target. ``--vs DIR`` times another
checkout (e.g. the main branch) the same way, its runs interleaved with these, so both see
the same load on a shared machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim import native

ROOT = Path(__file__).resolve().parents[2]

_BUDGET = """
import json, logging, time
logging.disable(logging.WARNING)  # Streamlit's "no runtime" notes outside a server
import sim
from dashboard import analyses, state
sc = sim.load_scenario("scenarios/baseline.yaml")
if hasattr(state, "worker_pool"):
    state.worker_pool()  # the server starts its pool before anyone clicks
b = sc.start_loans.budget_nok_per_year
today = float(sum(b.values()) / max(1, len(b))) if isinstance(b, dict) else float(b)
first, last = sc.start_date.year, sc.end_date.year
t0 = time.perf_counter()
analyses.run_budget_verdict(
    sc, analyses.default_budgets(today), 100, 1, "mean_wait_days<=180", min(last, first + 1), 0.8
)
print(json.dumps({"page_s": time.perf_counter() - t0}))
"""

_TILVISNING = """
import json, logging, time
logging.disable(logging.WARNING)
import sim
from dashboard import analyses, state
sc = sim.load_scenario("scenarios/baseline.yaml")
if hasattr(state, "worker_pool"):
    state.worker_pool()
first, last = sc.start_date.year, sc.end_date.year
cards = analyses.start_cards(max(first, min(2019, last)))
titles = {"reference": "Uten avtale", "card": "{name}", "buy": "Kjøp {n} ({year})"}
t0 = time.perf_counter()
columns = analyses.workshop_columns(sc, cards, 0, titles)
state.run_scenarios(list(columns.values()), 1, 10)
print(json.dumps({"page_s": time.perf_counter() - t0}))
"""


@dataclass(frozen=True)
class Task:
    """A user task: a command line (after ``python``) and the wall time it should take."""

    name: str
    args: tuple[str, ...]
    target_s: float
    shown: str  # the command as a user types it

    def argv(self, python: str) -> list[str]:
        """The command for ``python``."""
        return [python, *self.args]


TASKS: tuple[Task, ...] = (
    Task(
        "validate",
        ("-m", "sim", "validate", "scenarios/baseline.yaml"),
        0.5,
        "boligflyt validate scenarios/baseline.yaml",
    ),
    Task(
        "compare 3 x 30",
        (
            "-m",
            "sim",
            "compare",
            "scenarios/baseline.yaml",
            "scenarios/recommend_all.yaml",
            "scenarios/recommend_start_loans.yaml",
        ),
        10.0,
        "boligflyt compare scenarios/baseline.yaml scenarios/recommend_all.yaml "
        "scenarios/recommend_start_loans.yaml",
    ),
    Task("budget page", ("-c", _BUDGET), 10.0, "the start-loan budget page, its defaults, Run"),
    Task("tilvisning page", ("-c", _TILVISNING), 10.0, "the tilvisning workshop page, its defaults, Run"),
    Task(
        "stock sizing",
        (
            "-m",
            "sim",
            "size-stock",
            "scenarios/baseline.yaml",
            "--target",
            "p_wait_over_6_months<=0.10",
            "--from-year",
            "2020",
        ),
        60.0,
        'boligflyt size-stock scenarios/baseline.yaml --target "p_wait_over_6_months<=0.10" --from-year 2020',
    ),
)


def _env(tree: Path, scratch: Path) -> dict[str, str]:
    """The environment of one timed run: bytecode cached per checkout, an empty results cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / ("pyc-" + hashlib.sha256(str(tree).encode()).hexdigest()[:12]))
    env["BOLIGFLYT_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=scratch)
    return env


def time_once(task: Task, tree: Path, python: str, scratch: Path, timeout: float = 1800) -> dict[str, Any]:
    """Run ``task`` once in checkout ``tree``: wall and CPU seconds of the whole process (its
    pool workers included) and, for a page, the page's own time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(
        task.argv(python),
        cwd=tree,
        env=_env(tree, scratch),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out: dict[str, Any] = {"wall_s": wall, "cpu_s": cpu, "exit": r.returncode}
    if r.returncode != 0:
        out["error"] = r.stderr.strip().splitlines()[-1:] or ["?"]
    for line in r.stdout.splitlines()[::-1]:
        if line.startswith('{"page_s"'):
            out["page_s"] = json.loads(line)["page_s"]
            # the process's CPU time mixes Streamlit's start-up with the page's work: the
            # page's own wall time is the figure
            del out["cpu_s"]
            break
    return out


def measure(
    trees: dict[str, Path],
    repeat: int = 3,
    names: list[str] | None = None,
    python: str = sys.executable,
    log: Callable[[str], None] = lambda _m: None,
) -> dict[str, Any]:
    """Time every task in every checkout ``repeat`` times, the checkouts interleaved."""
    from sim.benchmarks.report import _load_average, machine_info

    tasks = [t for t in TASKS if names is None or t.name in names]
    rows: list[dict[str, Any]] = []
    load0 = _load_average()
    with tempfile.TemporaryDirectory(prefix="boligflyt-bench-") as tmp:
        scratch = Path(tmp)
        for tree in trees.values():  # write the bytecode once, untimed
            subprocess.run(TASKS[0].argv(python), cwd=tree, env=_env(tree, scratch), capture_output=True)
        for task in tasks:
            runs: dict[str, list[dict[str, Any]]] = {k: [] for k in trees}
            for i in range(repeat):
                for label, tree in trees.items():
                    one = time_once(task, tree, python, scratch)
                    runs[label].append(one)
                    log(f"{task.name} [{label}] {i + 1}/{repeat}: {one['wall_s']:.2f} s wall")
            rows.append({"task": task.name, "command": task.shown, "target_s": task.target_s, "runs": runs})
    return {
        "machine": machine_info(),
        "interpreter": f"{sys.implementation.name} {sys.version.split()[0]} ({sys.executable})",
        "model_build": native.build().describe(),
        "trees": {k: str(v) for k, v in trees.items()},
        "revisions": {k: _revision(v) for k, v in trees.items()},
        "repeat": repeat,
        "load_average": [load0, _load_average()],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "tasks": rows,
    }


def _revision(tree: Path) -> str | None:
    """The checkout's commit (None when ``tree`` is not the top of a git checkout, such as an
    exported copy: a repository above it would be named instead)."""
    from sim.analysis.documents import git_revision

    top = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--show-toplevel"], capture_output=True, text=True
    ).stdout.strip()
    if not top or Path(top).resolve() != tree.resolve():
        return None
    git = git_revision(tree)
    return None if git is None else git[0] + ("+changes" if git[1] else "")


def summary(runs: list[dict[str, Any]], key: str) -> dict[str, float] | None:
    """min, median and max of ``key`` over the runs that have it."""
    values = [r[key] for r in runs if key in r and r.get("exit", 0) == 0]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _seconds(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def markdown(doc: dict[str, Any]) -> str:
    """The 'user tasks' section of docs/PERFORMANCE.md."""
    labels = list(doc["trees"])
    m = doc["machine"]
    lines = [
        "## User tasks: what a user waits for",
        "",
        "Each task with the defaults of the command or the dashboard page, a cold results cache and "
        f"every core (`--workers` defaults to the cores), {doc['repeat']} runs of each, the checkouts "
        "interleaved; median wall seconds (min–max). For the pages, the time from the click to the "
        "result (the server has imported everything and started its pool before); for the commands, "
        "the whole process. *CPU* is the CPU time of the process and its workers (not shown for "
        "the pages: it would mix Streamlit's start-up with the page's work).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
        f"{m['memory_gib']} GiB, {m['platform']}; interpreter {doc['interpreter']} "
        f"(the model of *after*: {doc.get('model_build', 'pure Python')}); load average "
        f"{doc['load_average'][0]} at the start, "
        f"{doc['load_average'][1]} at the end (other work on the same machine stretches wall time).",
        "",
    ]
    rev = doc.get("revisions", {})
    head = ["task", "target"]
    for label in labels:
        head += [f"{label} wall s", f"{label} CPU s"]
    if len(labels) == 2:
        head.append(f"{labels[1]} / {labels[0]}")
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "--:|" * (len(head) - 2)]
    for row in doc["tasks"]:
        cells = [f"{row['task']}", f"≤ {_seconds(row['target_s'])} s"]
        medians = []
        for label in labels:
            runs = row["runs"][label]
            w = summary(runs, "page_s") or summary(runs, "wall_s")
            c = summary(runs, "cpu_s")
            medians.append(w["median"] if w else None)
            cells.append(
                f"{_seconds(w['median'])} ({_seconds(w['min'])}–{_seconds(w['max'])})" if w else "failed"
            )
            cells.append(_seconds(c["median"]) if c else "–")
        if len(labels) == 2:
            a, b = medians
            cells.append(f"{b / a:.2f}" if a and b else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Checkouts: " + "; ".join(f"*{k}* git {rev.get(k)}" for k in labels) + ".", ""]
    if doc.get("note"):
        lines += [str(doc["note"]), ""]
    lines += ["Commands:", ""]
    lines += [f"- {row['task']}: `{row['command']}`" for row in doc["tasks"]]
    return "\n".join(lines) + "\n"


SECTION = "user-tasks"


def write_section(path: Path, doc: dict[str, Any], command: str) -> None:
    """Write the section into ``path`` (replacing the one there, or appending it)."""
    from sim.analysis.documents import (
        Provenance,
        code_version,
        replace_sections,
        results_fingerprint,
        sections,
    )
    from sim.runner import atomic_write_text

    prov = Provenance(code_version(), results_fingerprint(), command=command)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    body = markdown(doc)
    if SECTION in sections(text):
        text = replace_sections(text, {SECTION: body}, prov)
    else:
        text = text.rstrip("\n") + "\n\n" + prov.marker(SECTION, body) + "\n"
    atomic_write_text(path, text)


def cli(vs: str | None, repeat: int, only: str | None, out: str | None, as_json: bool, command: str) -> int:
    """``boligflyt bench --user-tasks``: time the tasks (here and in ``vs``), print, write."""
    trees = {"after": ROOT} if vs is None else {"before": Path(vs).resolve(), "after": ROOT}
    names = [n.strip() for n in only.split(",")] if only else None
    if names is not None:
        unknown = [n for n in names if n not in {t.name for t in TASKS}]
        if unknown:
            sys.stderr.write(
                f"boligflyt bench: --tasks: unknown {unknown}; tasks: {[t.name for t in TASKS]}\n"
            )
            return 2
    doc = measure(trees, repeat, names, log=lambda m: sys.stderr.write(m + "\n"))
    if as_json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(markdown(doc))
    if out:
        write_section(Path(out), doc, command)
        sys.stderr.write(f"wrote {out} [{SECTION}]\n")
    return 0
