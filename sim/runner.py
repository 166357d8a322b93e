"""The runner: replications in one process, a process pool or a dask cluster, aggregated on the fly.

Tasks carry plain parameters (the scenario and two integers) and return plain data, so
the result is the same whatever the backend: replication ``r`` of seed ``s`` is always
seeded from ``SeedSequence(s, spawn_key=(r, stream))``.

Finished work is never lost (issue 8). With ``out``, every finished replication is written
at once to ``out/parts/rep-NNNNNN.parquet`` (a temporary file, flushed, then renamed into
place) and ``manifest.json`` is rewritten with ``"partial": true``. The final tables and
summaries are always built from the parts, in replication order, so a run interrupted and
completed with ``resume=True`` writes the same numbers as a run that went straight
through. A replication that raises is recorded as a :class:`ReplicationFailure` (seed,
replication, scenario hash) while the others go on; :func:`run` then raises
:class:`ReplicationsFailed`, which carries the result of the others.

A run holds the folder's lock (:mod:`sim.locks`) from start to end, so a second run into
the same folder is refused at once (:class:`FolderInUse`). A fresh run never replaces a
finished one unless asked (``force``). A file that cannot be written (a full disk, a
read-only folder) stops the run with :class:`ResultWriteError`, whose message says what
was kept and how to go on; ``resume`` reads every saved part before running anything.
Memory and the work per replication do not grow with the number of replications asked for:
tasks are made as they are needed, and the manifest lists runs of replication numbers
(``[[0, 86]]``), not every number.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import errno
import functools
import json
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.backends import Backend, LocalBackend, pool_worker_init, using
from sim.cache import ReplicationCache, cached_replication, code_sha256, replication_cache, scenario_key
from sim.errors import ResultFolderError, printable
from sim.locks import FolderLock, FolderLockError, describe_holder
from sim.parts import PART_FORMAT, part_meta, part_result, part_table
from sim.replication import run_replication
from sim.results import Aggregate, ReplicationResult
from sim.scenario import Scenario
from sim.version import __version__

#: result files a run writes next to ``manifest.json`` (removed when a fresh run starts)
OUTPUT_FILES = (
    "yearly.parquet",
    "monthly.parquet",
    "events.parquet",
    "kpis_by_replication.csv",
    "summary_kpis.csv",
    "summary_yearly.csv",
    "summary.json",
)


class Terminated(BaseException):
    """Raised by the command line's SIGTERM handler so a killed run keeps its finished work."""


class AlreadyComplete(ResultFolderError):
    """``resume`` was asked for a folder whose run is already complete."""


class FolderInUse(ResultFolderError):
    """Another run holds the output folder's lock."""


class ResultWriteError(ResultFolderError):
    """A result file could not be written (a full disk, a folder made read-only); the message
    says what was kept. ``saved`` replications are safe in the folder."""

    def __init__(self, message: str, saved: int = 0):
        super().__init__(message)
        self.saved = saved


def _why(exc: BaseException) -> str:
    """An OS error in a few words: ``No space left on device``."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


def ranges(numbers: Iterable[int]) -> list[list[int]]:
    """Sorted numbers as inclusive runs: ``[0, 1, 2, 5]`` -> ``[[0, 2], [5, 5]]``."""
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def missing_ranges(requested: Sequence[int], done: set[int]) -> list[list[int]]:
    """Runs of ``requested`` numbers not in ``done``, without listing every number (a
    ``range`` of ten million costs no more than the numbers done)."""
    if not isinstance(requested, range) or requested.step != 1:
        return ranges(r for r in requested if r not in done)
    out: list[list[int]] = []
    nxt = requested.start
    for r in sorted(d for d in done if d in requested):
        if r > nxt:
            out.append([nxt, r - 1])
        nxt = r + 1
    if nxt < requested.stop:
        out.append([nxt, requested.stop - 1])
    return out


@dataclass(frozen=True)
class ReplicationFailure:
    """One replication that raised: enough to reproduce it with ``--seed S --replication R``."""

    seed: int
    replication: int
    scenario_sha256: str
    error: str
    traceback: str = ""

    def describe(self) -> str:
        """One line: which replication failed, how to find it again, and the error."""
        return (
            f"replication {self.replication} (seed {self.seed}, scenario sha256 "
            f"{self.scenario_sha256[:12]}) failed: {self.error}"
        )

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for the manifest (the traceback stays out: it names local paths)."""
        return {
            "seed": self.seed,
            "replication": self.replication,
            "scenario_sha256": self.scenario_sha256,
            "error": self.error,
        }


