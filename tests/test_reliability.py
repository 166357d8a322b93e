"""Never lose finished work, keep going past a failing replication, check reproducibility.

The interrupted-run tests start a real ``boligflyt run`` process, stop it about half way
with Ctrl-C (SIGINT), SIGTERM or SIGKILL while watching its ``parts/`` folder, complete it
with ``--resume`` and compare the files with a run that went straight through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import sim
import sim.runner as runner
from sim.cli import main
from sim.runner import AlreadyComplete, ReplicationsFailed, ResultFolderError, run

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
BOLIGFLYT = Path(sys.executable).parent / "boligflyt"
#: a three-year horizon keeps one replication near 0.05 s, so 40 of them take a few seconds
SHORT = ["--set", "end_date=2018-12-31"]
N_REPS = 40
SEED = 4
COMPARED = ("summary.json", "kpis_by_replication.csv", "summary_kpis.csv", "summary_yearly.csv")


@pytest.fixture(scope="module")
def short() -> sim.Scenario:
    """The baseline cut to three years."""
    return sim.load_scenario(BASELINE, ["end_date=2018-12-31"])


def assert_same_results(a: Path, b: Path) -> None:
    """The summaries byte for byte and the Parquet tables value for value."""
    for name in COMPARED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("yearly.parquet", "monthly.parquet"):
        assert pq.read_table(a / name).equals(pq.read_table(b / name)), name
    ma, mb = (json.loads((p / "manifest.json").read_text()) for p in (a, b))
    assert ma["partial"] is mb["partial"] is False
    assert ma["replication_numbers"] == mb["replication_numbers"]
    assert not (b / "parts").exists()


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def parts(folder: Path) -> list[Path]:
    return sorted((folder / "parts").glob("rep-*.parquet")) if (folder / "parts").is_dir() else []


# ---------------------------------------------------------------- interrupted run, real process
@pytest.mark.parametrize(
    ("sig", "code"),
    [
        # about 7 s each on an idle machine; the hardest case (no chance to clean up) runs always
        pytest.param(signal.SIGKILL, -signal.SIGKILL, id="sigkill"),
        pytest.param(signal.SIGINT, 130, id="ctrl-c", marks=pytest.mark.slow),
        pytest.param(signal.SIGTERM, 143, id="sigterm", marks=pytest.mark.slow),
    ],
)
def test_interrupted_run_resumes_to_identical_files(sig: signal.Signals, code: int, tmp_path: Path) -> None:
    out = tmp_path / "run"
    cmd = [str(BOLIGFLYT), "run", str(BASELINE), *SHORT, "--reps", str(N_REPS), "--seed", str(SEED)]
    proc = subprocess.Popen(
        [*cmd, "--out", str(out), "--no-progress", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell gives Ctrl-C its default meaning even if the test runner ignores it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while len(parts(out)) < N_REPS // 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    seen = len(parts(out))
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err

    m = manifest(out)
    kept = len(parts(out))
    assert m["partial"] is True
    assert seen <= kept < N_REPS  # nothing finished was lost, and it did stop early
    if sig != signal.SIGKILL:
        assert m["replications"] == kept
        assert f"interrupted: {kept} of {N_REPS} replications finished and kept in {out}" in err
        assert "--resume" in err
        assert json.loads((out / "summary.json").read_text())["replications"] == kept
    else:  # killed outright: the checkpoint written after each replication is all there is
        assert m["replications"] in (kept - 1, kept)

    done = subprocess.run(
        [str(BOLIGFLYT), "run", str(BASELINE), *SHORT, "--out", str(out), "--resume", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert manifest(out)["resumed"] == 1

    reference = tmp_path / "reference"  # the same command, never interrupted
    straight = subprocess.run(
        [*cmd, "--out", str(reference), "--no-progress"], capture_output=True, text=True, timeout=300
    )
    assert straight.returncode == 0, straight.stderr
    assert manifest(reference)["code_sha256"] == manifest(out)["code_sha256"], "the code changed meanwhile"
    assert_same_results(reference, out)


# ---------------------------------------------------------------- interrupted run, in process
class Stop(KeyboardInterrupt):
    """Ctrl-C pressed after a given number of replications."""


def stop_after(k: int):
    def progress(done: int, _total: int) -> None:
        if done >= k:
            raise Stop

    return progress


def test_ctrl_c_keeps_a_partial_result_and_resume_completes_it(short, tmp_path):
    ref = tmp_path / "ref"
    run(short, replications=6, seed=2, out=ref, event_log=True)
    out = tmp_path / "out"
    with pytest.raises(Stop):
        run(short, replications=6, seed=2, out=out, event_log=True, progress=stop_after(2))
    m = manifest(out)
    assert (m["partial"], m["replications"], m["missing_replications"]) == (True, 2, [2, 3, 4, 5])
    assert m["files"]["parts/"]
    assert pq.read_table(out / "yearly.parquet").column("replication").unique().to_pylist() == [0, 1]
    resumed = run(short, replications=6, seed=2, out=out, event_log=True, resume=True)
    assert resumed.replications == 6
    assert_same_results(ref, out)
    assert pq.read_table(out / "events.parquet").equals(pq.read_table(ref / "events.parquet"))


def test_interrupted_before_any_replication_resumes(short, tmp_path, monkeypatch):
    def interrupted(_args):
        raise Stop

    monkeypatch.setattr(runner, "_task", interrupted)
    with pytest.raises(Stop):
        run(short, replications=2, seed=2, out=tmp_path)
    m = manifest(tmp_path)
    assert (m["partial"], m["replications"], m["missing_replications"]) == (True, 0, [0, 1])
    monkeypatch.undo()
    assert run(short, replications=2, seed=2, out=tmp_path, resume=True).replications == 2


def test_a_fresh_run_will_not_overwrite_an_unfinished_one(short, tmp_path):
    with pytest.raises(Stop):
        run(short, replications=3, seed=2, out=tmp_path, progress=stop_after(1))
    with pytest.raises(ResultFolderError, match=r"unfinished run .*add --resume"):
        run(short, replications=3, seed=2, out=tmp_path)
    with pytest.raises(ResultFolderError, match="seed 2, not 3"):
        run(short, replications=3, seed=3, out=tmp_path, resume=True)
    with pytest.raises(ResultFolderError, match="another scenario"):
        run(sim.load_scenario(BASELINE, ["end_date=2017-12-31"]), 3, seed=2, out=tmp_path, resume=True)
    assert len(parts(tmp_path)) == 1  # refusing touched nothing
    run(short, replications=3, seed=2, out=tmp_path, resume=True)
    with pytest.raises(AlreadyComplete):
        run(short, replications=3, seed=2, out=tmp_path, resume=True)


def test_resume_refuses_when_the_code_has_changed(short, tmp_path, monkeypatch):
    """Parts from one version of the model and the rest from another would not match either."""
    with pytest.raises(Stop):
        run(short, replications=3, seed=2, out=tmp_path, progress=stop_after(1))
    assert manifest(tmp_path)["code_sha256"] == runner.code_sha256()
    monkeypatch.setattr(runner, "code_sha256", lambda: "0" * 64)
    with pytest.raises(ResultFolderError, match="code has changed since this run started"):
        run(short, replications=3, seed=2, out=tmp_path, resume=True)


def test_resume_refuses_the_same_scenario_with_groups_in_another_order(short, tmp_path):
    """Group order decides the random streams: the hash differs and resume refuses."""
    with pytest.raises(Stop):
        run(short, replications=3, seed=2, out=tmp_path, progress=stop_after(1))
    data = short.model_dump(mode="json")
    data["groups"] = dict(reversed(data["groups"].items()))
    reordered = sim.scenario_from_dict(data)
    assert reordered.sha256() != short.sha256()
    with pytest.raises(ResultFolderError):
        run(reordered, replications=3, seed=2, out=tmp_path, resume=True)


def test_out_folder_gives_the_same_numbers_as_memory_on_any_backend(short, tmp_path):
    mem = run(short, replications=4, seed=9)
    seq = run(short, replications=4, seed=9, out=tmp_path / "seq")
    par = run(short, replications=4, seed=9, workers=2, out=tmp_path / "par")
    assert mem.to_json_dict() == seq.to_json_dict() == par.to_json_dict()
    for name in COMPARED:
        assert (tmp_path / "seq" / name).read_bytes() == (tmp_path / "par" / name).read_bytes()


def test_manifest_records_what_reproduces_the_run(short, tmp_path):
    run(short, replications=3, seed=6, out=tmp_path)
    m = manifest(tmp_path)
    assert m["scenario_sha256"] == short.sha256()
    assert (m["seed"], m["replications"], m["requested_replications"]) == (6, 3, 3)
    assert m["replication_numbers"] == [0, 1, 2] and m["missing_replications"] == []
    assert m["partial"] is False and m["failed"] == []
    assert m["version"] == sim.__version__ and m["python"]
    assert {"simpy", "numpy", "pandas", "pyarrow", "pydantic"} <= set(m["dependencies"])
    assert all(m["dependencies"].values())
    assert m["wall_time_s"] > 0
    assert sim.scenario_from_dict(m["scenario_content"]).sha256() == short.sha256()
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


# ---------------------------------------------------------------- a failing replication
def break_replication(monkeypatch: pytest.MonkeyPatch, bad: int) -> None:
    """Make replication ``bad`` raise, the others run normally (a test-only hook)."""
    real = runner._task

    def task(args):
        if args[2] == bad:
            raise sim.InvariantError(f"seed {args[1]} replication {bad}: injected")
        return real(args)

    monkeypatch.setattr(runner, "_task", task)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_replication_does_not_discard_the_others(short, tmp_path, monkeypatch, workers):
    break_replication(monkeypatch, 2)
    with pytest.raises(ReplicationsFailed) as info:
        run(short, replications=5, seed=5, workers=workers, out=tmp_path)
    exc = info.value
    assert exc.result.aggregate.replications == [0, 1, 3, 4]
    (f,) = exc.failures
    assert (f.seed, f.replication, f.scenario_sha256) == (5, 2, short.sha256())
    assert f.error == "InvariantError: seed 5 replication 2: injected"
    assert "replication 2 (seed 5, scenario sha256 " in str(exc)
    m = manifest(tmp_path)
    assert m["partial"] is True and m["missing_replications"] == [2]
    assert m["failed"] == [f.to_json_dict()]
    # once fixed, --resume runs just the failed replication and matches a clean run
    monkeypatch.undo()
    run(short, replications=5, seed=5, out=tmp_path, resume=True)
    run(short, replications=5, seed=5, out=tmp_path / "clean")
    for name in COMPARED:
        assert (tmp_path / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert manifest(tmp_path)["failed"] == []


def test_cli_reports_the_failure_and_how_to_reproduce_it(short, tmp_path, monkeypatch, capsys):
    break_replication(monkeypatch, 1)
    argv = ["run", str(BASELINE), *SHORT, "--reps", "3", "--seed", "7", "--no-progress"]
    assert main([*argv, "--out", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    sha = short.sha256()[:12]
    assert f"replication 1 (seed 7, scenario sha256 {sha}) failed: InvariantError:" in err
    assert f"reproduce: boligflyt run {BASELINE} --set end_date=2018-12-31 --seed 7 --replication 1" in err
    assert "partial results written to" in err
    assert "baseline: 2 replications, seed 7" in out  # the others are still reported

    # the reproduce command runs exactly that replication and shows the traceback
    one = ["run", str(BASELINE), *SHORT, "--seed", "7", "--replication", "1", "--no-progress", "--json"]
    assert main(one) == 1
    _, err = capsys.readouterr()
    assert "Traceback (most recent call last)" in err and "injected" in err
    monkeypatch.undo()
    assert main([*one, "--out", str(tmp_path / "one")]) == 0
    assert json.loads(capsys.readouterr().out)["replications"] == 1
    assert manifest(tmp_path / "one")["replication_numbers"] == [1]
    row = sim.run_replication(short, 7, 1).kpis
    kept = (tmp_path / "one" / "kpis_by_replication.csv").read_text().splitlines()
    assert kept[1].startswith("1,") and len(kept) == 2
    assert float(kept[1].split(",")[1 + list(row).index("arrivals")]) == row["arrivals"]


def test_cli_option_problems_exit_2(capsys, tmp_path):
    base = ["run", str(BASELINE), "--no-progress"]
    assert main([*base, "--resume"]) == 2
    assert "--resume: needs --out" in capsys.readouterr().err
    assert main([*base, "--replication", "1", "--reps", "4"]) == 2
    assert "--replication R runs exactly one replication" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path), "--resume"]) == 2
    assert "no readable manifest" in capsys.readouterr().err
    (tmp_path / "a_file").write_text("")
    assert main([*base, "--reps", "1", "--out", str(tmp_path / "a_file")]) == 2
    assert "a_file: cannot be used as the output folder (File exists)" in capsys.readouterr().err


def test_cli_resume_of_a_complete_run_says_so(tmp_path, capsys):
    argv = ["run", str(BASELINE), *SHORT, "--reps", "2", "--no-progress", "--out", str(tmp_path)]
    assert main(argv) == 0
    before = (tmp_path / "manifest.json").read_bytes()
    assert main([*argv, "--resume"]) == 0
    assert "already complete; nothing to resume" in capsys.readouterr().err
    assert (tmp_path / "manifest.json").read_bytes() == before


# ---------------------------------------------------------------- reproducibility check
def test_check_reproducible_passes_and_is_recorded(tmp_path, capsys):
    argv = ["run", str(BASELINE), *SHORT, "--reps", "5", "--no-progress", "--out", str(tmp_path)]
    assert main([*argv, "--check-reproducible", "2"]) == 0
    err = capsys.readouterr().err
    assert "reproducible: replications 0, 4 rerun in a fresh process gave byte-identical KPI rows" in err
    check = manifest(tmp_path)["reproducibility_check"]
    assert check["identical"] is True and check["replications"] == [0, 4]


def test_check_reproducible_catches_a_difference(short):
    result = run(short, replications=3, seed=1)
    result.aggregate.kpi_rows[2]["allocations"] += 1e-9  # a change in the last bits
    check = runner.check_reproducible(result, 2)
    assert check["replications"] == [0, 2]
    assert check["identical"] is False
    (d,) = check["differences"]
    assert (d["replication"], d["kpis"]) == (2, ["allocations"])


def test_sample_is_spread_over_the_replications():
    assert runner.sample_replications(list(range(10)), 3) == [0, 4, 9]
    assert runner.sample_replications([5, 6], 3) == [5, 6]
    assert runner.sample_replications([1, 2, 3], 0) == []


def test_part_files_restore_results_bit_for_bit(short, tmp_path):
    r = sim.run_replication(short, 3, 0)
    w = runner.ResultWriter(tmp_path, short, 3, [0])
    w.add(r)
    back = w.read_part(0)
    assert back.kpis.keys() == r.kpis.keys() and list(back.yearly) == list(r.yearly)
    for name, v in r.yearly.items():
        assert back.yearly[name].tobytes() == v.astype("f8").tobytes(), name
    for name, v in r.monthly.items():
        assert back.monthly[name].tobytes() == v.astype("f8").tobytes(), name
    assert runner._row_bytes(back.kpis) == runner._row_bytes(r.kpis)
    assert (back.careers, back.households, back.events_processed) == (
        r.careers,
        r.households,
        r.events_processed,
    )
    assert os.listdir(tmp_path / "parts") == ["rep-000000.parquet"]
