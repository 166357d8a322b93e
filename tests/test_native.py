"""The compiled hot path (issue 21): the same results compiled and pure, and never a stale build.

``make compile`` builds the modules of :data:`sim.native.COMPILED` with mypyc; ``make test``
runs the suite on them and ``make test-pure`` runs it again from the sources. CI sets
``BOLIGFLYT_REQUIRE_COMPILED=1``, so a build that silently failed fails here instead of
passing as pure Python.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import native

ROOT = Path(__file__).resolve().parents[1]
FOUND = native.decide({})  # is a fresh build present (whatever this process runs)?
REQUIRED = os.environ.get("BOLIGFLYT_REQUIRE_COMPILED", "") == "1"
needs_build = pytest.mark.skipif(not FOUND.compiled, reason=f"no compiled build to compare: {FOUND.reason}")

#: scenarios whose fingerprints are compared across the two modes: the baseline, the
#: variant that switches every instrument on, and the cold start with FIFO allocation
NAMES = ["baseline", "variant:instruments_everywhere", "variant:cold_start_fifo", "example_rural"]

_PROBE = """
import json, sys
from sim import native
from tests import fingerprints as fp
names = json.loads(sys.argv[1])
print(json.dumps({"build": native.build().describe(), "compiled": native.build().compiled,
                  "fingerprints": fp.compute(names), "loaded": native.loaded_compiled()}))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    env.update(extra)
    return env