@dataclass
class RunResult:
    """Replications of one scenario, summarised."""

    scenario: Scenario
    seed: int
    aggregate: Aggregate
    wall_time_s: float = 0.0
    event_logs: dict[int, list[tuple]] = field(default_factory=dict)
    failures: list[ReplicationFailure] = field(default_factory=list)
    requested: Sequence[int] = field(default_factory=list)

    @property
    def replications(self) -> int:
        """Number of replications run."""
        return len(self.aggregate.kpi_rows)

    @property
    def missing(self) -> list[list[int]]:
        """Requested replications without a result (failed or not run), as inclusive runs."""
        return missing_ranges(self.requested, set(self.aggregate.kpi_rows))

    @property
    def missing_count(self) -> int:
        """How many requested replications have no result."""
        done = sum(1 for r in self.aggregate.kpi_rows if r in self.requested)
        return len(self.requested) - done

    @property
    def partial(self) -> bool:
        """Whether some requested replication has no result."""
        return self.missing_count > 0

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


class ReplicationsFailed(RuntimeError):
    """Some replications raised; ``result`` holds the others, ``failures`` says which and why."""

    def __init__(self, result: RunResult):
        self.result = result
        self.failures = list(result.failures)
        lines = [f.describe() for f in self.failures]
        super().__init__(
            f"{len(self.failures)} of {len(result.requested)} replications failed; " + "; ".join(lines)
        )


#: (scenario, seed, replication, event log, optional (cache, scenario key))
Task = tuple[Any, ...]


def _task(args: Task) -> ReplicationResult:
    """One replication; with a cache (and no event log, which the cache does not keep) it is
    read from the cache when it was run before, and kept there when it is run now."""
    scenario, seed, rep, log, *rest = args
    cache = rest[0] if rest else None
    if cache is not None and not log:
        store, key = cache
        return cached_replication(store, key, seed, rep, lambda: scenario)
    return run_replication(scenario, seed, rep, event_log=log)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _safe_task(args: Task) -> ReplicationResult | ReplicationFailure:
    """Run one replication; an exception becomes a :class:`ReplicationFailure` (plain data)."""
    scenario, seed, rep = args[:3]
    try:
        return _task(args)
    except Exception as exc:
        return ReplicationFailure(
            int(seed), int(rep), scenario.sha256(), _one_line(exc), traceback.format_exc()
        )


#: pool workers leave Ctrl-C to the parent and die on SIGTERM (kept here for older callers)
_worker_init = pool_worker_init


def iter_replications(
    scenario: Scenario,
    replications: Iterable[int],
    seed: int,
    workers: int = 1,
    event_log: bool = False,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
) -> Iterator[ReplicationResult]:
    """Yield replication results in replication order, from one process, a pool or a cluster.

    ``backend`` is ``"local"`` (the default: ``workers`` processes), ``"dask"`` (with
    ``scheduler``, or a local cluster of ``workers`` processes) or a :class:`sim.backends.Backend`,
    which is used and left open; see :mod:`sim.backends`.
    """
    with using(backend, workers, scheduler) as b:
        cache = _cache_for(b, scenario, event_log)
        tasks = ((scenario, seed, r, event_log, cache) for r in replications)
        yield from b.imap(_task, tasks)


def iter_outcomes(
    scenario: Scenario,
    replications: Iterable[int],
    seed: int,
    workers: int = 1,
    event_log: bool = False,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
) -> Iterator[ReplicationResult | ReplicationFailure]:
    """Yield each replication's result, or its failure, as soon as it finishes.

    Sequentially the order is that of ``replications``; from a pool or a cluster it is the
    order in which they finish, so nothing finished waits behind a slow replication.
    ``backend`` and ``scheduler`` as in :func:`iter_replications`.
    """
    with using(backend, workers, scheduler) as b:
        cache = _cache_for(b, scenario, event_log)
        tasks = ((scenario, seed, r, event_log, cache) for r in replications)  # made as needed
        yield from b.as_completed(_safe_task, tasks)


def _cache_for(backend: Backend, scenario: Scenario, event_log: bool) -> tuple[ReplicationCache, str] | None:
    """The results cache and the scenario's key for a run on ``backend``, or None: only local
    processes share this machine's cache folder, and the cache keeps no event logs."""
    if event_log or not isinstance(backend, LocalBackend):
        return None
    store = replication_cache()
    return None if store is None else (store, scenario_key(scenario))


