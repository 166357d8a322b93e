"""The benchmark harness of issue 7: the M/M/c reference against Erlang C, and the bench table.

The reference loop is what the model's speed is measured against, so it gets a known-answer
check of its own. The table tests run on one-year versions of the scenarios so they stay fast;
the real ``--quick`` run is marked slow.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import sim
import sim.benchmarks as bench
from sim import native
from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


# ---------------------------------------------------------------- the reference
def test_erlang_c_reduces_to_mm1() -> None:
    """For one server, P(wait) = rho and Wq = rho / (mu - lambda)."""
    p_wait, wq = bench.erlang_c(1, 0.5, 1.0)
    assert p_wait == pytest.approx(0.5)
    assert wq == pytest.approx(0.5 / (1.0 - 0.5))


def test_erlang_c_known_value_and_large_c() -> None:
    """M/M/2 at a = 1 has P(wait) = 1/3; thousands of servers do not overflow."""
    assert bench.erlang_c(2, 1.0, 1.0)[0] == pytest.approx(1 / 3)
    p_wait, wq = bench.erlang_c(12_600, 1.0, 0.9 * 12_600)
    assert 0.0 <= p_wait < 1e-6 and wq >= 0.0
    with pytest.raises(ValueError, match="unstable"):
        bench.erlang_c(2, 2.0, 1.0)


@pytest.mark.parametrize(("servers", "rate"), [(1, 0.7), (3, 2.4)])
def test_reference_mean_wait_matches_erlang_c(servers: int, rate: float) -> None:
    """The reference loop's mean wait in queue is Erlang C's, within 10 %."""
    horizon = 40_000.0
    _, wq = bench.erlang_c(servers, rate, 1.0)
    waits = [
        bench.mmc_reference(servers, rate, 1.0, horizon, initial_in_service=servers - 1, seed=s).mean_wait
        for s in (1, 2)
    ]
    assert sum(waits) / len(waits) == pytest.approx(wq, rel=0.10)


def test_reference_bookkeeping() -> None:
    """Events are arrivals plus departures; customers about lambda * T plus those at the start."""
    r = bench.mmc_reference(5, 2.0, 2.0, 5_000.0, initial_in_service=4)
    arrivals = r.customers - 4
    assert arrivals == pytest.approx(2.0 * 5_000.0, rel=0.05)
    assert r.served <= r.customers
    assert arrivals <= r.events <= 2 * r.customers
    assert r.wall_time_s > 0
    a = bench.mmc_reference(5, 2.0, 2.0, 5_000.0, seed=7)
    b = bench.mmc_reference(5, 2.0, 2.0, 5_000.0, seed=7)  # wall times differ, the counts must not
    assert (a.customers, a.events, a.mean_wait) == (b.customers, b.events, b.mean_wait)
    with pytest.raises(ValueError):
        bench.mmc_reference(2, 1.0, 1.0, 10.0, initial_in_service=3)


def test_reference_parameters_match_the_model_run() -> None:
    """c = dwellings, utilisation 0.9, expected customers = households over the horizon."""
    p = bench.reference_parameters(210, 1879, 9132)
    assert p.servers == 210 and p.initial_in_service == 189
    assert p.arrival_rate * p.mean_service / p.servers == pytest.approx(bench.REFERENCE_RHO)
    assert p.initial_in_service + p.arrival_rate * 9132 == pytest.approx(1879)


# ---------------------------------------------------------------- the scaled scenarios
def _unscaled(path: Path, k: int) -> dict[str, Any]:
    """A scaled scenario as plain data with every quantity that should scale divided by ``k``."""
    d = sim.load_scenario(path).model_dump(mode="json")
    d["name"], d["description"] = "baseline", None
    for key in ("municipality", "calibration"):  # what the file says about itself, not the model
        d.pop(key)
    d["population"]["by_year"] = {y: v / k for y, v in d["population"]["by_year"].items()}
    for t in d["dwelling_types"].values():
        t["count"] /= k
    for section in ("waiting_list", "homeless_other", "temporary_accommodation"):
        for g in d["initial_state"].get(section, {}).values():
            g["count"] /= k
    for key in ("budget_nok_per_year", "settlement_grant_budget_nok_per_year"):
        v = d["start_loans"][key]
        d["start_loans"][key] = {y: x / k for y, x in v.items()} if isinstance(v, dict) else v / k
    for key in ("guarantees_per_year", "deposit_loans_per_year", "broker_placements_per_year"):
        d["private_rental"][key] /= k
    d["follow_up"]["staff"] /= k
    for action in d["stock_plan"]:
        action["count"] /= k
    return d


@pytest.mark.parametrize("k", [10, 60])
def test_scaled_scenarios_are_the_baseline_times_k(k: int) -> None:
    """scaled_Kx is the baseline with population, stock, initial state and absolute capacities
    times K and nothing else changed; fails when the baseline changes one of them alone."""
    base = _unscaled(SCENARIOS / "baseline.yaml", 1)
    scaled = _unscaled(SCENARIOS / f"scaled_{k}x.yaml", k)
    diff = sorted(key for key in base if base[key] != scaled[key])
    assert diff == [], f"scaled_{k}x.yaml is out of step with baseline.yaml in {diff}"


def _one_month(tmp_path: Path) -> dict[str, str]:
    """The three bench scenarios cut to one month (January 2016)."""
    out = {}
    for size, name in bench.SCENARIOS.items():
        f = tmp_path / f"short_{name}"
        f.write_text(f"extends: {SCENARIOS / name}\nend_date: 2016-01-31\n", encoding="utf-8")
        out[size] = str(f)
    return out


@pytest.fixture(scope="module")
def short_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One-month versions of the bench scenarios."""
    return _one_month(tmp_path_factory.mktemp("bench"))


