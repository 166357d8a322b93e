"""Results are exactly today's: every scenario's replications hash to the stored fingerprints.

A change meant to alter results regenerates the store once with
``.venv/bin/python -m tests.fingerprints --write`` (and says why in its commit).
"""

from __future__ import annotations

import pytest

from tests import fingerprints as fp

NAMES = sorted(fp.stored())
QUICK = [n for n in NAMES if n != "scaled_60x"]


def _check(name: str) -> None:
    expected = fp.stored()[name]
    got = fp.fingerprint(fp.scenarios()[name])
    assert got == expected, (
        f"results of {name} changed (seed {fp.SEED}). If that is intended, regenerate with "
        "`.venv/bin/python -m tests.fingerprints --write` and say why in the commit."
    )


@pytest.mark.parametrize("name", QUICK)
def test_results_identical_to_stored_fingerprints(name: str) -> None:
    _check(name)


@pytest.mark.slow
def test_results_identical_at_60x() -> None:
    _check("scaled_60x")


def test_store_covers_every_scenario_file() -> None:
    """A new scenario file gets a fingerprint too."""
    assert set(fp.scenarios()) == set(NAMES)


def test_hash_sees_a_change_in_one_number(baseline) -> None:
    from sim.replication import run_replication

    r = run_replication(baseline, 1, 0, event_log=True)
    h = fp.replication_hash(r)
    wait = r.kpis["mean_wait_days"]
    r.kpis["mean_wait_days"] = wait + 1e-9
    assert fp.replication_hash(r) != h
    r.kpis["mean_wait_days"] = wait
    assert fp.replication_hash(r) == h
    assert r.event_log[5] != r.event_log[6]
    r.event_log[5], r.event_log[6] = r.event_log[6], r.event_log[5]
    assert fp.replication_hash(r) != h
