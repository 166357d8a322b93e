"""The results cache: replications already simulated are kept on disk and not run again.

A replication is fully determined by the scenario (its content, in its order: the order of
groups decides their random streams), the seed, the replication number and the model's
code. The cache keeps each finished replication under exactly that key, as a part file
(:mod:`sim.parts`, the form ``--out`` and ``--resume`` use), in::

    <cache dir>/<code sha256>/<scenario key[:2]>/<scenario key>/s<seed>-r<replication>.parquet

so asking again, from the command line or the dashboard, for the same scenario, seed and
replications reads them back, bit for bit, instead of simulating: a comparison with 30
replications after one with 20 simulates 10. Any change to a ``.py`` file of the ``sim``
package changes the code hash (:func:`code_sha256`), so results of other code are never
read; they stay until pruned.

The folder is ``$BOLIGFLYT_CACHE_DIR``, else ``$XDG_CACHE_HOME/boligflyt`` or
``~/.cache/boligflyt``; ``BOLIGFLYT_CACHE_DIR=off`` (or empty) turns the cache off (the test
suite does). It is held under ``$BOLIGFLYT_CACHE_MAX_MB`` (default 2000) megabytes by
removing the least recently used files. The cache is an optimisation, never a source of
errors: a file that cannot be read is a miss, a file that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.parts import PART_FORMAT, part_meta, part_result, part_table
from sim.replication import run_replication

if TYPE_CHECKING:
    from sim.results import ReplicationResult
    from sim.scenario import Scenario

#: the folder of the cache; "off" or an empty value turns it off
CACHE_ENV = "BOLIGFLYT_CACHE_DIR"
#: the most the cache may hold, in megabytes (the least recently used files go first)
MAX_MB_ENV = "BOLIGFLYT_CACHE_MAX_MB"
DEFAULT_MAX_MB = 2000
_OFF = ("", "0", "off", "no", "false", "none")


@functools.lru_cache(maxsize=1)
def code_sha256() -> str:
    """Hash of the ``sim`` package's Python sources (the version string misses local edits).

    A run resumed with other code would mix replications from two models, so
    ``--resume`` refuses when this differs from the hash in the manifest; the results cache
    keeps each code's replications apart by it.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def scenario_text(scenario: Scenario) -> str:
    """The scenario as compact JSON text in its own order (groups and dwelling types as given).

    Not :meth:`Scenario.canonical_json`: its sorted keys would reorder the groups, and the
    order of groups decides which random streams a replication's households get.
    """
    return json.dumps(scenario.model_dump(mode="json"), separators=(",", ":"))


def text_key(text: str) -> str:
    """The cache key of a scenario given as :func:`scenario_text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_key(scenario: Scenario) -> str:
    """The cache key of a scenario: sha256 of :func:`scenario_text`."""
    return text_key(scenario_text(scenario))


def cache_dir() -> Path | None:
    """The cache's folder from the environment (None when the cache is off)."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        return Path(value.strip()).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "boligflyt"


def max_bytes() -> int:
    """The cache's size limit in bytes (``$BOLIGFLYT_CACHE_MAX_MB``)."""
    try:
        mb = float(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0.0) * 1e6)


@dataclass(frozen=True)
class ReplicationCache:
    """Replications of one code version under ``root`` (plain data: it travels with a task)."""

    root: Path

    def path(self, key: str, seed: int, rep: int) -> Path:
        """Where replication ``rep`` of seed ``seed`` of the scenario ``key`` is kept."""
        return self.root / key[:2] / key / f"s{int(seed)}-r{int(rep)}.parquet"

    def get(self, key: str, seed: int, rep: int) -> ReplicationResult | None:
        """The kept replication, bit for bit as it was run, or None."""
        path = self.path(key, seed, rep)
        if not path.exists():
            return None
        try:
            import pyarrow.parquet as pq

            table = pq.read_table(path)
            meta = part_meta(table)
            want = {"format": PART_FORMAT, "scenario_sha256": key, "seed": int(seed), "replication": int(rep)}
            if {k: meta.get(k) for k in want} != want:
                return None
            result = part_result(table, meta, int(seed), int(rep))
        except Exception:  # damaged (a crash while writing, a full disk): run it again
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return result

    def put(self, key: str, seed: int, rep: int, result: ReplicationResult) -> None:
        """Keep a replication (atomically: a reader sees the whole file or none)."""
        path = self.path(key, seed, rep)
        tmp = None
        try:
            import pyarrow.parquet as pq

            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            pq.write_table(part_table(result, key, seed), tmp)
            os.replace(tmp, path)
        except Exception:  # a cache that cannot be written must not fail the run
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self, limit: int | None = None) -> int:
        """Remove the least recently used files (of any code version) until the cache holds at
        most ``limit`` bytes (default :func:`max_bytes`); returns how many were removed."""
        limit = max_bytes() if limit is None else limit
        base = self.root.parent
        files: list[tuple[float, int, str]] = []
        total = 0
        for folder, _dirs, names in os.walk(base):
            for name in names:
                p = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    st = os.stat(p)
                    files.append((st.st_mtime, st.st_size, p))
                    total += st.st_size
        if total <= limit:
            return 0
        removed = 0
        for _mtime, size, p in sorted(files):
            if total <= limit:
                break
            with contextlib.suppress(OSError):
                os.unlink(p)
                total -= size
                removed += 1
        return removed


def replication_cache() -> ReplicationCache | None:
    """The cache for this code version, or None when it is off."""
    folder = cache_dir()
    return None if folder is None else ReplicationCache(folder / code_sha256()[:16])


def cached_replication(
    cache: ReplicationCache | None, key: str, seed: int, rep: int, scenario: Callable[[], Scenario]
) -> ReplicationResult:
    """Replication ``rep`` of seed ``seed`` from the cache, or run (and kept) if not there.

    ``scenario()`` gives the scenario whose key is ``key``; it is called only on a miss (a
    task that carries the scenario as text validates it only when it has to run it).
    """
    if cache is not None:
        hit = cache.get(key, seed, rep)
        if hit is not None:
            return hit
    result = run_replication(scenario(), seed, rep)
    if cache is not None:
        cache.put(key, seed, rep, result)
    return result