def run(
    scenario: Scenario,
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    progress: bool | Callable[[int, int], None] = False,
    out: str | Path | None = None,
    event_log: bool = False,
    first_replication: int = 0,
    resume: bool = False,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
    force: bool = False,
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
    backend, scheduler:
        Where the replications run: ``"local"`` (default; ``workers`` processes), ``"dask"``
        (the cluster at ``scheduler``, e.g. ``tcp://10.0.0.5:8786``, or a local cluster of
        ``workers`` processes) or a :class:`sim.backends.Backend` object, used and left open.
        Results are identical, byte for byte, on every backend.
    progress:
        ``True`` for a progress bar on stderr, or a callback ``f(done, total)``.
    out:
        Folder for result files (Parquet long tables, CSV summaries, manifest). Each
        finished replication is saved at once; if the run is interrupted the folder holds
        a partial result (``"partial": true`` in ``manifest.json``).
    event_log:
        Keep the household event log (opt-in; costs memory).
    first_replication:
        Number of the first replication (``--replication R`` runs just ``R``).
    resume:
        Complete the partial run in ``out`` (same scenario, seed and replications);
        the replications already saved there are not run again.
    force:
        Start afresh in ``out`` even if it holds a finished or unfinished run, whose
        results are then discarded (without it, finished work is never replaced).

    Raises
    ------
    ReplicationsFailed
        After all other replications have finished (and, with ``out``, been written),
        if any replication raised. ``exc.result`` is the result of the others.
    ResultFolderError
        ``out`` holds a run and neither ``resume`` nor ``force`` is given, ``resume`` is
        true and the folder holds another run or a damaged part, another run is using the
        folder (:class:`FolderInUse`), or a file cannot be written (:class:`ResultWriteError`).
    """
    if replications < 1:
        raise ValueError("replications must be at least 1")
    if resume and out is None:
        raise ValueError("resume needs an output folder")
    if out is not None and not str(out).strip():
        raise ResultFolderError(
            "--out: the folder name is empty, which would write the result files into the current "
            "folder; give a folder name (--out . if the current folder is meant)"
        )
    reps = range(first_replication, first_replication + replications)
    writer = (
        ResultWriter(Path(out), scenario, seed, reps, event_log=event_log, resume=resume, force=force)
        if out is not None
        else None
    )
    try:
        return _run(scenario, reps, seed, workers, progress, writer, event_log, backend, scheduler)
    finally:
        if writer is not None:
            writer.close()


def _run(
    scenario: Scenario,
    reps: range,
    seed: int,
    workers: int,
    progress: bool | Callable[[int, int], None],
    writer: ResultWriter | None,
    event_log: bool,
    backend: str | Backend | None,
    scheduler: str | None,
) -> RunResult:
    done = writer.done if writer is not None else set()

    def todo() -> Iterator[int]:  # made as needed: ten million replications cost no memory
        return (r for r in reps if r not in done)

    n_todo = len(reps) - sum(1 for r in done if r in reps)
    agg = Aggregate()
    waiting: dict[int, ReplicationResult | None] = {}  # finished, not yet folded (no writer)
    fold_order = todo()
    next_rep = next(fold_order, None)
    logs: dict[int, list[tuple]] = {}
    failures: list[ReplicationFailure] = []
    bar = None
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(total=n_todo, desc=printable(scenario.name), unit="rep", file=sys.stderr, leave=False)
    t0 = time.perf_counter()
    outcomes = iter_outcomes(scenario, todo(), seed, workers, event_log, backend, scheduler)
    try:
        for i, outcome in enumerate(outcomes):
            if isinstance(outcome, ReplicationFailure):
                failures.append(outcome)
                if writer is not None:
                    writer.fail(outcome)
                waiting[outcome.replication] = None
            else:
                if event_log and outcome.event_log is not None:
                    logs[outcome.replication] = outcome.event_log
                if writer is not None:
                    writer.add(outcome, time.perf_counter() - t0)
                    waiting[outcome.replication] = None
                else:
                    waiting[outcome.replication] = outcome
            # fold in replication order so any backend gives the same floating-point sums
            while next_rep is not None and next_rep in waiting:
                r = waiting.pop(next_rep)
                if r is not None:
                    agg.add(r)
                next_rep = next(fold_order, None)
            if bar is not None:
                bar.update(1)
            elif callable(progress):
                progress(i + 1, n_todo)
    except BaseException as exc:
        if writer is not None and not isinstance(exc, ResultWriteError):
            # best effort: the parts and the manifest on disk are already consistent (after a
            # write error, writing the tables would only fail again)
            with contextlib.suppress(Exception):
                writer.finish(time.perf_counter() - t0, failures, interrupted=True)
        raise
    finally:
        outcomes.close()  # cancels what has not run and closes a backend made for this run
        if bar is not None:
            bar.close()
    wall = time.perf_counter() - t0
    store = replication_cache()
    if store is not None and not event_log:
        store.prune()  # held under its size limit by the process that filled it
    if writer is not None:
        result = writer.finish(wall, failures)
        result.event_logs = logs
    else:
        result = RunResult(scenario, seed, agg, wall, logs, failures, reps)
    if failures:
        raise ReplicationsFailed(result)
    return result


# ---------------------------------------------------------------- reproducibility check
def sample_replications(replications: list[int], k: int) -> list[int]:
    """``k`` replications spread evenly from the first to the last (all if ``k`` is larger)."""
    reps = sorted(replications)
    if k >= len(reps):
        return reps
    if k <= 0:
        return []
    idx = np.unique(np.linspace(0, len(reps) - 1, k).round().astype(int))
    return [reps[i] for i in idx]


def _row_bytes(row: dict[str, float]) -> bytes:
    names = "\x1f".join(row).encode("utf-8")
    return names + b"\x1e" + np.asarray(list(row.values()), dtype="<f8").tobytes()


def check_reproducible(result: RunResult, sample: int = 3) -> dict[str, Any]:
    """Rerun a sample of ``result``'s replications in a fresh interpreter and compare.

    The rerun happens in a newly spawned process (its own hash seed, no state shared with
    the first run), and each rerun's KPI row must equal the first run's byte for byte
    (names, order and the IEEE-754 bits of every value, NaN included).
    """
    reps = sample_replications(result.aggregate.replications, sample)
    t0 = time.perf_counter()
    reruns: list[ReplicationResult] = []
    if reps:
        ctx = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_worker_init) as pool:
            # never from the cache: the point is to run them again
            reruns = list(pool.map(_task, [(result.scenario, result.seed, r, False, None) for r in reps]))
    differences = []
    for r, new in zip(reps, reruns, strict=True):
        old = result.aggregate.kpi_rows[r]
        if _row_bytes(old) == _row_bytes(new.kpis):
            continue
        names = [
            n
            for n in sorted(set(old) | set(new.kpis))
            if np.asarray(old.get(n, np.nan), "<f8").tobytes()
            != np.asarray(new.kpis.get(n, np.nan), "<f8").tobytes()
        ]
        differences.append(
            {
                "replication": r,
                "kpis": names[:10] or ["(names or order differ)"],
                "first": {n: old.get(n) for n in names[:3]},
                "rerun": {n: new.kpis.get(n) for n in names[:3]},
            }
        )
    return {
        "replications": reps,
        "identical": not differences,
        "differences": differences,
        "compared": "KPI rows, byte for byte",
        "rerun_in": "a freshly spawned Python process",
        "wall_time_s": round(time.perf_counter() - t0, 3),
    }


def record_in_manifest(folder: str | Path, key: str, value: Any) -> None:
    """Add ``key: value`` to ``folder/manifest.json`` (atomically, holding the folder's lock)."""
    path = Path(folder) / "manifest.json"
    try:
        with FolderLock(Path(folder)):
            doc = json.loads(path.read_text(encoding="utf-8"))
            doc[key] = value
            atomic_write_text(path, json.dumps(doc, indent=1, ensure_ascii=False))
    except FolderLockError as exc:
        raise FolderInUse(_in_use(Path(folder), exc.holder)) from None
    except OSError as exc:
        raise ResultWriteError(f"{path}: cannot be written ({_why(exc)})") from exc


# ---------------------------------------------------------------- output files
def _umask() -> int:
    """The process's umask (read from /proc where it can be: setting it to learn it is racy)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _usual_mode(fd: int) -> None:
    """Give a temporary file (``mkstemp`` makes it 0600) the mode a new file gets under the umask."""
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o666 & ~_umask())


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    _usual_mode(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write_table(table: Any, path: Path) -> None:
    """Write a pyarrow table as Parquet through a flushed temporary file and a rename."""
    import pyarrow.parquet as pq

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _usual_mode(fd)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.lru_cache(maxsize=1)
def dependency_versions() -> dict[str, str | None]:
    """Versions of the packages the results depend on."""
    import importlib.metadata as md

    deps: dict[str, str | None] = {}
    for pkg in ("simpy", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "ruamel.yaml"):
        try:
            deps[pkg] = md.version(pkg)
        except md.PackageNotFoundError:  # pragma: no cover
            deps[pkg] = None
    return deps


FILE_DOCS = {
    "yearly.parquet": "long table: replication, date (1 Jan of the year), metric, group, value",
    "monthly.parquet": "long table: replication, date (first day of the month), metric, group, value",
    "kpis_by_replication.csv": "one row per replication, one column per KPI",
    "summary_kpis.csv": "KPI mean and 95 % confidence interval over replications",
    "summary_yearly.csv": "yearly metric mean and 95 % confidence interval",
    "summary.json": "the same document as `boligflyt run --json`",
    "events.parquet": "household event log: replication, scenario, household_id, event, time, group, "
    "dwelling_id (with --event-log)",
    "parts/": "one file per finished replication of an unfinished run (used by --resume; removed "
    "when the run completes)",
}


def _in_use(folder: Path, holder: dict[str, Any]) -> str:
    text = (
        f"{folder}: another boligflyt run is using this folder ({describe_holder(holder)}); "
        "wait for it to finish, or choose another folder"
    )
    lock = FolderLock(folder)
    if holder.get("pid") and not lock.holder_alive(holder):
        text += (
            f" (its process {holder['pid']} has ended; its worker processes may still be stopping: "
            "try again in a few seconds)"
        )
    return text


class ResultWriter:
    """Saves each finished replication as a part file and builds the result files from the parts.

    It holds the folder's lock from construction to :meth:`close` (use it as a context
    manager, or call :meth:`close`).

    Parameters
    ----------
    folder:
        The output folder.
    scenario, seed, replications:
        What is run; ``replications`` are the replication numbers asked for (a ``range``
        keeps a huge request cheap).
    event_log:
        Also save each replication's household event log.
    resume:
        Continue the unfinished run in ``folder`` instead of starting afresh.
    force:
        Start afresh even if ``folder`` holds a run (its results are discarded).
    """

    def __init__(
        self,
        folder: Path,
        scenario: Scenario,
        seed: int,
        replications: Sequence[int] | None = None,
        event_log: bool = False,
        resume: bool = False,
        force: bool = False,
    ):
        import pyarrow as pa

        self.folder = folder
        self.parts = folder / "parts"
        self.scenario = scenario
        self.sha = scenario.sha256()
        self.code = code_sha256()
        self.seed = int(seed)
        self.reps: Sequence[int] = replications if replications is not None else [0]
        self.event_log = event_log
        self.failed: dict[int, ReplicationFailure] = {}
        self.previous_wall = 0.0
        self.resumed = 0
        self._session_wall = 0.0
        self.done: set[int] = set()
        self._long_schema = pa.schema(
            [
                ("replication", pa.int32()),
                ("date", pa.date32()),
                ("metric", pa.string()),
                ("group", pa.string()),
                ("value", pa.float64()),
            ]
        )
        self._lock = FolderLock(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except FolderLockError as exc:
            raise FolderInUse(_in_use(folder, exc.holder)) from None
        except OSError as exc:
            raise ResultFolderError(f"{folder}: cannot be used as the output folder ({_why(exc)})") from exc
        try:
            self._start(resume, force)
        except ResultFolderError:
            self.close()
            raise
        except OSError as exc:
            self.close()
            raise ResultFolderError(f"{folder}: cannot be used as the output folder ({_why(exc)})") from exc
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the folder's lock (the files stay as they are)."""
        self._lock.release()

    def _start(self, resume: bool, force: bool) -> None:
        folder = self.folder
        old = self._read_manifest(force)
        on_disk = self._parts_on_disk()
        if resume:
            self._check_resumable(old, on_disk)
            self._check_parts(on_disk)
            self.done = {r for r in on_disk if r in self.reps}
            self.previous_wall = float(old.get("wall_time_s") or 0.0)
            self.resumed = int(old.get("resumed") or 0) + 1
            for f in old.get("failed") or []:
                if f.get("replication") in self.reps and f["replication"] not in self.done:
                    self.failed[f["replication"]] = ReplicationFailure(
                        f["seed"], f["replication"], f["scenario_sha256"], f["error"]
                    )
        else:
            if not force:
                self._refuse_to_replace(old, on_disk)
            for name in (*OUTPUT_FILES, "manifest.json"):
                (folder / name).unlink(missing_ok=True)
            if self.parts.exists():
                shutil.rmtree(self.parts)
        self.parts.mkdir(exist_ok=True)
        self._write_manifest(partial=True)

    def _refuse_to_replace(self, old: dict[str, Any] | None, on_disk: set[int]) -> None:
        """A fresh run never replaces a run's results by accident (issue 19)."""
        folder = self.folder
        if on_disk or (old is not None and old.get("partial")):
            n_req = old.get("requested_replications", "?") if old else "?"
            raise ResultFolderError(
                f"{folder} holds an unfinished run ({len(on_disk)} of {n_req} replications saved); "
                "add --resume to complete it, --force to discard it and start afresh, or choose "
                "another folder"
            )
        if old is not None:
            raise ResultFolderError(
                f"{folder} holds a finished run ({old.get('replications', '?')} replications, seed "
                f"{old.get('seed', '?')}, written {old.get('written_at', '?')}); add --force to "
                "replace it, or choose another folder"
            )
        found = [name for name in OUTPUT_FILES if (folder / name).exists()]
        if found:
            raise ResultFolderError(
                f"{folder} holds result files without a manifest ({', '.join(found)}); add --force "
                "to replace them, or choose another folder"
            )

    # ------------------------------------------------------------ folder state
    def _read_manifest(self, force: bool = False) -> dict[str, Any] | None:
        path = self.folder / "manifest.json"
        if not path.exists():
            return None
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            if force:
                return None
            raise ResultFolderError(
                f"{path}: not a readable manifest ({_why(exc)}); if the run that wrote it is gone, "
                "add --force to discard the folder's results and start afresh, or choose another folder"
            ) from exc
        return doc if isinstance(doc, dict) else None

    def _parts_on_disk(self) -> set[int]:
        if not self.parts.is_dir():
            return set()
        out = set()
        for p in self.parts.glob("rep-*.parquet"):
            stem = p.name.removeprefix("rep-").removesuffix(".parquet")
            if stem.isdigit():
                out.add(int(stem))
        return out

    def _check_parts(self, on_disk: set[int]) -> None:
        """Read every saved part before anything runs: a damaged one would otherwise fail the
        run at its very end, after the missing replications had been run."""
        damaged = []
        for rep in sorted(r for r in on_disk if r in self.reps):
            try:
                self.read_part(rep)
                if self.event_log:
                    import pyarrow.parquet as pq

                    pq.read_table(self._part_path(rep, ".events"))
            except Exception as exc:
                damaged.append((rep, _why(exc)))
        if damaged:
            names = ", ".join(self._part_path(r).name for r, _ in damaged[:5])
            more = f" and {len(damaged) - 5} more" if len(damaged) > 5 else ""
            raise ResultFolderError(
                f"{self.parts}: {len(damaged)} saved replication(s) cannot be read ({names}{more}: "
                f"{damaged[0][1]}); delete those files and add --resume again: they will be run again"
            )

    def _check_resumable(self, old: dict[str, Any] | None, on_disk: set[int]) -> None:
        folder = self.folder
        if old is None:
            raise ResultFolderError(f"{folder}: no manifest.json, so there is no run to resume")
        if old.get("scenario_sha256") != self.sha:
            raise ResultFolderError(
                f"{folder}: holds a run of another scenario (sha256 {str(old.get('scenario_sha256'))[:12]}, "
                f"this one is {self.sha[:12]}); resume with the same scenario and --set options"
            )
        if json.dumps(old.get("scenario_content")) != json.dumps(self.scenario.model_dump(mode="json")):
            # the hash sorts keys, but the order of groups decides their random streams
            raise ResultFolderError(
                f"{folder}: holds a run of the same scenario with its groups or types in another "
                "order, which draws other households; resume with the same file"
            )
        if old.get("code_sha256") != self.code:
            raise ResultFolderError(
                f"{folder}: the model's code has changed since this run started (code sha256 "
                f"{str(old.get('code_sha256'))[:12]}, now {self.code[:12]}), so resuming would mix "
                "two versions; start a fresh run in another folder"
            )
        checks = (
            ("seed", old.get("seed"), self.seed),
            ("replications", old.get("requested_replications"), len(self.reps)),
            ("first replication", old.get("first_replication"), self.reps[0]),
            ("event log", bool(old.get("event_log")), self.event_log),
        )
        for what, theirs, ours in checks:
            if theirs != ours:
                raise ResultFolderError(
                    f"{folder}: the run there has {what} {theirs}, not {ours}; resume with the same options"
                )
        if not old.get("partial") and not on_disk:
            raise AlreadyComplete(f"{folder}: the run is already complete; nothing to resume")

    def _part_path(self, rep: int, kind: str = "") -> Path:
        return self.parts / f"rep-{rep:06d}{kind}.parquet"

    # ------------------------------------------------------------ per replication
    def add(self, r: ReplicationResult, session_wall: float = 0.0) -> None:
        """Save one finished replication (atomically) and mark it done in the manifest.

        Raises :class:`ResultWriteError` if a file cannot be written; what was saved before
        stays as it was.
        """
        try:
            self._add(r, session_wall)
        except (OSError, ValueError) as exc:  # pyarrow's own errors are OSError or ValueError
            raise self._write_error(exc, self._part_path(r.replication)) from exc

    def _write_error(self, exc: BaseException, path: Path) -> ResultWriteError:
        if isinstance(exc, OSError) and exc.filename:
            path = Path(exc.filename)
        saved = sum(1 for r in self.done if r in self.reps)
        full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
        fix = "free some space" if full else "make the folder writable again"
        return ResultWriteError(
            f"{path}: cannot be written ({_why(exc)}); the {saved} replication(s) saved before are "
            f"kept in {self.folder}; {fix}, then complete the run with --resume",
            saved,
        )

    def _add(self, r: ReplicationResult, session_wall: float = 0.0) -> None:
        import pyarrow as pa

        table = part_table(r, self.sha, self.seed)
        if self.event_log and r.event_log is not None:
            log = r.event_log
            events = pa.table(
                {
                    "household_id": pa.array([e[1] for e in log], type=pa.int64()),
                    "event": pa.array([e[2] for e in log], type=pa.string()),
                    "time": pa.array([e[0] for e in log], type=pa.float64()),
                    "group": pa.array([e[3] for e in log], type=pa.string()),
                    "dwelling_id": pa.array([e[4] for e in log], type=pa.int64()),
                }
            )
            _atomic_write_table(events, self._part_path(r.replication, ".events"))
        # the KPI part last: its presence is what marks the replication done
        _atomic_write_table(table, self._part_path(r.replication))
        self.done.add(r.replication)
        self.failed.pop(r.replication, None)
        self._session_wall = session_wall
        self._write_manifest(partial=True)

    def fail(self, f: ReplicationFailure) -> None:
        """Record a failed replication in the manifest."""
        self.failed[f.replication] = f
        try:
            self._write_manifest(partial=True)
        except OSError as exc:
            raise self._write_error(exc, self.folder / "manifest.json") from exc

    def read_part(self, rep: int) -> ReplicationResult:
        """The saved replication ``rep``, exactly as it was (bit for bit)."""
        import pyarrow.parquet as pq

        path = self._part_path(rep)
        table = pq.read_table(path)
        meta = part_meta(table)
        want = {"format": PART_FORMAT, "scenario_sha256": self.sha, "seed": self.seed, "replication": rep}
        got = {k: meta.get(k) for k in want}
        if got != want:
            raise ResultFolderError(f"{path}: belongs to another run ({got}, expected {want})")
        return part_result(table, meta, self.seed, rep)

    # ------------------------------------------------------------ result files
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
            schema=self._long_schema,
        )

    def finish(
        self, wall_time_s: float, failures: list[ReplicationFailure] | None = None, interrupted: bool = False
    ) -> RunResult:
        """Build the tables and summaries from the saved parts (in replication order), then the
        manifest; a complete run then drops its parts. Returns the run's result.

        Raises :class:`ResultWriteError` if a file cannot be written: the parts stay, and
        ``--resume`` writes the files once there is room.
        """
        try:
            return self._finish(wall_time_s, failures, interrupted)
        except OSError as exc:
            raise ResultWriteError(
                f"{Path(exc.filename) if exc.filename else self.folder}: cannot be written ({_why(exc)}); "
                f"every finished replication is kept in {self.parts}; "
                f"{'free some space' if exc.errno in (errno.ENOSPC, errno.EDQUOT) else 'fix the folder'}, "
                "then run the same command with --resume to write the result files",
                sum(1 for r in self.done if r in self.reps),
            ) from exc

    def _finish(
        self, wall_time_s: float, failures: list[ReplicationFailure] | None = None, interrupted: bool = False
    ) -> RunResult:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        agg = Aggregate()
        done = sorted(r for r in self.done if r in self.reps)
        tmp: dict[str, Path] = {}
        writers: dict[str, Any] = {}
        kpi_rows = []
        event_tables = []
        try:
            for name in ("yearly", "monthly"):
                fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
                _usual_mode(fd)
                os.close(fd)
                tmp[name] = Path(path)
                writers[name] = pq.ParquetWriter(path, self._long_schema)
            for rep in done:
                try:
                    r = self.read_part(rep)
                except (OSError, ValueError) as exc:  # damaged since it was saved
                    raise ResultFolderError(
                        f"{self._part_path(rep)}: cannot be read ({_why(exc)}); delete it and run the "
                        "same command with --resume: that replication will be run again"
                    ) from exc
                agg.add(r)
                years = [dt.date(y, 1, 1) for y in r.years]
                months = [dt.date.fromisoformat(m) for m in r.month_starts]
                writers["yearly"].write_table(self._long(r, r.yearly, years))
                writers["monthly"].write_table(self._long(r, r.monthly, months))
                kpi_rows.append({"replication": rep, **r.kpis})
                if self.event_log:
                    ev = pq.read_table(self._part_path(rep, ".events"))
                    event_tables.append(
                        ev.add_column(0, "replication", pa.array([rep] * ev.num_rows, pa.int64())).add_column(
                            1, "scenario", pa.array([self.scenario.name] * ev.num_rows, pa.string())
                        )
                    )
            for name, w in writers.items():
                w.close()
                os.replace(tmp[name], self.folder / f"{name}.parquet")
        finally:
            for path in tmp.values():
                path.unlink(missing_ok=True)
        result = RunResult(self.scenario, self.seed, agg, wall_time_s, {}, list(failures or []), self.reps)
        if self.event_log and event_tables:
            _atomic_write_table(pa.concat_tables(event_tables), self.folder / "events.parquet")
        if kpi_rows:
            kpis = pd.DataFrame(kpi_rows)
            atomic_write_text(self.folder / "kpis_by_replication.csv", kpis.to_csv(index=False))
        atomic_write_text(self.folder / "summary_kpis.csv", agg.kpi_frame().to_csv(index=False))
        atomic_write_text(self.folder / "summary_yearly.csv", agg.series_frame("yearly").to_csv(index=False))
        atomic_write_text(
            self.folder / "summary.json", json.dumps(result.to_json_dict(), indent=1, ensure_ascii=False)
        )
        partial = interrupted or result.partial
        self._session_wall = wall_time_s
        self._write_manifest(partial=partial)
        if not partial:
            shutil.rmtree(self.parts, ignore_errors=True)
        return result

    def _write_manifest(self, partial: bool) -> None:
        atomic_write_text(
            self.folder / "manifest.json", json.dumps(self.manifest(partial), indent=1, ensure_ascii=False)
        )

    def manifest(self, partial: bool) -> dict[str, Any]:
        """What the folder holds and how to reproduce it."""
        done = sorted(r for r in self.done if r in self.reps)
        missing = missing_ranges(self.reps, self.done)
        files = {k: v for k, v in FILE_DOCS.items() if (self.folder / k).exists() or k == "parts/"}
        if not partial:
            files.pop("parts/", None)
        return {
            "scenario": self.scenario.name,
            "scenario_sha256": self.sha,
            "scenario_content": self.scenario.model_dump(mode="json"),
            "seed": self.seed,
            "replications": len(done),
            "replication_ranges": ranges(done),
            "requested_replications": len(self.reps),
            "first_replication": self.reps[0],
            "missing_count": len(self.reps) - len(done),
            "missing_ranges": missing,
            "failed": [self.failed[r].to_json_dict() for r in sorted(self.failed)],
            "partial": bool(partial or missing),
            "resumed": self.resumed,
            "event_log": self.event_log,
            "version": __version__,
            "code_sha256": self.code,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "dependencies": dependency_versions(),
            "wall_time_s": round(self.previous_wall + self._session_wall, 3),
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": files,
        }
