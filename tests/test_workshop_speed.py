"""What keeps the analyses at workshop speed (issue 21), checked as behaviour, not timed:
commands import only what they use, the t quantiles come from the cheaper scipy function
bit for bit, ``--workers`` defaults to the cores the work can use, and the results cache
gives the same bytes as a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: libraries `boligflyt validate` must not load (each costs a tenth of a second or more)
HEAVY = (
    "numpy",
    "pandas",
    "scipy",
    "pyarrow",
    "tqdm",
    "simpy",
    "sim.model",
    "sim.runner",
    "sim.analysis.sizing",
)


def modules_loaded_by(argv: list[str]) -> set[str]:
    """The modules a fresh ``python -m sim ARGV`` has loaded when it exits (and its exit code 0)."""
    code = (
        "import json, runpy, sys\n"
        f"sys.argv = ['boligflyt', *{argv!r}]\n"
        "try:\n"
        "    runpy.run_module('sim', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


def test_validate_imports_no_heavy_library() -> None:
    loaded = modules_loaded_by(["validate", "scenarios/baseline.yaml"])
    found = sorted(m for m in loaded if m in HEAVY or m.split(".")[0] in HEAVY)
    assert not found, f"`boligflyt validate` imports {found}: import them where they are used"


def test_help_and_schema_import_no_heavy_library() -> None:
    loaded = modules_loaded_by(["schema"])
    assert not [m for m in loaded if m.split(".")[0] in ("pandas", "scipy", "pyarrow", "simpy")]


def test_t_quantiles_are_bit_identical_to_scipy_stats() -> None:
    """``t_halfwidth`` uses ``scipy.special.stdtrit``; ``scipy.stats.t.ppf`` gives the same bits."""
    from scipy import stats

    from sim.results import t_halfwidth

    df = np.arange(1, 5001, dtype=float)
    n = df + 1
    old = stats.t.ppf(0.975, df) * 2.5 / np.sqrt(n)
    new = t_halfwidth(np.full(len(n), 2.5), n)
    assert old.tobytes() == new.tobytes()
    assert np.isnan(t_halfwidth(1.0, 1))


@pytest.mark.parametrize(
    "by_year",
    [
        {2016: 17426, 2020: 18900, 2030: 21000, 2040: 23500},
        {2020: 1000.0, 2021: 3000.0},
        {2016: 500.0},
        {2018: 1e6, 2019: 5e5, 2030: 120.0},
    ],
)
def test_the_population_path_of_validation_is_the_models(by_year) -> None:
    """Validation reads the population path in plain Python (no NumPy), the model with NumPy:
    the same path, day by day, before, between and after the anchors."""
    import datetime as dt
    import math

    from sim.population import daily_log_population, log_population_days

    for start, days in ((dt.date(2016, 1, 1), 9132), (dt.date(2017, 6, 15), 400)):
        plain = log_population_days(by_year, start, days)
        numpy_path = daily_log_population(by_year, start, days)
        assert len(plain) == days
        assert max(abs(a - b) for a, b in zip(plain, numpy_path, strict=True)) <= 1e-12 * max(
            1.0, max(abs(math.log(v)) for v in by_year.values())
        )


# ---------------------------------------------------------------- --workers
def test_workers_default_to_the_cores_but_no_more_than_the_work(monkeypatch) -> None:
    import argparse
    import os

    from sim import backends

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    assert backends.default_workers() == 4
    assert backends.default_workers(2) == 2 and backends.default_workers(0) == 1
    args = argparse.Namespace(workers=None, backend="local", scheduler=None)
    assert backends.backend_from_args(args).workers == 4
    assert backends.backend_from_args(args, work=3).workers == 3
    args.workers = 1
    assert backends.backend_from_args(args, work=3).workers == 1  # --workers wins


def test_a_local_backend_keeps_its_pool_between_calls() -> None:
    """One pool for the whole analysis: a sizing maps dozens of batches."""
    import os

    from sim.backends import LocalBackend

    with LocalBackend(2) as b:
        first = set(b(_pid, range(8)))
        pool = b.pool()
        second = set(b(_pid, range(8)))
        assert b.pool() is pool and os.getpid() not in first
        assert second <= {p.pid for p in pool._processes.values()}  # the same processes
        assert list(b.imap(_square, range(20))) == [x * x for x in range(20)]
        assert sorted(b.as_completed(_square, range(20))) == sorted(x * x for x in range(20))
    assert b._pool is None  # closed with the block


def _pid(_x: int) -> int:
    import os

    return os.getpid()


def _square(x: int) -> int:
    return x * x


# ---------------------------------------------------------------- the results cache
def _short():
    import sim

    return sim.load_scenario(ROOT / "scenarios" / "baseline.yaml", ["end_date=2018-12-31"])


def test_runs_are_byte_identical_with_and_without_the_cache(tmp_path, monkeypatch) -> None:
    import sim
    from sim import cache as cache_mod

    sc = _short()
    monkeypatch.setenv(cache_mod.CACHE_ENV, "off")
    plain = sim.run(sc, replications=4, seed=3, workers=2)
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path))
    cold = sim.run(sc, replications=4, seed=3, workers=2)
    assert len(list(tmp_path.rglob("*.parquet"))) == 4
    warm = sim.run(sc, replications=6, seed=3, workers=1)  # 4 read back, 2 run
    assert len(list(tmp_path.rglob("*.parquet"))) == 6
    again = sim.run(sc, replications=4, seed=3, workers=1)
    for other in (cold, again):
        assert json.dumps(other.to_json_dict()) == json.dumps(plain.to_json_dict())
        assert _bytes(other) == _bytes(plain)
    assert {r: warm.aggregate.kpi_rows[r] for r in range(4)} == plain.aggregate.kpi_rows
    assert warm.aggregate.events == sim.run(sc, replications=6, seed=3).aggregate.events


def _bytes(result) -> bytes:
    """Every KPI row and every yearly and monthly moment, as IEEE-754 bytes."""
    agg = result.aggregate
    parts = [np.asarray(list(agg.kpi_rows[r].values()), "<f8").tobytes() for r in sorted(agg.kpi_rows)]
    for series in (agg.yearly, agg.monthly):
        for name in sorted(series):
            w = series[name]
            parts += [name.encode(), w.n.tobytes(), w.mean.tobytes(), w.m2.tobytes()]
    return b"".join(parts)


def test_analyses_read_the_runs_replications_from_the_cache(tmp_path, monkeypatch) -> None:
    """A task of an analysis and a run of the same scenario share the cache's replications."""
    import sim
    from sim import cache as cache_mod
    from sim.analysis.common import evaluate

    sc = _short()
    monkeypatch.setenv(cache_mod.CACHE_ENV, "off")
    plain = evaluate([sc], 3, seed=5, yearly=None)[0]
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path))
    sim.run(sc, replications=3, seed=5)
    files = sorted(tmp_path.rglob("*.parquet"))
    stamps = [p.stat().st_mtime_ns for p in files]
    cached = evaluate([sc], 3, seed=5, yearly=None)[0]
    assert sorted(tmp_path.rglob("*.parquet")) == files  # nothing new was run
    for k in plain.kpis:
        assert plain.kpis[k].tobytes() == cached.kpis[k].tobytes(), k
    for m in plain.yearly:
        assert plain.yearly[m].tobytes() == cached.yearly[m].tobytes(), m
    assert stamps  # (read, not rewritten: the content is the run's)


