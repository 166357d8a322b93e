"""The part file: one replication's result as a Parquet table, and back, bit for bit.

A finished replication of a run with ``--out`` is saved as ``parts/rep-NNNNNN.parquet``
(:class:`sim.runner.ResultWriter`, what ``--resume`` reads), and the results cache
(:mod:`sim.cache`) keeps replications in the same form: long columns ``kind, name, pos,
value`` (yearly and monthly series, KPIs and career counts, all float64) and the rest of the
:class:`sim.results.ReplicationResult` (years, months, counts) as JSON in the schema's
``boligflyt`` metadata, with what it belongs to (scenario hash, seed, replication).
Parquet, not pickle: reading a file that someone else could have written runs no code.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np

from sim.results import ReplicationResult

#: version of the part files (``parts/rep-NNNNNN.parquet`` and the cache's files)
PART_FORMAT = 1


def part_table(r: ReplicationResult, scenario_sha256: str, seed: int) -> Any:
    """``r`` as a pyarrow table with its metadata (the event log is not part of it)."""
    import pyarrow as pa

    kinds, names, pos, values = [], [], [], []
    for kind, series in (("yearly", r.yearly), ("monthly", r.monthly)):
        for name, v in series.items():
            v = np.asarray(v, dtype=np.float64)
            kinds.append(np.full(len(v), kind, dtype=object))
            names.append(np.full(len(v), name, dtype=object))
            pos.append(np.arange(len(v), dtype=np.int32))
            values.append(v)
    for kind, row in (("kpi", r.kpis), ("career", r.careers)):
        kinds.append(np.full(len(row), kind, dtype=object))
        names.append(np.array(list(row), dtype=object))
        pos.append(np.zeros(len(row), dtype=np.int32))
        values.append(np.asarray(list(row.values()), dtype=np.float64))
    meta = {
        "format": PART_FORMAT,
        "scenario_sha256": scenario_sha256,
        "seed": int(seed),
        "replication": r.replication,
        "years": r.years,
        "month_starts": r.month_starts,
        "events_processed": r.events_processed,
        "households": r.households,
    }
    return pa.table(
        {
            "kind": pa.array(np.concatenate(kinds), type=pa.string()),
            "name": pa.array(np.concatenate(names), type=pa.string()),
            "pos": pa.array(np.concatenate(pos), type=pa.int32()),
            "value": pa.array(np.concatenate(values), type=pa.float64()),
        }
    ).replace_schema_metadata({"boligflyt": json.dumps(meta)})


def part_meta(table: Any) -> dict[str, Any]:
    """The ``boligflyt`` metadata of a part table (``{}`` if it has none)."""
    meta = json.loads((table.schema.metadata or {}).get(b"boligflyt", b"{}"))
    return meta if isinstance(meta, dict) else {}


def part_result(table: Any, meta: dict[str, Any], seed: int, rep: int) -> ReplicationResult:
    """The replication a part table holds, exactly as it was saved (bit for bit)."""
    kinds = table.column("kind").to_pylist()
    names = table.column("name").to_pylist()
    values = table.column("value").to_numpy()
    out: dict[str, dict[str, Any]] = {"yearly": {}, "monthly": {}, "kpi": {}, "career": {}}
    start = 0
    for (kind, name), run_ in itertools.groupby(zip(kinds, names, strict=True)):
        n = sum(1 for _ in run_)
        chunk = values[start : start + n]
        if kind in ("yearly", "monthly"):
            out[kind][name] = chunk.copy()
        else:
            out[kind][name] = float(chunk[0])
        start += n
    return ReplicationResult(
        seed=seed,
        replication=rep,
        years=list(meta["years"]),
        month_starts=list(meta["month_starts"]),
        yearly=out["yearly"],
        monthly=out["monthly"],
        kpis=out["kpi"],
        events_processed=int(meta["events_processed"]),
        households=int(meta["households"]),
        careers=out["career"],
    )
