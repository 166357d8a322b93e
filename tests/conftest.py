"""Shared fixtures: the baseline and small textbook scenarios built from plain data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import sim
from sim import native
from sim.loader import read_yaml_file


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that subclass or patch the model's classes run only on the pure-Python sources
    (``make test-pure``): a compiled class cannot be subclassed from Python or patched."""
    if not native.build().compiled:
        return
    skip = pytest.mark.skip(reason=f"needs the pure-Python model; this run is {native.build().describe()}")
    for item in items:
        if item.get_closest_marker("pure_python"):
            item.add_marker(skip)


ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"

# No results cache in the tests (nor in the commands they start): a test runs the model it
# means to test, and leaves nothing in ~/.cache. Tests of the cache set their own folder.
os.environ["BOLIGFLYT_CACHE_DIR"] = "off"


@pytest.fixture(scope="session")
def baseline() -> sim.Scenario:
    """The Rælingen baseline scenario."""
    return sim.load_scenario(BASELINE)


@pytest.fixture(scope="session")
def baseline_data() -> dict[str, Any]:
    """The baseline as plain data, for making variants."""
    data, _ = read_yaml_file(BASELINE)
    return data
