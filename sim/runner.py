"""The runner: replications sequentially or in a process pool, aggregated on the fly.

Tasks carry plain parameters (the scenario and two integers) and return plain data, so
the result is the same whatever the backend: replication ``r`` of seed ``s`` is always
seeded from ``SeedSequence(s, spawn_key=(r, stream))``.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim import __version__
from sim.model import ReplicationResult, run_replication
from sim.results import Aggregate
from sim.scenario import Scenario


@dataclass
class RunResult:
    """Replications of one scenario, summarised."""

    scenario: Scenario
    seed: int
    aggregate: Aggregate
    wall_time_s: float = 0.0
    event_logs: dict[int, list[tuple]] = field(default_factory=dict)

    @property
    def replications(self) -> int:
        """Number of replications run."""
        return len(self.aggregate.kpi_rows)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document of ``boligflyt run --json``."""
        return {
            "scenario": self.scenario.name,
            "scenario_sha256": self.scenario.sha256(),
            "seed": self.seed,
            "replications": self.replications,
            "version": __version__,
            "kpis": self.aggregate.kpi_summary(),
            "yearly": self.aggregate.series_summary("yearly"),
        }


def _task(args: tuple[Scenario, int, int, bool]) -> ReplicationResult:
    scenario, seed, rep, log = args
    return run_replication(scenario, seed, rep, event_log=log)


