"""The compiled hot path: which modules mypyc compiles, and whether this process uses them.

``make compile`` (run by ``make test`` and ``make run``) compiles the modules in
:data:`COMPILED` with mypyc into extension modules beside their sources
(``sim/model.cpython-311-x86_64-linux-gnu.so``, ...) and writes :data:`MANIFEST`, the
SHA-256 of each source it compiled. The sources stay the reference: the same files run as
pure Python, with byte-identical results (``tests/test_native.py``).

When ``sim`` is imported, :func:`activate` decides the mode once for the process:

- **compiled** when every module's extension is present for this interpreter and every
  source still has the hash it was compiled from;
- **pure Python** otherwise, or when ``BOLIGFLYT_PURE=1``. A stale build (a source edited
  after compiling) is never used: the process runs the sources and warns, naming the file
  and the command that rebuilds.

The modules are all or nothing: compiled modules call each other's native classes directly,
so a compiled model beside a pure-Python ``households`` would fail. In pure mode an import
hook loads every listed module from its ``.py`` file, whatever extensions lie beside it.

This file runs as a script too (``python sim/native.py --sources``, for the Makefile and
``setup.py``), so it imports nothing from ``sim``.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

#: the modules that carry the event loop, compiled together as one group (the model, its
#: components, the entities and collectors they touch, and the helpers they call per event)
COMPILED: tuple[str, ...] = (
    "sim.calendar",
    "sim.catalog",
    "sim.clock",
    "sim.core",
    "sim.costs",
    "sim.demography",
    "sim.distributions",
    "sim.dwellings",
    "sim.follow_up",
    "sim.households",
    "sim.income",
    "sim.initial_state",
    "sim.loans",
    "sim.metrics",
    "sim.model",
    "sim.population",
    "sim.private_rental",
    "sim.rent_to_own",
    "sim.replication",
    "sim.rng",
    "sim.staffed_housing",
    "sim.start_loans",
    "sim.stock_plan",
    "sim.tenancies",
    "sim.tilvisning",
    "sim.waiting_list",
)
#: mypyc's shared library for the group: ``sim/_native__mypyc.<suffix>``
GROUP = "sim._native"
PACKAGE_DIR = Path(__file__).resolve().parent
#: written by ``make compile`` (setup.py) after a successful build
MANIFEST = PACKAGE_DIR / "_native_build.json"
#: set to 1 to run the pure-Python sources even when a fresh compiled build is present
PURE_ENV = "BOLIGFLYT_PURE"
REBUILD = "make compile"


def source_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The ``.py`` file of one of :data:`COMPILED` (``sim.model`` -> ``sim/model.py``)."""
    return package_dir / (module.split(".", 1)[1] + ".py")


def source_digest(path: Path) -> str:
    """SHA-256 of a source file's bytes: what the build recorded, what import compares."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extension_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The extension module this interpreter would import for ``module``, if one is there."""
    stem = module.split(".", 1)[1]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        p = package_dir / (stem + suffix)
        if p.exists():
            return p
    return None


@dataclass(frozen=True)
class Build:
    """What this process runs: ``compiled`` or not, and why, in words for ``--version``."""

    compiled: bool
    reason: str
    compiler: str = ""
    #: a build is there but cannot be used (stale, incomplete, another interpreter): say so
    warn: bool = False

    def describe(self) -> str:
        """One line: ``compiled (mypyc 1.x, 26 modules)`` or ``pure Python (<why>)``."""
        if self.compiled:
            return f"compiled ({self.compiler}, {len(COMPILED)} modules)"
        return f"pure Python ({self.reason})"


def decide(
    environ: dict[str, str] | os._Environ[str],
    package_dir: Path = PACKAGE_DIR,
    manifest: Path | None = None,
    modules: Sequence[str] = COMPILED,
) -> Build:
    """Decide the mode from the environment, the manifest and the files (no side effects)."""
    manifest = manifest if manifest is not None else package_dir / MANIFEST.name
    present = [m for m in modules if extension_path(m, package_dir) is not None]
    if environ.get(PURE_ENV, "") not in ("", "0"):
        return Build(False, f"{PURE_ENV}={environ[PURE_ENV]}")
    if not present:
        return Build(False, f"not compiled; `{REBUILD}` builds the compiled hot path")
    rebuild = f"; run `{REBUILD}`"
    if len(present) < len(modules) or not manifest.exists():
        missing = ", ".join(sorted(set(modules) - set(present)) or ["the build manifest"])
        return Build(False, f"incomplete compiled build, missing {missing}{rebuild}", warn=True)
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        digests: dict[str, str] = recorded["sources"]
        compiler = str(recorded.get("compiler", "mypyc"))
        python = str(recorded.get("python", ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Build(False, f"unreadable build manifest {manifest.name} ({exc}){rebuild}", warn=True)
    this = sys.version.split()[0]
    if python and python != this:
        return Build(False, f"compiled for Python {python}, this is {this}{rebuild}", warn=True)
    stale = [m for m in modules if digests.get(m) != source_digest(source_path(m, package_dir))]
    if stale:
        files = ", ".join(str(source_path(m, package_dir).relative_to(package_dir.parent)) for m in stale)
        return Build(False, f"compiled build is stale: {files} changed since compiling{rebuild}", warn=True)
    return Build(True, "", compiler)


class _SourceFinder(MetaPathFinder):
    """Loads the listed modules from their ``.py`` files (pure mode), ahead of extensions."""

    def __init__(self, modules: Sequence[str], package_dir: Path):
        self.modules = frozenset(modules)
        self.package_dir = package_dir

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in self.modules:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname, self.package_dir))


_BUILD: Build | None = None


def activate() -> Build:
    """Decide the mode for this process (once) and, in pure mode with extensions present,
    make every compiled module load from its source. Called by ``sim/__init__.py``."""
    global _BUILD
    if _BUILD is not None:
        return _BUILD
    build = decide(os.environ)
    if not build.compiled:
        if any(extension_path(m) is not None for m in COMPILED):
            loaded = [m for m in COMPILED if m in sys.modules]
            if loaded:  # too late to choose: a module was imported before the package
                raise ImportError(f"sim.native.activate() ran after {loaded[0]} was imported")
            sys.meta_path.insert(0, _SourceFinder(COMPILED, PACKAGE_DIR))
        if build.warn:
            warnings.warn(f"boligflyt runs as {build.describe()}", RuntimeWarning, stacklevel=2)
    _BUILD = build
    return build


def build() -> Build:
    """The mode this process runs in (see :func:`activate`)."""
    return _BUILD if _BUILD is not None else activate()


def loaded_compiled() -> list[str]:
    """The listed modules imported so far from extensions (a check that the mode holds)."""
    return [
        m
        for m in COMPILED
        if m in sys.modules and not str(getattr(sys.modules[m], "__file__", "")).endswith(".py")
    ]


def digests(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """:func:`source_digest` of every compiled module, taken before a build starts."""
    return {m: source_digest(source_path(m, package_dir)) for m in COMPILED}


def write_manifest(compiler: str, sources: dict[str, str], package_dir: Path = PACKAGE_DIR) -> Path:
    """Record the hashes of the sources a build compiled (called by setup.py after it)."""
    manifest = package_dir / MANIFEST.name
    doc = {"compiler": compiler, "python": sys.version.split()[0], "sources": sources}
    manifest.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":  # the Makefile asks for the sources: python sim/native.py --sources
    if sys.argv[1:] == ["--sources"]:
        print(" ".join(str(source_path(m).relative_to(Path.cwd().resolve())) for m in COMPILED))  # noqa: T201
    else:
        sys.exit("usage: python sim/native.py --sources")
