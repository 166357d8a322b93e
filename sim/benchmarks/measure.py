"""Measurements: timing the model against the reference, memory, profiles, feature costs."""

from __future__ import annotations

import cProfile
import json
import math
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sim.benchmarks.reference import SEED, ReferenceResult, mmc_reference, reference_parameters

#: scenario files by size label (relative to the repository's ``scenarios/`` folder)
SCENARIOS: dict[str, str] = {
    "1x": "baseline.yaml",
    "10x": "scaled_10x.yaml",
    "60x": "scaled_60x.yaml",
}


Log = Callable[[str], None]


# ---------------------------------------------------------------- measurements
def _stderr(msg: str) -> None:
    sys.stderr.write(f"[bench] {msg}\n")
    sys.stderr.flush()


def scenario_path(name: str) -> Path:
    """Path of a scenario file: in the source tree next to the package, else under the cwd."""
    p = Path(name)
    if p.is_absolute() or p.exists():
        return p
    here = Path(__file__).resolve().parents[2] / "scenarios" / name
    return here if here.exists() else Path("scenarios") / name


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
    from sim.loader import load_scenario
    from sim.replication import run_replication

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
    from sim.replication import run_replication

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
    from sim.loader import load_scenario
    from sim.runner import run

    scenario = load_scenario(path)
    startup = vm_hwm_mib()
    c0 = time.process_time()
    result = run(scenario, replications=replications, seed=seed, workers=1)
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


def _child(code: str, what: str, **env_extra: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter of this package; its last stdout line is JSON."""
    env = dict(os.environ, **env_extra)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} benchmark child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def measure_memory(path: Path, replications: int, seed: int = SEED) -> dict[str, Any]:
    """Peak RSS of ``sim.run(path, replications)`` in a fresh subprocess (plain data back)."""
    code = (
        "from sim.benchmarks.measure import _memory_child; "
        f"_memory_child({str(path)!r}, {replications}, {seed})"
    )
    return _child(code, "memory")


def _timing_child(path: str, min_rounds: int, budget_s: float) -> None:
    """Run in a fresh interpreter by :func:`time_other_build`: JSON of both timings on stdout."""
    from sim import native
    from sim.loader import load_scenario

    t, r = time_model_and_reference(load_scenario(path), min_rounds, budget_s)
    out = {
        "build": native.build().describe(),
        "compiled": native.build().compiled,
        "model": {"wall_s": t.wall_s, "cpu_s": t.cpu_s, "repeats": t.repeats},
        "households": t.result.households,
        "events": t.result.events_processed,
        "reference": {"wall_s": r.wall_s, "cpu_s": r.cpu_s, "repeats": r.repeats},
        "customers": r.result.customers,
        "reference_events": r.result.events,
    }
    sys.stdout.write(json.dumps(out) + "\n")


def time_other_build(path: Path, min_rounds: int, budget_s: float) -> dict[str, Any]:
    """:func:`time_model_and_reference` on the pure-Python sources, in a fresh interpreter
    (``BOLIGFLYT_PURE=1``): the figure beside the compiled build's, against its own reference."""
    code = (
        "from sim.benchmarks.measure import _timing_child; "
        f"_timing_child({str(path)!r}, {min_rounds}, {budget_s})"
    )
    return _child(code, "pure-Python timing", BOLIGFLYT_PURE="1")


# ---------------------------------------------------------------- profiles
def _short_path(file: str) -> str:
    if file == "~":
        return ""
    p = Path(file)
    root = Path(__file__).resolve().parents[2]
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
    from sim.replication import run_replication

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
