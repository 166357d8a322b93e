"""Benchmarks of issue 7 (scale and speed): ``boligflyt bench``.

One process run measures, and prints as one table:

- wall time, CPU time, events per second and time per household of one replication of the
  baseline (best of at least 3 repeats in each of two passes a few minutes apart) and of
  100 sequential replications through :func:`sim.run`;
- one replication of the 10x and 60x scenarios (``scenarios/scaled_10x.yaml``,
  ``scenarios/scaled_60x.yaml``), timed the same way;
- a *reference* for each size, in the same run: a minimal hand-written ``heapq`` event loop
  of an M/M/c queue (:func:`mmc_reference`) with the same number of servers as the model
  has dwellings, the same number of households and the same horizon. It is the practical
  speed limit of event simulation in Python; the model's time per household divided by the
  reference's is the figure the targets are stated in;
- peak memory (VmHWM, the high-water mark of the resident set) of :func:`sim.run` with 1, 10
  and 1,000 replications of the baseline, each in a fresh subprocess.

Times per household, event rates and the ratios use the CPU time of the process
(``time.process_time``): on a shared machine other processes stretch wall time, and stretch
a 100 ms replication more than a 2 ms reference run, which would bias the ratio (CPU time is
less affected, not immune: cache evictions still slow the model). On an idle machine CPU
and wall time agree within a few per cent; both are in the table, and the
wall-time ratios are in the JSON (``wall_ratio_to_reference``).

``--quick`` runs 10 instead of 100 replications, 1/10/100 for memory and fewer repeats, so
CI can smoke-test the command. :func:`write_markdown` renders ``docs/PERFORMANCE.md`` with the
machine, the command, the targets of issue 7 with pass/fail marks and cProfile hot spots of
one baseline and one 60x replication.

The matching of the reference (see :func:`reference_parameters`): ``c`` = dwellings in the
stock; ``n0 = round(rho * c)`` customers in service at time 0 (the model starts with 97 %
of the stock let, and the report's horizon never reaches steady state); Poisson arrivals at
``lambda = (N - n0) / T`` so that the expected number of customers equals the model's
``N`` households over the same horizon ``T``; exponential service with mean
``rho * c / lambda`` so the utilisation is ``rho = 0.9`` (a nearly full stock, as in the
model, with a stable queue). The reference's cost per customer is two heap operations and
two random draws whatever ``rho`` is, so the exact choice hardly matters.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import heapq
import json
import math
import os
import platform
import pstats
import random
import shlex
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

#: the utilisation the reference queue is run at
REFERENCE_RHO = 0.9

#: scenario files by size label (relative to the repository's ``scenarios/`` folder)
SCENARIOS: dict[str, str] = {
    "1x": "baseline.yaml",
    "10x": "scaled_10x.yaml",
    "60x": "scaled_60x.yaml",
}

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

SEED = 1

Log = Callable[[str], None]


# ---------------------------------------------------------------- the reference
@dataclass
class ReferenceResult:
    """Outcome and cost of one run of the M/M/c reference loop."""

    servers: int
    arrival_rate: float
    mean_service: float
    horizon: float
    initial_in_service: int
    customers: int
    served: int
    events: int
    mean_wait: float
    wall_time_s: float


def mmc_reference(
    servers: int,
    arrival_rate: float,
    mean_service: float,
    horizon: float,
    initial_in_service: int = 0,
    seed: int = SEED,
) -> ReferenceResult:
    """Simulate an M/M/c FIFO queue with a bare ``heapq`` event loop until ``horizon``.

    Events are ``(time, kind)`` tuples (times are continuous, so ties do not occur); an
    arrival schedules the next arrival and either starts service or joins a ``deque``; a
    departure starts the next customer's service or frees the server. ``initial_in_service``
    customers are in service at time 0 (their remaining service is exponential: memoryless).
    ``customers`` counts those plus the arrivals; ``mean_wait`` is the mean time in queue of
    customers who started service, for checks against Erlang C. The wall time covers set-up
    and the loop.
    """
    if servers < 1 or arrival_rate <= 0 or mean_service <= 0:
        raise ValueError("servers, arrival_rate and mean_service must be positive")
    if not 0 <= initial_in_service <= servers:
        raise ValueError("initial_in_service must be between 0 and servers")
    t0 = time.perf_counter()
    expo = random.Random(seed).expovariate
    push, pop = heapq.heappush, heapq.heappop
    mu = 1.0 / mean_service
    heap: list[tuple[float, int]] = [(expo(mu), 1) for _ in range(initial_in_service)]
    heapq.heapify(heap)
    push(heap, (expo(arrival_rate), 0))
    queue: deque[float] = deque()
    busy = initial_in_service
    arrivals = events = started = 0
    wait_sum = 0.0
    while heap:
        now, kind = pop(heap)
        if now > horizon:
            break
        events += 1
        if kind == 0:  # arrival
            arrivals += 1
            push(heap, (now + expo(arrival_rate), 0))
            if busy < servers:
                busy += 1
                started += 1
                push(heap, (now + expo(mu), 1))
            else:
                queue.append(now)
        elif queue:  # departure, next customer in
            wait_sum += now - queue.popleft()
            started += 1
            push(heap, (now + expo(mu), 1))
        else:  # departure, server idle
            busy -= 1
    wall = time.perf_counter() - t0
    return ReferenceResult(
        servers=servers,
        arrival_rate=arrival_rate,
        mean_service=mean_service,
        horizon=horizon,
        initial_in_service=initial_in_service,
        customers=initial_in_service + arrivals,
        served=started,
        events=events,
        mean_wait=wait_sum / started if started else math.nan,
        wall_time_s=wall,
    )


class ReferenceParameters(NamedTuple):
    """Parameters of the reference queue for one model run."""

    servers: int
    initial_in_service: int
    arrival_rate: float
    mean_service: float


def reference_parameters(
    dwellings: int, households: int, horizon_days: float, rho: float = REFERENCE_RHO
) -> ReferenceParameters:
    """Parameters of the reference queue matching a model run (see the module docstring).

    ``arrival_rate`` is per day and ``mean_service`` in days, such that
    ``arrival_rate * mean_service / servers == rho`` and the expected number of customers
    (those in service at the start plus the arrivals) over ``horizon_days`` is ``households``.
    """
    c = max(1, int(dwellings))
    n0 = min(c, round(rho * c))
    lam = max(1.0, households - n0) / horizon_days
    return ReferenceParameters(c, n0, lam, rho * c / lam)


def erlang_c(servers: int, arrival_rate: float, mean_service: float) -> tuple[float, float]:
    """Erlang C: probability of waiting and mean wait in queue of a stable M/M/c queue.

    Uses the Erlang B recursion, which is stable for thousands of servers.
    """
    a = arrival_rate * mean_service
    rho = a / servers
    if rho >= 1:
        raise ValueError(f"unstable queue (rho = {rho:.3f})")
    b = 1.0
    for k in range(1, servers + 1):
        b = a * b / (k + a * b)
    p_wait = b / (1.0 - rho * (1.0 - b))
    return p_wait, p_wait / (servers / mean_service - arrival_rate)


# ---------------------------------------------------------------- measurements
def _stderr(msg: str) -> None:
    sys.stderr.write(f"[bench] {msg}\n")
    sys.stderr.flush()


def scenario_path(name: str) -> Path:
    """Path of a scenario file: in the source tree next to the package, else under the cwd."""
    p = Path(name)
    if p.is_absolute() or p.exists():
        return p
    here = Path(__file__).resolve().parent.parent / "scenarios" / name
    return here if here.exists() else Path("scenarios") / name


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


@dataclass
class Timing:
    """Smallest wall and CPU times over the repeats of one measurement, and the last result."""

    wall_s: float
    cpu_s: float
    repeats: int
    result: Any


class _Best:
    """Smallest wall and CPU times of repeated calls."""

    def __init__(self) -> None:
        self.wall = self.cpu = math.inf
        self.n = 0
        self.result: Any = None

    def call(self, fn: Callable[[], Any]) -> float:
        """Call ``fn`` once, keep the smallest times; returns this call's CPU time."""
        w0, c0 = time.perf_counter(), time.process_time()
        self.result = fn()
        cpu = time.process_time() - c0
        self.wall, self.cpu = min(self.wall, time.perf_counter() - w0), min(self.cpu, cpu)
        self.n += 1
        return cpu

    def timing(self) -> Timing:
        """The smallest times and the last result."""
        return Timing(self.wall, self.cpu, self.n, self.result)