def iter_replications(
    scenario: Scenario,
    replications: list[int],
    seed: int,
    workers: int = 1,
    event_log: bool = False,
) -> Iterator[ReplicationResult]:
    """Yield replication results in replication order, from one process or a pool."""
    tasks = [(scenario, seed, r, event_log) for r in replications]
    if workers <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield _task(t)
        return
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_task, tasks, chunksize=max(1, len(tasks) // (workers * 8)))


def run(
    scenario: Scenario,
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    progress: bool | Callable[[int, int], None] = False,
    out: str | Path | None = None,
    event_log: bool = False,
    first_replication: int = 0,
) -> RunResult:
    """Run ``replications`` replications of ``scenario`` and summarise them.

    Parameters
    ----------
    scenario:
        A validated scenario (see :func:`sim.load_scenario`).
    replications, seed:
        Replication ``r`` uses streams from ``SeedSequence(seed, spawn_key=(r, ...))``.
    workers:
        Processes to use; results are identical for any number.
    progress:
        ``True`` for a progress bar on stderr, or a callback ``f(done, total)``.
    out:
        Folder for result files (Parquet long tables, CSV summaries, manifest).
    event_log:
        Keep the household event log (opt-in; costs memory).
    """
    if replications < 1:
        raise ValueError("replications must be at least 1")
    reps = list(range(first_replication, first_replication + replications))
    agg = Aggregate()
    logs: dict[int, list[tuple]] = {}
    writer = ResultWriter(Path(out), scenario, seed) if out is not None else None
    bar = None
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(total=len(reps), desc=scenario.name, unit="rep", file=sys.stderr, leave=False)
    t0 = time.perf_counter()
    try:
        for i, r in enumerate(iter_replications(scenario, reps, seed, workers, event_log)):
            agg.add(r)
            if event_log and r.event_log is not None:
                logs[r.replication] = r.event_log
            if writer is not None:
                writer.add(r)
            if bar is not None:
                bar.update(1)
            elif callable(progress):
                progress(i + 1, len(reps))
    finally:
        if bar is not None:
            bar.close()
    result = RunResult(scenario, seed, agg, time.perf_counter() - t0, logs)
    if writer is not None:
        writer.finish(result)
    return result


# ---------------------------------------------------------------- output files
def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ResultWriter:
    """Streams per-replication long tables to Parquet (one row group per replication)."""

    def __init__(self, folder: Path, scenario: Scenario, seed: int):
        import pyarrow as pa

        self.folder = folder
        self.scenario = scenario
        self.seed = seed
        folder.mkdir(parents=True, exist_ok=True)
        self._schema = pa.schema(
            [
                ("replication", pa.int32()),
                ("date", pa.date32()),
                ("metric", pa.string()),
                ("group", pa.string()),
                ("value", pa.float64()),
            ]
        )
        self._writers: dict[str, Any] = {}
        self._tmp: dict[str, Path] = {}
        self._kpi_rows: list[dict[str, Any]] = []

    def _writer(self, name: str):
        import pyarrow.parquet as pq

        if name not in self._writers:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet", dir=self.folder)
            os.close(fd)
            self._tmp[name] = Path(tmp)
            self._writers[name] = pq.ParquetWriter(tmp, self._schema)
        return self._writers[name]

    def _long(self, r: ReplicationResult, series: dict[str, np.ndarray], dates: list):
        import pyarrow as pa

        n = len(dates)
        metrics, groups, values, ds = [], [], [], []
        for name, v in series.items():
            metric, _, group = name.partition("|")
            metrics.extend([metric] * n)
            groups.extend([group or "all"] * n)
            values.append(np.asarray(v, dtype=float))
            ds.extend(dates)
        return pa.table(
            {
                "replication": pa.array(np.full(len(metrics), r.replication, dtype=np.int32)),
                "date": pa.array(ds, type=pa.date32()),
                "metric": pa.array(metrics, type=pa.string()),
                "group": pa.array(groups, type=pa.string()),
                "value": pa.array(np.concatenate(values) if values else np.empty(0)),
            },
            schema=self._schema,
        )

    def add(self, r: ReplicationResult) -> None:
        """Append one replication's monthly and yearly series and KPIs."""
        import datetime as dt

        years = [dt.date(y, 1, 1) for y in r.years]
        months = [dt.date.fromisoformat(m) for m in r.month_starts]
        self._writer("yearly").write_table(self._long(r, r.yearly, years))
        self._writer("monthly").write_table(self._long(r, r.monthly, months))
        self._kpi_rows.append({"replication": r.replication, **r.kpis})

    def finish(self, result: RunResult) -> None:
        """Close the tables, write the CSV summaries and, last, the manifest."""
        import pandas as pd

        for name, w in self._writers.items():
            w.close()
            os.replace(self._tmp[name], self.folder / f"{name}.parquet")
        kpis = pd.DataFrame(self._kpi_rows).sort_values("replication")
        atomic_write_text(self.folder / "kpis_by_replication.csv", kpis.to_csv(index=False))
        agg = result.aggregate
        atomic_write_text(self.folder / "summary_kpis.csv", agg.kpi_frame().to_csv(index=False))
        atomic_write_text(self.folder / "summary_yearly.csv", agg.series_frame("yearly").to_csv(index=False))
        atomic_write_text(
            self.folder / "summary.json", json.dumps(result.to_json_dict(), indent=1, ensure_ascii=False)
        )
        atomic_write_text(
            self.folder / "manifest.json", json.dumps(manifest(result), indent=1, ensure_ascii=False)
        )


def manifest(result: RunResult) -> dict[str, Any]:
    """What a result folder holds and how to reproduce it."""
    import importlib.metadata as md

    deps = {}
    for pkg in ("simpy", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "ruamel.yaml"):
        try:
            deps[pkg] = md.version(pkg)
        except md.PackageNotFoundError:  # pragma: no cover
            deps[pkg] = None
    return {
        "scenario": result.scenario.name,
        "scenario_sha256": result.scenario.sha256(),
        "scenario_content": result.scenario.model_dump(mode="json"),
        "seed": result.seed,
        "replications": result.replications,
        "replication_numbers": result.aggregate.replications,
        "version": __version__,
        "python": platform.python_version(),
        "dependencies": deps,
        "wall_time_s": round(result.wall_time_s, 3),
        "partial": False,
        "files": {
            "yearly.parquet": "long table: replication, date (1 Jan of the year), metric, group, value",
            "monthly.parquet": "long table: replication, date (first day of the month), metric, group, value",
            "kpis_by_replication.csv": "one row per replication, one column per KPI",
            "summary_kpis.csv": "KPI mean and 95 % confidence interval over replications",
            "summary_yearly.csv": "yearly metric mean and 95 % confidence interval",
            "summary.json": "the same document as `boligflyt run --json`",
        },
    }