def _probe(env: dict[str, str], names: list[str], cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _PROBE, json.dumps(names)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_this_process_runs_the_build_it_should() -> None:
    """With a fresh build the model's modules come from extensions, all of them; CI demands a
    build (a compiler error must not pass as a pure-Python run)."""
    import sim.model  # noqa: F401  (the model and everything it imports)

    b = native.build()
    if os.environ.get(native.PURE_ENV, "") not in ("", "0"):  # make test-pure
        assert not b.compiled, b.describe()
    elif REQUIRED:
        assert b.compiled, f"BOLIGFLYT_REQUIRE_COMPILED=1 but the model runs as {b.describe()}"
    if b.compiled:
        assert sorted(native.loaded_compiled()) == sorted(m for m in native.COMPILED if m in sys.modules)
    else:
        assert native.loaded_compiled() == []


@needs_build
def test_compiled_and_pure_give_byte_identical_results() -> None:
    """The same scenarios, seeds and replications hash identically (series, KPIs, careers and
    the full event log) from the compiled modules and from their sources."""
    compiled = _probe(_env(), NAMES)
    pure = _probe(_env(**{native.PURE_ENV: "1"}), NAMES)
    c, p = _result(compiled), _result(pure)
    assert c["compiled"] and not p["compiled"], (c["build"], p["build"])
    assert set(c["loaded"]) >= {"sim.model", "sim.households", "sim.clock", "sim.start_loans"}
    assert p["loaded"] == []
    assert c["fingerprints"] == p["fingerprints"]


@needs_build
def test_an_edited_source_is_never_run_from_the_stale_build(tmp_path: Path) -> None:
    """Edit one compiled module in a copy of the package: the next process runs every module
    from its source (never a compiled model beside an edited one), warns, names the file and
    the command that rebuilds, and still gives the same results."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "sim", copy / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scenarios", copy / "scenarios")
    model = copy / "sim" / "households.py"
    model.write_text(model.read_text(encoding="utf-8") + "\n# an edit after compiling\n", encoding="utf-8")
    env = _env(PYTHONPATH=str(copy))
    stale = _probe(env, ["baseline"], cwd=copy)
    fresh = _probe(_env(), ["baseline"])
    s, f = _result(stale), _result(fresh)
    assert not s["compiled"] and s["loaded"] == []
    assert "stale" in s["build"] and "sim/households.py" in s["build"] and native.REBUILD in s["build"]
    assert s["fingerprints"] == f["fingerprints"]
    warned = subprocess.run(
        [sys.executable, "-c", "import sim"], cwd=copy, env=env, capture_output=True, text=True, check=True
    )
    assert "RuntimeWarning" in warned.stderr and "sim/households.py" in warned.stderr


def test_version_says_which_build_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sim", "--version"],
        cwd=ROOT,
        env=_env(**{native.PURE_ENV: "1"}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("boligflyt ") and "model pure Python (BOLIGFLYT_PURE=1)" in out
    assert "Python 3." in out and "\n" not in out.strip()


# ---------------------------------------------------------------- the decision, on fake trees
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
MODULES = ("sim.alpha", "sim.beta")


def _tree(tmp_path: Path, extensions: tuple[str, ...] = MODULES, manifest: bool = True) -> Path:
    pkg = tmp_path / "sim"
    pkg.mkdir(parents=True)
    for m in MODULES:
        native.source_path(m, pkg).write_text(f"X = {m!r}\n")
    for m in extensions:
        (pkg / (m.split(".")[1] + SUFFIX)).write_bytes(b"\x7fELF")
    if manifest:
        sources = {m: native.source_digest(native.source_path(m, pkg)) for m in MODULES}
        doc = {"compiler": "mypyc 9.9", "python": sys.version.split()[0], "sources": sources}
        (pkg / native.MANIFEST.name).write_text(json.dumps(doc))
    return pkg


def _decide(pkg: Path, **environ: str) -> native.Build:
    return native.decide(environ, package_dir=pkg, modules=MODULES)


def test_a_fresh_build_is_used(tmp_path: Path) -> None:
    b = _decide(_tree(tmp_path))
    assert b.compiled and b.describe() == f"compiled (mypyc 9.9, {len(native.COMPILED)} modules)"


def test_no_build_means_pure_python_without_a_warning(tmp_path: Path) -> None:
    b = _decide(_tree(tmp_path, extensions=(), manifest=False))
    assert not b.compiled and not b.warn and native.REBUILD in b.reason


def test_the_pure_switch_wins_over_a_fresh_build(tmp_path: Path) -> None:
    b = _decide(_tree(tmp_path), BOLIGFLYT_PURE="1")
    assert not b.compiled and b.reason == "BOLIGFLYT_PURE=1"
    assert _decide(_tree(tmp_path / "x"), BOLIGFLYT_PURE="0").compiled


def test_an_edited_source_makes_the_build_stale(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    src = native.source_path("sim.beta", pkg)
    src.write_text(src.read_text() + "Y = 1\n")
    b = _decide(pkg)
    assert not b.compiled and b.warn
    assert "stale" in b.reason and "sim/beta.py" in b.reason and "sim/alpha.py" not in b.reason


def test_a_missing_extension_or_manifest_is_an_incomplete_build(tmp_path: Path) -> None:
    b = _decide(_tree(tmp_path, extensions=("sim.alpha",)))
    assert not b.compiled and b.warn and "sim.beta" in b.reason
    b = _decide(_tree(tmp_path / "x", manifest=False))
    assert not b.compiled and b.warn and "manifest" in b.reason


def test_a_build_for_another_interpreter_or_a_broken_manifest_is_not_used(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    doc = json.loads((pkg / native.MANIFEST.name).read_text())
    (pkg / native.MANIFEST.name).write_text(json.dumps({**doc, "python": "3.99.0"}))
    b = _decide(pkg)
    assert not b.compiled and b.warn and "3.99.0" in b.reason
    (pkg / native.MANIFEST.name).write_text("{not json")
    b = _decide(pkg)
    assert not b.compiled and b.warn and "unreadable" in b.reason


def test_the_makefile_compiles_exactly_the_listed_modules() -> None:
    """The Makefile rebuilds when one of these sources changes; it asks sim/native.py for them."""
    cmd = [sys.executable, "-I", "sim/native.py", "--sources"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == [f"sim/{m.split('.')[1]}.py" for m in native.COMPILED]
    assert all((ROOT / p).exists() for p in out)


def test_every_compiled_module_is_type_checked_strictly() -> None:
    """mypyc trusts the annotations: a compiled module outside `mypy --strict` could carry a
    wrong one that only fails (or corrupts) at run time."""
    import tomllib

    strict = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"])
    assert {str(native.source_path(m).relative_to(ROOT)) for m in native.COMPILED} <= strict