def test_other_code_or_a_damaged_file_is_a_miss(tmp_path, monkeypatch) -> None:
    from sim import cache as cache_mod
    from sim.replication import run_replication

    sc = _short()
    key = cache_mod.scenario_key(sc)
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path))
    store = cache_mod.replication_cache()
    assert store is not None and store.root.name == cache_mod.code_sha256()[:16]
    r = cache_mod.cached_replication(store, key, 1, 0, lambda: sc)
    assert store.get(key, 1, 0) is not None
    # the code changed: its own folder, where nothing was run yet
    monkeypatch.setattr(cache_mod, "code_sha256", lambda: "f" * 64)
    other = cache_mod.replication_cache()
    assert other is not None and other.root != store.root and other.get(key, 1, 0) is None
    # a damaged file is removed and run again, with the same result
    store.path(key, 1, 0).write_bytes(b"not parquet")
    assert store.get(key, 1, 0) is None and not store.path(key, 1, 0).exists()
    again = cache_mod.cached_replication(store, key, 1, 0, lambda: sc)
    assert again.kpis == r.kpis == run_replication(sc, 1, 0).kpis
    # another seed or another order of the groups is another key
    assert store.get(key, 2, 0) is None
    data = sc.model_dump(mode="json")
    data["groups"] = dict(reversed(list(data["groups"].items())))
    import sim

    assert cache_mod.scenario_key(sim.scenario_from_dict(data)) != key


