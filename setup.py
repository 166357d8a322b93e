"""Build hook for the compiled hot path (issue 21); everything else is in pyproject.toml.

``pip install -e .`` installs pure Python. ``make compile`` (run by ``make test`` and ``make
run`` whenever a compiled source changed) sets ``BOLIGFLYT_COMPILE=1`` and runs
``setup.py build_ext --inplace``: mypyc compiles the modules listed in ``sim/native.py``
with the machine's C compiler into extension modules beside their sources, and the build
manifest records each source's hash, so that an edited source is never run from a stale
build (see ``sim/native.py``).
"""

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent


def _native():  # sim/native.py, loaded without importing the package (no numpy needed here)
    spec = importlib.util.spec_from_file_location("_boligflyt_native", ROOT / "sim" / "native.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building classes
    spec.loader.exec_module(module)
    return module


ext_modules = []
compiling = os.environ.get("BOLIGFLYT_COMPILE") == "1"
if compiling:
    from mypyc.build import mypycify

    native = _native()
    sources = native.digests()  # what is compiled, hashed before the compiler reads it
    ext_modules = mypycify(
        [str(native.source_path(m).relative_to(ROOT)) for m in native.COMPILED],
        opt_level="3",
        group_name=native.GROUP,
        # one C file per module: the C compiler can run on every core (build_ext -j)
        multi_file=True,
    )
    for ext in ext_modules:  # mypyc puts a dotted group's headers in build/sim/ (mypyc 1.x-2.x)
        ext.include_dirs.append(str(Path("build", *native.GROUP.split(".")[:-1])))

setup(ext_modules=ext_modules)

if compiling and "build_ext" in sys.argv:
    import mypy.version

    native.write_manifest(f"mypyc {mypy.version.__version__}", sources)
