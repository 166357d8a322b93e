"""The analysis notebooks run from top to bottom (small replication counts).

They are committed with the outputs of a full run written by `make docs` (`boligflyt docs
--all`); tests/test_generated_docs.py checks those outputs were made with today's results.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ANALYSIS_NOTEBOOKS = [
    "01_calibration.ipynb",
    "02_start_loan_budget.ipynb",
    "03_stock_sizing_2040.ipynb",
    "04_tilvisning_workshop.ipynb",
    "05_uncertainty_and_sensitivity.ipynb",
]

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


@pytest.mark.parametrize("name", ANALYSIS_NOTEBOOKS)
def test_notebook_is_committed_with_generated_outputs(name):
    """Outputs of a full run by `make docs`, no errors, and the provenance recorded."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code[:2]), f"{name}: run `make docs` to store the outputs"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    meta = nb.metadata.get("boligflyt", {})
    assert meta.get("generated_by") == "boligflyt docs --all" and meta.get("results")


@pytest.mark.parametrize("name", ANALYSIS_NOTEBOOKS)
def test_notebook_runs(name, monkeypatch, tmp_path):
    """Execute the notebook in quick mode (3 replications, horizon cut at 2024)."""
    monkeypatch.setenv("BOLIGFLYT_NB_QUICK", "1")
    monkeypatch.setenv("BOLIGFLYT_NB_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    t0 = time.perf_counter()
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    print(f"\n{name}: {time.perf_counter() - t0:.1f} s")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
