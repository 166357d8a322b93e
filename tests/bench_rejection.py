"""How long it takes to refuse a huge scenario file (issue 19 item 7): a rerunnable benchmark.

Each case is a file just under the 1 MB limit that no scenario needs: a flow list of
495,000 numbers, 63,000 keys, a block list, long scalars, deep flow nesting, and the
slowest texts that pass the checks made before parsing (lines and commas, line length,
characters outside comments), padded with comments. The target is
under 2 s for anything under the cap, through the command line's loader
(:func:`sim.load_scenario`) and the dashboard's upload path (:func:`sim.load_scenario_text`).
``tests/test_bad_input.py`` checks the same cases with a generous margin; run this to see
the numbers::

    .venv/bin/python -m tests.bench_rejection            # best of 3 per case and path
    .venv/bin/python -m tests.bench_rejection --repeat 1

Before issue 19 the flow list took 19-43 s and 63,000 keys 10-13 s on the 2-core
development machine (the parser built every node before the size was checked).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sim
from sim.loader import MAX_FILE_BYTES

TARGET_S = 2.0


def _flow_list() -> str:
    n = (990_000 - 6) // 2
    return "a: [" + ",".join(["1"] * n) + "]\n"


def _keys() -> str:
    return "\n".join(f"k{i}: 1" for i in range(63_000)) + "\n"


def _keys_under_the_line_count() -> str:
    # just under the count of lines and commas, so the parser reads until 10,000 values
    comment = "# " + "padding " * 20
    return "".join(f"key_number_{i}: [{i}, {i}]\n{comment}\n" for i in range(4_900))


def _block_list() -> str:
    return "a:\n" + "- 1\n" * 240_000


def _long_plain() -> str:
    return "name: t\ndescription: " + "a " * 494_000 + "\n"


def _long_plain_lines() -> str:
    return "name: t\ndescription: " + ("a " * 4_900 + "\n  ") * 100 + "\n"


def _plain_lines_under_the_content_limit() -> str:
    # just under the characters read outside comments, padded with comments to 1 MB
    text = "name: t\ndescription: " + ("a " * 4_900 + "\n  ") * 30 + "\n"
    return text + ("# " + "padding " * 12 + "\n") * 7_000


def _long_quoted() -> str:
    return 'name: t\ndescription: "' + "a" * 989_000 + '"\n'


def _deep_flow() -> str:
    return "a: " + "[1, " * 40 + "]" * 40 + "\nb: [" + "{x: 1}, " * 120_000 + "]\n"


CASES: dict[str, Callable[[], str]] = {
    "flow list of 495,000 numbers": _flow_list,
    "63,000 keys": _keys,
    "4,900 keys of two values, padded": _keys_under_the_line_count,
    "block list of 240,000 items": _block_list,
    "one plain scalar of 988 KB": _long_plain,
    "a plain scalar of 100 long lines": _long_plain_lines,
    "a plain scalar of 294 KB, padded": _plain_lines_under_the_content_limit,
    "one quoted scalar of 989 KB": _long_quoted,
    "120,000 flow mappings": _deep_flow,
}


def time_rejection(text: str, path: Path, upload: bool) -> tuple[float, str]:
    """Seconds to refuse ``text`` (written to ``path``), and the first problem line."""
    start = time.perf_counter()
    try:
        if upload:
            sim.load_scenario_text(text, file=path.name)
        else:
            sim.load_scenario(path)
    except sim.ScenarioError as exc:
        return time.perf_counter() - start, str(exc.problems[0])
    raise AssertionError(f"{path.name} was accepted")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    args = p.parse_args(argv)
    worst = 0.0
    print(f"{'case':32s} {'KB':>6s} {'file s':>7s} {'upload s':>9s}  problem")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            text = make()
            assert len(text) <= MAX_FILE_BYTES
            path = Path(tmp) / "huge.yaml"
            path.write_text(text, encoding="utf-8")
            file_s = min(time_rejection(text, path, False)[0] for _ in range(args.repeat))
            upload_s, problem = min(time_rejection(text, path, True) for _ in range(args.repeat))
            worst = max(worst, file_s, upload_s)
            print(f"{name:32s} {len(text) / 1000:6.0f} {file_s:7.2f} {upload_s:9.2f}  {problem[:70]}")
    print(f"slowest: {worst:.2f} s (target: under {TARGET_S:g} s)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
