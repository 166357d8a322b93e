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
    assert ma["replication_ranges"] == mb["replication_ranges"]
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
    assert (m["partial"], m["replications"], m["missing_ranges"]) == (True, 2, [[2, 5]])
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
    assert (m["partial"], m["replications"], m["missing_ranges"]) == (True, 0, [[0, 1]])
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
    assert m["replication_ranges"] == [[0, 2]] and m["missing_ranges"] == [] and m["missing_count"] == 0
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
    assert m["partial"] is True and m["missing_ranges"] == [[2, 2]] and m["missing_count"] == 1
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
    assert manifest(tmp_path / "one")["replication_ranges"] == [[1, 1]]
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


# ================================================================ issue 19
def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc), zombies left out."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            state, ppid = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, IndexError):
            continue
        if int(ppid) == pid and state != "Z":
            out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------- item 3: one run per folder
def test_two_runs_into_one_folder_at_once_one_is_refused_and_the_other_completes(tmp_path: Path) -> None:
    """Fault injection: two real runs with different seeds started at the same moment."""
    out = tmp_path / "shared"
    base = [sys.executable, "-m", "sim", "run", str(BASELINE), *SHORT, "--reps", "60", "--no-progress"]
    procs = [
        subprocess.Popen(
            [*base, "--seed", str(seed), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    (winner_err,) = [err for code, err in results if code == 0]
    (loser_err,) = [err for code, err in results if code == 2]
    assert "another boligflyt run is using this folder (PID " in loser_err
    assert "wait for it to finish, or choose another folder" in loser_err and "Traceback" not in loser_err
    m = manifest(out)
    assert m["partial"] is False and m["replications"] == 60 and m["replication_ranges"] == [[0, 59]]
    assert not (out / "parts").exists() and not (out / ".boligflyt.lock").exists()
    # the folder holds one run, whole: the winner's seed, and --resume finds nothing to do
    winner_seed = int(m["seed"])
    again = subprocess.run(
        [*base, "--seed", str(winner_seed), "--out", str(out), "--resume"], capture_output=True, text=True
    )
    assert again.returncode == 0 and "already complete" in again.stderr
    assert "results written to" in winner_err


def test_a_run_refuses_a_folder_another_process_holds(short, tmp_path: Path, capsys) -> None:
    from sim.locks import FolderLock

    with FolderLock(tmp_path):
        argv = ["run", str(BASELINE), *SHORT, "--reps", "1", "--no-progress", "--out", str(tmp_path)]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"another boligflyt run is using this folder (PID {os.getpid()} on " in err
        assert not (tmp_path / "manifest.json").exists()  # refused before anything was written
    assert main(argv) == 0  # the lock is gone with its holder


def test_a_lock_file_left_by_a_killed_run_does_not_block_the_folder(short, tmp_path: Path) -> None:
    """A lock is an flock, released by the kernel however its process ends: no stale locks."""
    (tmp_path / ".boligflyt.lock").write_text('{"pid": 999999999, "host": "gone"}')
    result = run(short, replications=2, seed=3, out=tmp_path)
    assert result.replications == 2 and not (tmp_path / ".boligflyt.lock").exists()


# ---------------------------------------------------------------- item 4: --out ""
def test_an_empty_out_is_refused_and_nothing_is_written(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(BASELINE), *SHORT, "--reps", "1", "--no-progress", "--out", ""]) == 2
    assert "--out: the folder name is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ResultFolderError, match="folder name is empty"):
        run(sim.load_scenario(BASELINE, ["end_date=2016-01-31"]), 1, out="  ")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- item 5: messages, not tracebacks
def test_an_output_folder_that_cannot_be_written_is_a_message(tmp_path: Path, monkeypatch, capsys) -> None:
    """Issue 19: a read-only --out folder gave a PermissionError traceback at parts.mkdir."""
    real_mkdir = Path.mkdir

    def read_only(self: Path, *args, **kwargs):
        if self.name == "parts":
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    argv = ["run", str(BASELINE), *SHORT, "--reps", "1", "--no-progress"]
    assert main([*argv, "--out", str(tmp_path / "ro")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'ro'}: cannot be used as the output folder (Permission denied)" in err
    monkeypatch.undo()
    assert main([*argv, "--out", "/proc/self"]) == 2
    assert "/proc/self: cannot be used as the output folder (" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_message(tmp_path: Path, capsys) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    argv = ["run", str(BASELINE), *SHORT, "--reps", "1", "--no-progress", "--out", str(ro)]
    assert main(argv) == 2
    assert "cannot be used as the output folder (Permission denied)" in capsys.readouterr().err


def disk_full(monkeypatch: pytest.MonkeyPatch, where: str, after: int = 0) -> None:
    """Make writing fail with ENOSPC: ``part`` files after ``after`` of them were written, or the
    ``final`` files (a test-only stand-in for a full file system)."""
    import errno

    calls = {"n": 0}
    real_table, real_text = runner._atomic_write_table, runner.atomic_write_text

    def full(path: Path) -> OSError:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    def table(t, path: Path) -> None:
        if where == "part" and path.parent.name == "parts":
            calls["n"] += 1
            if calls["n"] > after:
                raise full(path)
        real_table(t, path)

    def text(path: Path, s: str) -> None:
        if where == "final" and path.name == "summary_kpis.csv":
            raise full(path)
        real_text(path, s)

    monkeypatch.setattr(runner, "_atomic_write_table", table)
    monkeypatch.setattr(runner, "atomic_write_text", text)


@pytest.mark.parametrize(
    ("where", "after", "saved"),
    [("part", 0, 0), ("part", 2, 2), ("final", 0, 4)],
    ids=["first replication", "third replication", "final files"],
)
def test_a_full_disk_is_a_message_and_resume_completes_the_run(
    where: str, after: int, saved: int, tmp_path: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / "run"
    argv = ["run", str(BASELINE), *SHORT, "--reps", "4", "--seed", "5", "--no-progress"]
    disk_full(monkeypatch, where, after)
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot be written (No space left on device)" in err and "Traceback" not in err
    assert "complete it with: boligflyt run" in err and "--resume" in err
    m = manifest(out)
    assert m["partial"] is True and m["replications"] == saved
    assert len(parts(out)) == saved  # nothing half-written looks finished
    monkeypatch.undo()
    assert main([*argv, "--out", str(out), "--resume"]) == 0
    assert main([*argv, "--out", str(tmp_path / "straight")]) == 0
    capsys.readouterr()
    assert_same_results(tmp_path / "straight", out)


def test_resume_reads_every_saved_part_before_running_anything(short, tmp_path: Path, capsys) -> None:
    """Issue 19: a damaged part failed the resumed run at its end (ArrowInvalid traceback)."""
    with pytest.raises(Stop):
        run(short, replications=6, seed=2, out=tmp_path, progress=stop_after(3))
    first, second = parts(tmp_path)[1:3]
    first.write_bytes(first.read_bytes()[:100])  # truncated
    second.write_bytes(b"not parquet at all" * 50)  # garbage
    before = sorted(p.name for p in parts(tmp_path))
    argv = [
        "run",
        str(BASELINE),
        *SHORT,
        "--reps",
        "6",
        "--seed",
        "2",
        "--no-progress",
        "--out",
        str(tmp_path),
    ]
    assert main([*argv, "--resume"]) == 2
    err = capsys.readouterr().err
    assert "2 saved replication(s) cannot be read (rep-000001.parquet, rep-000002.parquet" in err
    assert "delete those files and add --resume again" in err and "Traceback" not in err
    assert sorted(p.name for p in parts(tmp_path)) == before  # nothing ran
    first.unlink()
    second.unlink()
    assert main([*argv, "--resume"]) == 0
    run(short, replications=6, seed=2, out=tmp_path / "straight")
    assert_same_results(tmp_path / "straight", tmp_path)


def test_a_negative_seed_is_a_bad_option(capsys) -> None:
    """Issue 19: --seed -1 failed inside every replication and printed a failing 'reproduce'."""
    for argv in (
        ["run", str(BASELINE), "--seed", "-1", "--reps", "1"],
        ["compare", str(BASELINE), str(BASELINE), "--seed", "-1"],
        ["run", str(BASELINE), "--seed", str(2**64), "--reps", "1"],
        ["run", str(BASELINE), "--workers", "0", "--reps", "1"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "must be a whole number from 0 to" in err or "--workers: must be at least 1" in err


# ---------------------------------------------------------------- item 6: no orphaned workers
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """Issue 19: kill -9 of 'run --workers 2' left both workers alive, adopted by PID 1."""
    cmd = [
        sys.executable,
        "-m",
        "sim",
        "run",
        str(BASELINE),
        "--reps",
        "40",
        "--workers",
        "2",
        "--no-progress",
    ]
    # the caller's pipe stays open while a worker lives: DEVNULL so this test cannot hang on it
    proc = subprocess.Popen([*cmd, "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children_of(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(1.0)  # let them get into their replications
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == [], "workers outlived their parent"


def _worker_pid(_: int) -> int:
    return os.getpid()


def test_a_forked_pool_does_not_hold_the_servers_connections() -> None:
    """A server that forks its pool (the dashboard) must still be able to close a browser's
    connection: while a worker kept the inherited socket, closing it sent no FIN, the
    browser sent its next request on it and waited for ever (the compare page's table
    never loaded in the browser test)."""
    import socket

    from sim.backends import LocalBackend

    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname(), timeout=5)
    served, _ = listener.accept()
    backend = LocalBackend(2, mp_context="fork")
    try:
        pids = set(backend.pool().map(_worker_pid, range(4)))  # the workers are forked now
        assert pids and os.getpid() not in pids
        served.close()  # the server is done with this connection
        client.settimeout(5)
        assert client.recv(1) == b"", "the browser never learns the connection is closed"
    finally:
        backend.close()
        client.close()
        listener.close()


# ---------------------------------------------------------------- item 8: huge --reps
def test_memory_and_manifest_do_not_grow_with_the_replications_asked_for(tmp_path: Path) -> None:
    """Issue 19: --reps 10000000 rewrote a 109 MB manifest after each replication (2.4 GB)."""
    import tracemalloc

    day = sim.load_scenario(BASELINE, ["end_date=2016-01-31"])
    with pytest.raises(Stop):  # imports (pandas, pyarrow) and caches outside the measurement
        run(day, replications=4, seed=1, out=tmp_path / "warm", progress=stop_after(2))

    def peak(**kw) -> int:
        tracemalloc.start()
        try:
            with pytest.raises(Stop):
                run(day, replications=10_000_000, seed=1, progress=stop_after(3), **kw)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    with_out, without_out = peak(out=tmp_path / "huge"), peak()
    m = manifest(tmp_path / "huge")
    assert (m["requested_replications"], m["replications"]) == (10_000_000, 3)
    assert m["missing_ranges"] == [[3, 9_999_999]] and m["missing_count"] == 9_999_997
    assert (tmp_path / "huge" / "manifest.json").stat().st_size < 50_000
    # a list of ten million replication numbers alone would be 80 MB (360 MB as ints)
    assert with_out < 20e6 and without_out < 20e6, (with_out, without_out)


# ---------------------------------------------------------------- item 9
def test_a_finished_run_is_not_replaced_without_force(tmp_path: Path, capsys) -> None:
    argv = ["run", str(BASELINE), *SHORT, "--reps", "2", "--no-progress", "--out", str(tmp_path)]
    assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    capsys.readouterr()
    assert main([*argv, "--seed", "9"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path} holds a finished run (2 replications, seed 1, written " in err
    assert "add --force to replace it" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert main([*argv, "--seed", "9", "--force"]) == 0
    assert manifest(tmp_path)["seed"] == 9
    assert main([*argv, "--force", "--resume"]) == 2  # contradictory


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_result_files_follow_the_umask(short, tmp_path: Path, umask: int) -> None:
    """Issue 19: every result file was written mode 0600 (the temporary file's mode)."""
    old = os.umask(umask)
    try:
        run(short, replications=2, seed=1, out=tmp_path / "r", event_log=True)
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "r").iterdir() if p.is_file()]
    assert len(files) >= 7
    for p in files:
        assert p.stat().st_mode & 0o777 == 0o666 & ~umask, p.name


def test_intervals_of_counts_and_shares_stay_possible(short) -> None:
    """Issue 19: with 2 replications the 95 % interval of a count went below zero."""
    from sim.intervals import metric_range

    result = run(short, replications=2, seed=3)
    kpis = result.aggregate.kpi_summary()
    raw_negative = []
    for name, s in kpis.items():
        lo, hi = s["ci95"]
        floor, ceiling = metric_range(name)
        if lo is not None:
            assert floor <= lo <= (s["mean"] or 0) <= hi <= ceiling, name
        if floor == 0 and lo == 0 and s["mean"]:
            raw_negative.append(name)
    assert raw_negative  # the cut happened: with 2 replications many would be below zero
    assert kpis["cost_municipal_budget_nok"]["ci95"][0] is not None  # cost totals keep their own interval
    for name, periods in result.aggregate.series_summary("yearly").items():
        floor, ceiling = metric_range(name)
        for s in periods.values():
            if s["ci95"][0] is not None:
                assert floor <= s["ci95"][0] and s["ci95"][1] <= ceiling, name
    frame = result.aggregate.series_frame("monthly")
    counts = frame[~frame.metric.str.startswith("cost")]
    assert (counts.ci95_low.dropna() >= 0).all()


def test_the_dask_cluster_is_no_larger_than_the_run(monkeypatch, capsys) -> None:
    """Issue 19: --workers 8 started 8 dask workers for 2 replications."""
    import sim.cli as cli
    from sim.backends import LocalBackend

    seen = {}

    def backend(args, work=None):
        seen["workers"] = args.workers
        return LocalBackend(1)

    monkeypatch.setattr(cli, "backend_from_args", backend)
    argv = [
        "run",
        str(BASELINE),
        *SHORT,
        "--reps",
        "2",
        "--no-progress",
        "--backend",
        "dask",
        "--workers",
        "8",
    ]
    assert main(argv) == 0
    assert seen["workers"] == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sensitivity", "--spread", "0"], "--spread: must be greater than 0 and less than 1 (got 0)"),
        (["sensitivity", "--trajectories", "0"], "--trajectories: must be at least 1 (got 0)"),
        (["sensitivity", "--levels", "1"], "--levels: must be at least 2 (got 1)"),
        (["run", "--reps", "auto", "--precision", "0"], "precision must be a positive fraction"),
    ],
    ids=["spread 0", "no trajectories", "one level", "precision 0"],
)
def test_options_out_of_range_are_refused_in_plain_words(argv: list[str], message: str, capsys) -> None:
    """Issue 19: SALib's 'Bounds are not legal' and tracebacks reached the user."""
    command, *rest = argv
    assert main([command, str(BASELINE), *SHORT, *rest]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and "Bounds are not legal" not in err


def test_every_test_the_reliability_page_names_exists() -> None:
    """docs/RELIABILITY.md lists every promise with the test that keeps it: those tests exist."""
    import re

    text = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8")
    table = text.split("## Every promise and the test that keeps it", 1)[1]
    assert len(re.findall(r"::(test_\w+)", table)) >= 40
    file = None
    for row in table.splitlines():
        for f, name in re.findall(r"(?:`(test_\w+\.py)::|`::)(test_\w+)", row):
            file = f or file  # "::name" continues the file named before it in the row
            source = (ROOT / "tests" / file).read_text(encoding="utf-8")
            assert f"def {name}(" in source, f"{file}::{name}"
    for f in re.findall(r"`(test_\w+\.py)`", table):
        assert (ROOT / "tests" / f).exists(), f
