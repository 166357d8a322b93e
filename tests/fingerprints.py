"""Results fingerprints: a hash of everything a replication produces, for every scenario.

A refactor that must not change results (same seed, same numbers, same event order) is
checked against the fingerprints stored in ``tests/data/fingerprints.json``. A change that
*should* change results regenerates them, once, with::

    .venv/bin/python -m tests.fingerprints --write

and says in its commit why the results changed.

The hash covers the yearly and monthly series (their bytes), the KPIs, the housing
careers, the event and household counts and the full household event log (time, household,
event, group, dwelling of every event), so even a change in the order of two events at the
same instant shows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "tests" / "data" / "fingerprints.json"
SEED = 7
REPLICATIONS = 2

#: variants of the baseline that reach code paths no file in scenarios/ reaches
VARIANTS: dict[str, dict[str, Any]] = {
    "continuous_allocation": {"allocation.meeting_interval_days": 0},
    "instruments_everywhere": {
        "start_loans.systematic_survey": True,
        "start_loans.rate_regime": "fixed",
        "start_loans.consider_tenants_at_renewal": "all",
        "start_loans.reserved_share_by_group": {"refugees": 0.3},
        "start_loans.rollover_unspent": True,
        "private_rental.deposit_loans_per_year": 5,
        "temporary_accommodation.municipal_units": 3,
        "stock_plan": [
            {"year": 2018, "dwelling_type": "small_ordinary", "instrument": "sale", "count": 3},
            {
                "year": 2019,
                "dwelling_type": "medium_ordinary",
                "instrument": "lease",
                "count": 4,
                "contract_years": 3,
            },
            {"year": 2020, "dwelling_type": "care", "instrument": "care_build", "count": 5},
            {
                "year": 2021,
                "dwelling_type": "large_ordinary",
                "instrument": "purchase",
                "count": 2,
                "until_year": 2024,
            },
        ],
        "tilvisning_agreements": [
            {"name": "short", "units": 20, "first_occupancy": "2017-06-01", "end_date": "2027-06-01"}
        ],
        "rent_to_own.units_by_year": {2017: 2, 2020: 2, 2030: 1},
        "rent_to_own.selection_rule": "income",
        "rent_to_own.option_year": 3,
        "follow_up.groups": ["rop", "families_with_children"],
    },
    "cold_start_fifo": {"initial_state.cold_start": True, "allocation.priority_rule": "fifo"},
}


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    node = data
    parts = dotted.split(".")
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


def scenarios() -> dict[str, Any]:
    """Every scenario file in ``scenarios/`` and the variants above, by name."""
    from sim.loader import load_scenario, read_yaml_file, scenario_from_dict

    out: dict[str, Any] = {}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        out[path.stem] = load_scenario(path)
    base, _ = read_yaml_file(ROOT / "scenarios" / "baseline.yaml")
    for name, changes in VARIANTS.items():
        data = json.loads(json.dumps(base, default=str))
        for k, v in changes.items():
            _set(data, k, v)
        data["name"] = name
        out[f"variant:{name}"] = scenario_from_dict(data)
    return out


def _update_floats(h: Any, values: Iterable[float]) -> None:
    for v in values:
        h.update(struct.pack("<d", float(v)))


def replication_hash(result: Any) -> str:
    """Hash of one :class:`sim.ReplicationResult` (series bytes, KPIs, careers, counts, log)."""
    h = hashlib.sha256()
    h.update(json.dumps([result.years, result.month_starts]).encode())
    for table in (result.yearly, result.monthly):
        for name in sorted(table):
            h.update(name.encode())
            h.update(np.ascontiguousarray(np.asarray(table[name], dtype=np.float64)).tobytes())
    for name in sorted(result.kpis):
        h.update(name.encode())
        _update_floats(h, [result.kpis[name]])
    for key in sorted(result.careers):
        h.update(key.encode())
        _update_floats(h, [result.careers[key]])
    h.update(struct.pack("<qq", int(result.events_processed), int(result.households)))
    for t, hid, event, group, did in result.event_log or ():
        h.update(struct.pack("<dq", float(t), int(hid)))
        h.update(f"{event}|{group}|{did}".encode())
    return h.hexdigest()


def fingerprint(scenario: Any, seed: int = SEED, replications: int = REPLICATIONS) -> list[str]:
    """Hashes of the first ``replications`` replications of ``scenario`` (event log on)."""
    from sim.replication import run_replication

    return [replication_hash(run_replication(scenario, seed, r, event_log=True)) for r in range(replications)]


def compute(names: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Fingerprints of the named scenarios (all by default)."""
    all_sc = scenarios()
    wanted = list(all_sc) if names is None else list(names)
    return {n: fingerprint(all_sc[n]) for n in wanted}


def stored() -> dict[str, list[str]]:
    """The fingerprints committed in ``tests/data/fingerprints.json``."""
    return json.loads(STORE.read_text())["fingerprints"]


def main(argv: list[str] | None = None) -> int:
    """``--write`` stores new fingerprints; without it, report which scenarios differ."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--write", action="store_true", help="store the fingerprints of the current code")
    args = p.parse_args(argv)
    now = compute()
    if args.write:
        STORE.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "about": "Results fingerprints (tests/fingerprints.py); regenerate with "
            "`python -m tests.fingerprints --write` when results are meant to change.",
            "seed": SEED,
            "replications": REPLICATIONS,
            "fingerprints": now,
        }
        STORE.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {STORE.relative_to(ROOT)} ({len(now)} scenarios)")
        return 0
    old = stored()
    changed = [n for n in now if old.get(n) != now[n]]
    for n in changed:
        print(f"changed: {n}")
    print("identical" if not changed else f"{len(changed)} of {len(now)} scenarios changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