def test_the_cache_is_pruned_to_its_limit_least_recently_used_first(tmp_path) -> None:
    import os

    from sim.cache import ReplicationCache

    store = ReplicationCache(tmp_path / "code")
    for i in range(5):
        p = store.path("ab" * 32, 1, i)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x" * 1000)
        os.utime(p, (1000 + i, 1000 + i))
    assert store.prune(limit=2500) == 3
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == ["s1-r3.parquet", "s1-r4.parquet"]


def test_the_cache_can_be_turned_off(monkeypatch) -> None:
    from sim import cache as cache_mod

    for off in ("off", "", "0"):
        monkeypatch.setenv(cache_mod.CACHE_ENV, off)
        assert cache_mod.replication_cache() is None
    monkeypatch.delenv(cache_mod.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_mod.cache_dir() == Path("/somewhere/boligflyt")


# ---------------------------------------------------------------- the user-task benchmark
def test_user_task_section_is_written_and_replaced(tmp_path, monkeypatch) -> None:
    """``bench --user-tasks --out``: the section is added once, then replaced in place."""
    from sim.analysis import documents
    from sim.benchmarks import tasks

    monkeypatch.setattr(documents, "results_fingerprint", lambda: "0" * 16)
    run = {"wall_s": 2.0, "cpu_s": 3.5, "exit": 0}
    doc = {
        "machine": {"cpu": "CPU X", "cores": 2, "usable_cores": 2, "memory_gib": 8, "platform": "Linux"},
        "interpreter": "cpython 3.11.7",
        "trees": {"before": "/a", "after": "/b"},
        "revisions": {"before": "abc", "after": "def"},
        "repeat": 1,
        "load_average": [1.0, 1.0],
        "tasks": [
            {
                "task": t.name,
                "command": t.shown,
                "target_s": t.target_s,
                "runs": {"before": [dict(run, wall_s=4.0)], "after": [run]},
            }
            for t in tasks.TASKS
        ],
    }
    text = tasks.markdown(doc)
    assert "| validate | ≤ 0.50 s | 4.00 (4.00–4.00) | 3.50 | 2.00 (2.00–2.00) | 3.50 | 0.50 |" in text
    assert "CPU X, 2 cores" in text and "cpython 3.11.7" in text
    path = tmp_path / "PERFORMANCE.md"
    path.write_text("# Performance\n\nhand-written\n")
    tasks.write_section(path, doc, "boligflyt bench --user-tasks")
    tasks.write_section(path, doc, "boligflyt bench --user-tasks")
    out = path.read_text()
    assert out.count("BEGIN GENERATED user-tasks") == 1 and "hand-written" in out
    assert documents.sections(out)["user-tasks"].body == text


def test_the_user_tasks_run_the_pages_own_functions() -> None:
    """The page scripts call what the pages call (a renamed function must fail here, not in
    a benchmark an hour later)."""
    import dashboard.analyses as analyses
    import dashboard.state as state
    from sim.benchmarks import tasks

    for name in ("run_budget_verdict", "default_budgets", "start_cards", "workshop_columns"):
        assert callable(getattr(analyses, name)) and name in tasks._BUDGET + tasks._TILVISNING
    assert callable(state.run_scenarios) and callable(state.worker_pool)


def test_welfords_fast_path_gives_the_masked_bits() -> None:
    """Series without a gap take a path without masks: the same moments, bit for bit."""
    from sim.results import Welford

    rng = np.random.default_rng(1)
    xs = [rng.normal(size=25) * 1e5 for _ in range(40)]
    xs[7][3] = np.nan  # one gap: that replication takes the masked path
    w = Welford((25,))
    n, mean, m2 = np.zeros(25), np.zeros(25), np.zeros(25)
    for x in xs:
        w.add(x)
        ok = ~np.isnan(x)
        n = n + ok
        delta = np.where(ok, x - mean, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = mean + np.where(ok, delta / np.maximum(n, 1), 0.0)
        m2 = m2 + np.where(ok, delta * (x - mean), 0.0)
    assert (w.n.tobytes(), w.mean.tobytes(), w.m2.tobytes()) == (n.tobytes(), mean.tobytes(), m2.tobytes())