@pytest.fixture(scope="module")
def short_rows(short_paths: dict[str, str]) -> list[dict[str, Any]]:
    """``run_benchmarks(quick=True)`` on one-month scenarios, memory runs of 1, 10 and 20."""
    return bench.run_benchmarks(quick=True, scenarios=short_paths, memory_replications=(1, 10, 20), log=None)


def _check_table(rows: list[dict[str, Any]], memory: list[int]) -> None:
    assert rows, "no rows"
    for row in rows:
        assert tuple(row) == bench.COLUMNS
    kinds = [(r["kind"], r["size"], r["replications"]) for r in rows]
    for size in ("1x", "10x", "60x"):
        assert ("model", size, 1) in kinds and ("reference", size, 1) in kinds
    assert ("model", "1x", 10) in kinds
    assert sorted(r["replications"] for r in rows if r["kind"] == "memory") == memory
    for r in rows:
        assert r["wall_s"] > 0 and r["households"] > 0 and r["events"] > 0
        assert r["wall_s"] > 0 and r["cpu_s"] > 0 and r["repeats"] >= 1
        assert r["us_per_household"] == pytest.approx(r["cpu_s"] / r["households"] * 1e6)
        assert r["wall_us_per_household"] == pytest.approx(r["wall_s"] / r["households"] * 1e6)
        if r["kind"] == "model":
            assert r["ratio_to_reference"] == pytest.approx(r["us_per_household"] / r["ref_us_per_household"])
        if r["kind"] == "memory":
            assert r["peak_rss_mib"] > 10
    dwellings = {r["size"]: r["dwellings"] for r in rows if r["kind"] == "reference"}
    assert dwellings == {"1x": 210, "10x": 2_100, "60x": 12_600}


def test_quick_table_has_the_expected_columns(short_rows: list[dict[str, Any]]) -> None:
    """Every row has every column; each size has a model and a reference row; memory runs."""
    _check_table(short_rows, [1, 10, 20])