#: Parts of the model switched off one at a time to see what each costs (``--set`` overrides
#: of the baseline).
FEATURE_VARIANTS: dict[str, tuple[str, ...]] = {
    "start-loan team does not assess the waiting list": ("start_loans.consider_waiting_list=false",),
    "no outside start-loan applicants": ("start_loans.direct_applicants_per_1000_per_year=0",),
    "no start-loan team at all": (
        "start_loans.consider_waiting_list=false",
        "start_loans.direct_applicants_per_1000_per_year=0",
        "start_loans.consider_tenants_at_renewal=none",
    ),
    "no rental broker": ("private_rental.broker_placements_per_year=0",),
    "no clients coming to NAV for a guarantee directly": (
        "private_rental.direct_guarantee_clients_per_1000_per_year=0",
    ),
}


def feature_costs(path: str | Path, rounds: int = 12, log: Log | None = None) -> list[dict[str, Any]]:
    """Time per household of the baseline and of each of :data:`FEATURE_VARIANTS`.

    One replication each (seed 1, replication 0), the variants interleaved round by round so
    they share the machine's load, the smallest CPU time of ``rounds`` kept. ``saved_share``
    is the share of the baseline's time per household the variant does without. Parts
    interact (a household an instrument helps out leaves earlier and causes no more events),
    so the shares do not add up.
    """
    from sim import load_scenario, run_replication

    cases = {"baseline (everything on)": ()} | FEATURE_VARIANTS
    scenarios = {k: load_scenario(path, overrides=list(v)) for k, v in cases.items()}
    best = dict.fromkeys(cases, math.inf)
    results: dict[str, Any] = {}
    for i in range(rounds):
        if log:
            log(f"parts of the model switched off: round {i + 1} of {rounds}")
        for k, sc in scenarios.items():
            c0 = time.process_time()
            results[k] = run_replication(sc, SEED, 0)
            best[k] = min(best[k], time.process_time() - c0)
    base = best["baseline (everything on)"] / results["baseline (everything on)"].households
    out = []
    for k, overrides in cases.items():
        us = best[k] / results[k].households * 1e6
        out.append(
            {
                "variant": k,
                "overrides": list(overrides),
                "households": results[k].households,
                "events": results[k].events_processed,
                "cpu_s": best[k],
                "us_per_household": us,
                "saved_share": 1.0 - us / (base * 1e6),
            }
        )
    return out