def test_two_passes_keep_the_best_times(short_paths: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """With two passes every single-replication row (model and reference) gets the smaller
    times of the two passes and the repeats of both; the rows stay in the same order."""
    calls: list[str] = []
    fake = iter([0.5, 0.2, 0.3, 0.4] * 3)  # per pass and size: model CPU, reference CPU

    def fake_time(sc: Any, *_a: Any) -> tuple[bench.Timing, bench.Timing]:
        calls.append(sc.name)
        res = sim.run_replication(sc, 1, 0)
        ref = bench.mmc_reference(5, 1.0, 4.0, 30.0)
        m_cpu, r_cpu = next(fake), next(fake)
        return bench.Timing(m_cpu, m_cpu, 3, res), bench.Timing(r_cpu / 100, r_cpu / 100, 10, ref)

    monkeypatch.setattr(bench, "time_model_and_reference", fake_time)
    report = bench.collect(
        quick=True, scenarios=short_paths, memory_replications=(1,), passes=2, profile=False, log=None
    )
    assert len(calls) == 6  # three sizes, twice
    singles = [r for r in report.rows if r["replications"] == 1 and r["kind"] in ("model", "reference")]
    # with a compiled build, the same sources are timed once more as pure Python (a subprocess)
    pure = [r["kind"] for r in report.rows if r["kind"].startswith("pure")]
    assert pure == (["pure", "pure_reference"] if native.build().compiled else [])
    assert [(r["kind"], r["size"]) for r in singles] == [
        (k, s) for s in ("1x", "10x", "60x") for k in ("model", "reference")
    ]
    for r in singles:
        want = 0.3 if r["kind"] == "model" else 0.002  # min(0.5, 0.3); min(0.2, 0.4) / 100
        assert r["cpu_s"] == pytest.approx(want) and r["wall_s"] == pytest.approx(want)
        assert r["repeats"] == (6 if r["kind"] == "model" else 20)


def test_feature_costs_switch_the_parts_off(short_paths: dict[str, str]) -> None:
    """Each variant runs the baseline with its overrides: the same households arrive, the
    switched-off part really is off (the start-loan variants grant fewer loans, hence other
    events), and the Markdown gets a table with one line per variant."""
    costs = bench.feature_costs(short_paths["1x"], rounds=1)
    assert [c["variant"] for c in costs] == ["baseline (everything on)", *bench.FEATURE_VARIANTS]
    base, *variants = costs
    assert base["overrides"] == [] and base["saved_share"] == 0.0
    for c in costs:
        assert c["households"] == base["households"] > 0
        assert c["us_per_household"] == pytest.approx(c["cpu_s"] / c["households"] * 1e6)
        assert c["saved_share"] == pytest.approx(1 - c["us_per_household"] / base["us_per_household"])
    no_team = next(c for c in variants if c["variant"] == "no start-loan team at all")
    assert no_team["events"] != base["events"]
    sc = sim.load_scenario(short_paths["1x"], overrides=no_team["overrides"])
    assert sim.run_replication(sc, 1, 0).kpis["start_loans"] == 0
    md = bench._feature_costs_md(costs)
    assert md[0] == "## What the parts of the model cost"
    assert sum(line.startswith("|") for line in md) == 2 + len(costs)  # header, rule, rows


def test_targets_and_markdown(short_rows: list[dict[str, Any]]) -> None:
    """Three targets with values; the Markdown has the table, the targets and the marks."""
    targets = bench.evaluate_targets(short_rows)
    assert len(targets) == 3
    assert all(t["value"] is not None and math.isfinite(t["value"]) for t in targets)
    report = bench.BenchReport(
        rows=short_rows,
        targets=targets,
        machine=bench.machine_info(),
        command="boligflyt bench --quick",
        quick=True,
        started="2025-01-01T00:00:00+00:00",
        duration_s=1.0,
    )
    md = bench.render_markdown(report)
    assert "| target | measured | limit | result |" in md
    assert md.count("✅ pass") + md.count("❌ fail") == 3
    assert "boligflyt bench --quick" in md and "## Machine" in md
    assert bench.format_table(short_rows).splitlines()[0].startswith("case")


def test_profile_names_the_model_functions(short_paths: dict[str, str]) -> None:
    """cProfile of one replication: top 10 by cumulative and own time, ``run_replication`` on top."""
    p = bench.profile_replication(sim.load_scenario(short_paths["1x"]))
    assert len(p["cumulative"]) == len(p["own"]) == 10
    assert "run_replication" in p["cumulative"][0]["function"]
    assert p["households"] > 0 and p["events"] > 0


def test_cli_bench_prints_json_and_writes_markdown(
    short_rows: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``boligflyt bench --quick --json --out F`` hands its options to the harness, prints JSON
    and writes the Markdown (the measurements themselves are faked with the fixture's rows)."""
    seen: dict[str, Any] = {}

    def fake_collect(quick: bool, command: str, **_kw: Any) -> bench.BenchReport:
        seen.update(quick=quick, command=command)
        return bench.BenchReport(
            short_rows, bench.evaluate_targets(short_rows), bench.machine_info(), command, quick, "now", 1.0
        )

    monkeypatch.setattr(bench, "collect", fake_collect)
    out = tmp_path / "PERFORMANCE.md"
    assert main(["bench", "--quick", "--json", "--out", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert seen == {"quick": True, "command": f"boligflyt bench --quick --json --out {out}"}
    assert doc["quick"] is True and len(doc["rows"]) == len(short_rows)
    assert set(doc["machine"]) >= {"platform", "cpu", "cores"}
    assert "## Targets" in out.read_text(encoding="utf-8")
    assert main(["bench", "--quick"]) == 0
    assert capsys.readouterr().out.splitlines()[3].startswith("case")


def _report(rows: list[dict[str, Any]], git: str = "abc1234") -> bench.BenchReport:
    machine = bench.machine_info()
    machine["git"] = git
    return bench.BenchReport(
        rows, bench.evaluate_targets(rows), machine, "boligflyt bench", False, "2026-01-01T00:00Z", 1.0
    )


def test_before_and_after_section(short_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    """An earlier ``--json`` report read back gives a section with both runs' numbers."""
    slower = [dict(r, us_per_household=r["us_per_household"] * 2) for r in short_rows]
    for r in slower:
        if r["ratio_to_reference"] is not None:
            r["ratio_to_reference"] *= 2
    old = _report(slower, git="0ld0ld0")
    f = tmp_path / "before.json"
    f.write_text(json.dumps(old.to_json_dict()), encoding="utf-8")
    report = _report(short_rows)
    report.before, report.before_file = bench.read_before(f), str(f)
    md = bench.render_markdown(report)
    section = md.split("## Before and after")[1].split("## Results")[0]
    assert "0ld0ld0" in section and str(f) in section
    row = next(line for line in section.splitlines() if line.startswith("| baseline, 1 replication |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1]) == pytest.approx(2 * float(cells[2]), rel=0.02)  # µs/hh before = 2 x now
    assert section.count("≤ ") == 3  # the three targets, before and now
    assert "before" not in report.to_json_dict()  # a saved report can be the next --before
    assert "## Before and after" not in bench.render_markdown(_report(short_rows))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("{not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"rows": [], "targets": [], "machine": {}}', "field 'started' is missing"),
        (
            '{"rows": [{"case": "x"}], "targets": [], "machine": {}, "started": "now"}',
            "rows[0]: missing kind",
        ),
    ],
)
def test_bad_before_file_fails_before_any_measuring(
    content: str | None, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Exit 2 with the file and the problem named, in a second: the benchmarks never start."""

    def must_not_run(*_a: Any, **_kw: Any) -> None:
        raise AssertionError("the benchmarks ran although --before was bad")

    monkeypatch.setattr(bench, "collect", must_not_run)
    f = tmp_path / "before.json"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    assert main(["bench", "--before", str(f)]) == 2
    err = capsys.readouterr().err
    assert str(f) in err and message in err and "Traceback" not in err


@pytest.mark.slow
def test_quick_benchmarks_on_the_real_scenarios() -> None:
    """The real ``--quick`` run (about half a minute): the same table shape."""
    _check_table(bench.run_benchmarks(quick=True, log=None), [1, 10, 100])