def best_of(a: Timing, b: Timing) -> Timing:
    """The smaller wall and CPU times of two measurements of the same thing (repeats added).

    The result (households, events) is the same in both: the same replication was run."""
    return Timing(min(a.wall_s, b.wall_s), min(a.cpu_s, b.cpu_s), a.repeats + b.repeats, a.result)


def time_model_and_reference(
    scenario: Any,
    min_rounds: int = 3,
    budget_s: float = 2.0,
    max_rounds: int = 25,
    max_reference_per_round: int = 10,
) -> tuple[Timing, Timing]:
    """Best times of one replication (seed 1, replication 0) and of its matching reference.

    The two are interleaved so both see the same load on a shared machine: each round runs
    the model once, then the reference until it has used as much CPU time as that model run
    (at least once, at most ``max_reference_per_round`` times). Rounds repeat at least
    ``min_rounds`` times and, while the model is cheap, until it has used ``budget_s`` of CPU
    time (at most ``max_rounds``). The model's ``result`` is its ReplicationResult, the
    reference's a :class:`ReferenceResult` (parameters from :func:`reference_parameters`,
    fixed after the first model run, which gives the number of households).
    """
    from sim import run_replication

    model, ref = _Best(), _Best()
    run_model = partial(run_replication, scenario, SEED, 0)
    run_ref: Callable[[], ReferenceResult] | None = None
    horizon = float(scenario.horizon_days())
    spent = 0.0
    while model.n < min_rounds or (spent < budget_s and model.n < max_rounds):
        cpu = model.call(run_model)
        spent += cpu
        if run_ref is None:
            p = reference_parameters(scenario.total_dwellings(), model.result.households, horizon)
            run_ref = partial(
                mmc_reference, p.servers, p.arrival_rate, p.mean_service, horizon, p.initial_in_service
            )
        ref_cpu, k = 0.0, 0
        while k < 1 or (ref_cpu < cpu and k < max_reference_per_round):
            ref_cpu += ref.call(run_ref)
            k += 1
    return model.timing(), ref.timing()


def vm_hwm_mib() -> float:
    """Peak resident set size of this process in MiB (VmHWM; ``ru_maxrss`` as a fallback)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024.0 * 1024.0) if sys.platform == "darwin" else rss / 1024.0


def _memory_child(path: str, replications: int, seed: int) -> None:
    """Run in a fresh interpreter by :func:`measure_memory`: one :func:`sim.run`, JSON on stdout."""
    import sim

    scenario = sim.load_scenario(path)
    startup = vm_hwm_mib()
    c0 = time.process_time()
    result = sim.run(scenario, replications=replications, seed=seed, workers=1)
    out = {
        "startup_rss_mib": startup,
        "peak_rss_mib": vm_hwm_mib(),
        "wall_s": result.wall_time_s,
        "cpu_s": time.process_time() - c0,
        "events": result.aggregate.events,
        "households": result.aggregate.households,
        "replications": result.replications,
    }
    sys.stdout.write(json.dumps(out) + "\n")


def measure_memory(path: Path, replications: int, seed: int = SEED) -> dict[str, Any]:
    """Peak RSS of ``sim.run(path, replications)`` in a fresh subprocess (plain data back)."""
    code = f"from sim.bench import _memory_child; _memory_child({str(path)!r}, {replications}, {seed})"
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"memory benchmark child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- profiles
def _short_path(file: str) -> str:
    if file == "~":
        return ""
    p = Path(file)
    root = Path(__file__).resolve().parent.parent
    try:
        return str(p.resolve().relative_to(root))
    except ValueError:
        parts = p.parts
        for marker in ("site-packages", "dist-packages"):
            if marker in parts:
                return "/".join(parts[parts.index(marker) + 1 :])
        return p.name


def _func_label(key: tuple[str, int, str]) -> str:
    file, line, name = key
    short = _short_path(file)
    return f"{short}:{line}({name})" if short else name


def profile_replication(scenario: Any, top: int = 10) -> dict[str, Any]:
    """cProfile one replication; the ``top`` functions by cumulative and by own time."""
    from sim import run_replication

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    result = run_replication(scenario, SEED, 0)
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    rows = [
        {
            "function": _func_label(key),
            "ncalls": nc,
            "tottime_s": tt,
            "cumtime_s": ct,
        }
        for key, (_cc, nc, tt, ct, _callers) in stats.items()
    ]
    return {
        "wall_s_profiled": wall,
        "households": result.households,
        "events": result.events_processed,
        "cumulative": sorted(rows, key=lambda r: r["cumtime_s"], reverse=True)[:top],
        "own": sorted(rows, key=lambda r: r["tottime_s"], reverse=True)[:top],
    }


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
    }


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover
        return None


def _git_revision() -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "sim"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
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


def collect(
    quick: bool = False,
    *,
    scenarios: Mapping[str, str | Path] | None = None,
    profile: bool = True,
    command: str | None = None,
    memory_replications: tuple[int, ...] | None = None,
    passes: int | None = None,
    log: Log | None = _stderr,
) -> BenchReport:
    """Run every benchmark and return the report (rows, targets, machine, profiles).

    ``scenarios`` maps the size labels ``1x``, ``10x`` and ``60x`` to scenario files (default
    :data:`SCENARIOS`) and ``memory_replications`` overrides the replication counts of the
    memory runs (default 1, 10, 1000; quick 1, 10, 100); tests pass small ones. ``passes``
    is how often the single replications are timed, minutes apart, keeping the best times
    (default 2; quick 1). ``log`` gets progress lines (``None``: quiet).
    """
    from sim import load_scenario, run

    say: Log = log or (lambda _msg: None)
    load_start = _load_average()
    t_start = time.perf_counter()
    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    paths = {k: scenario_path(str(v)) for k, v in (scenarios or SCENARIOS).items()}
    min_repeats, budget = (1, 0.5) if quick else (3, 3.0)
    many = 10 if quick else 100
    mem_reps = memory_replications or ((1, 10, 100) if quick else (1, 10, 1000))
    rows: list[dict[str, Any]] = []
    loaded = {k: load_scenario(p) for k, p in paths.items()}

    def timings(pass_no: int) -> dict[str, tuple[Timing, Timing]]:
        out = {}
        for size, sc in loaded.items():
            label = "baseline" if size == "1x" else sc.name
            say(
                f"{label}: 1 replication and its M/M/c reference, interleaved, at least {min_repeats} "
                f"rounds (pass {pass_no} of {passes})"
            )
            out[size] = time_model_and_reference(sc, min_repeats, budget)
        return out

    # Two passes minutes apart (not in quick mode): a burst of load from other tenants of a
    # shared machine can spoil one window of a few seconds; the best times of both are kept.
    passes = passes or (1 if quick else 2)
    timed = timings(1)

    many_run: dict[str, Any] = {}
    if "1x" in loaded:
        say(f"baseline: {many} replications, sequential")
        c0 = time.process_time()
        result = run(loaded["1x"], replications=many, seed=SEED, workers=1)
        many_run = {
            "households": result.aggregate.households,
            "events": result.aggregate.events,
            "wall_s": result.wall_time_s,
            "cpu_s": time.process_time() - c0,
        }

    startup: dict[int, float] = {}
    memory_rows = []
    for n in mem_reps:
        say(f"memory: {n} replication(s) of the baseline in a fresh subprocess")
        m = measure_memory(paths["1x"], n)
        startup[n] = m["startup_rss_mib"]
        memory_rows.append(
            _row(
                f"memory, {n:,} replication{'s' if n > 1 else ''}",
                "memory",
                "1x",
                replications=n,
                dwellings=loaded["1x"].total_dwellings(),
                households=m["households"],
                events=m["events"],
                wall_s=m["wall_s"],
                cpu_s=m["cpu_s"],
                peak_rss_mib=m["peak_rss_mib"],
                repeats=1,
            )
        )

    costs: list[dict[str, Any]] = []
    if profile and "1x" in paths:
        costs = feature_costs(paths["1x"], rounds=2 if quick else 12, log=say)

    for pass_no in range(2, passes + 1):
        for size, (t, r) in timings(pass_no).items():
            t0, r0 = timed[size]
            timed[size] = (best_of(t0, t), best_of(r0, r))

    for size, sc in loaded.items():
        label = "baseline" if size == "1x" else sc.name
        t, r = timed[size]
        res = t.result
        dwellings = sc.total_dwellings()
        common = {"replications": 1, "dwellings": dwellings}
        model_row = _row(
            f"{label}, 1 replication",
            "model",
            size,
            households=res.households,
            events=res.events_processed,
            wall_s=t.wall_s,
            cpu_s=t.cpu_s,
            repeats=t.repeats,
            **common,
        )
        ref_row = _row(
            f"reference M/M/c, {size} size",
            "reference",
            size,
            households=r.result.customers,
            events=r.result.events,
            wall_s=r.wall_s,
            cpu_s=r.cpu_s,
            repeats=r.repeats,
            **common,
        )
        _compare(model_row, ref_row)
        rows += [model_row, ref_row]
        if size == "1x" and many_run:
            many_row = _row(
                f"baseline, {many} replications (sequential)",
                "model",
                size,
                replications=many,
                dwellings=dwellings,
                repeats=1,
                **many_run,
            )
            _compare(many_row, ref_row)
            rows.append(many_row)
    rows += memory_rows

    profiles: dict[str, dict[str, Any]] = {}
    if profile:
        for size in ("1x",) if quick else ("1x", "60x"):
            if size in loaded:
                say(f"cProfile: one replication of {loaded[size].name}")
                profiles[f"{loaded[size].name} ({size})"] = profile_replication(loaded[size])

    machine = machine_info()
    machine["memory_startup_rss_mib"] = startup
    machine["load_start"], machine["load_end"] = load_start, _load_average()
    return BenchReport(
        rows=rows,
        targets=evaluate_targets(rows),
        machine=machine,
        command=command or f"sim.bench.collect(quick={quick})",
        quick=quick,
        started=started,
        duration_s=time.perf_counter() - t_start,
        profiles=profiles,
        feature_costs=costs,
    )


def run_benchmarks(
    quick: bool = False,
    *,
    scenarios: Mapping[str, str | Path] | None = None,
    memory_replications: tuple[int, ...] | None = None,
    log: Log | None = _stderr,
) -> list[dict[str, Any]]:
    """Run the benchmarks (no profiles) and return the table: one dict per row, keys :data:`COLUMNS`.

    See :func:`collect` for the keyword arguments.
    """
    report = collect(
        quick, scenarios=scenarios, profile=False, memory_replications=memory_replications, log=log
    )
    return report.rows


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
    """How the model/reference ratio grows from 1x over the sizes measured."""
    model = {r["size"]: r for r in rows if r["kind"] == "model" and r["replications"] == 1}
    base = model.get("1x", {}).get("ratio_to_reference")
    if not base:
        return "ratio growth: n/a"
    parts = [
        f"{s}: {r['ratio_to_reference']:.2f} ({r['ratio_to_reference'] / base:.2f}x of 1x)"
        for s, r in model.items()
    ]
    return "model/reference ratio by size: " + ", ".join(parts)


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
        "(`sim.bench.feature_costs`). *saved* is the share of the baseline's time per household "
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
        f"- code: git {m['git']}",
        f"- load average (1 min) at start and end: {m.get('load_start')} / {m.get('load_end')} "
        "(with more runnable processes than cores, wall times stretch, and CPU times too)",
        "",
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
        "(`sim.bench.mmc_reference`: `(time, kind)` tuples, `random.expovariate`, a `deque` "
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


def write_markdown(report: BenchReport, path: str | Path) -> None:
    """Write :func:`render_markdown` to ``path`` atomically."""
    from sim.runner import atomic_write_text

    atomic_write_text(Path(path), render_markdown(report))


def cli(
    quick: bool = False,
    out: str | None = None,
    as_json: bool = False,
    argv: list[str] | None = None,
    before: str | None = None,
) -> int:
    """``boligflyt bench``: run, print the table (or JSON), optionally write the Markdown.

    ``before`` (an earlier ``--json`` report) is read and checked first, so a bad file fails
    in a second rather than after the benchmarks; exit code 2 then.
    """
    command = shlex.join(["boligflyt", *(sys.argv[1:] if argv is None else argv)])
    earlier = None
    if before:
        try:
            earlier = read_before(before)
        except BeforeFileError as exc:
            sys.stderr.write(f"boligflyt bench: --before {exc}\n")
            return 2
    report = collect(quick, command=command)
    report.before, report.before_file = earlier, before
    if as_json:
        sys.stdout.write(json.dumps(report.to_json_dict(), ensure_ascii=False) + "\n")
    else:
        m = report.machine
        sys.stdout.write(
            f"{command}\n{m['cpu']}, {m['cores']} cores, {m['platform']}, {m['python']}\n\n"
            f"{format_table(report.rows)}\n\n{growth_line(report.rows)}\n\n{format_targets(report.targets)}\n"
        )
        if report.feature_costs:
            sys.stdout.write(
                "\nwith parts of the model switched off (us/hh, share saved):\n"
                + "".join(
                    f"  {c['us_per_household']:6.1f}  {round(100 * c['saved_share']):3d} %  {c['variant']}\n"
                    for c in report.feature_costs
                )
            )
    if out:
        write_markdown(report, out)
        sys.stderr.write(f"wrote {out}\n")
    return 0
