"""Backends (issue 7): one process, a process pool and dask give the same numbers, byte for byte.

The dask tests use a ``LocalCluster(n_workers=2, processes=True)`` on 127.0.0.1, and one
test starts a real ``dask scheduler`` and two ``dask worker`` processes on loopback and
runs ``boligflyt run --backend dask --scheduler tcp://127.0.0.1:PORT`` against them.
Every test also checks that the work really ran on the cluster's workers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from dask.distributed import Client, LocalCluster

import sim
from sim import backends
from sim.analysis.comparison import paired_compare
from sim.analysis.sweep import sweep
from sim.backends import BackendError, DaskBackend, LocalBackend, get_backend
from sim.cli import main
from sim.runner import iter_replications, run

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SHORT = ["end_date=2018-12-31"]  # three simulated years: a replication takes a fraction of a second
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def short() -> sim.Scenario:
    """The baseline cut to 2016-2018."""
    return sim.load_scenario(BASELINE, SHORT)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A client of a two-process local dask cluster on the loopback interface."""
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        Client(cluster, set_as_default=False) as c,
    ):
        c.wait_for_workers(2, timeout=60)
        yield c


def executed(c: Client, timeout: float = 30.0) -> int:
    """Tasks the cluster's workers have run so far (summed over workers), once none is running.

    A task cancelled while it runs still finishes on its worker, so counts are read only
    when every worker is idle.
    """
    deadline = time.monotonic() + timeout
    while any(c.run(lambda dask_worker: len(dask_worker.state.executing)).values()):
        assert time.monotonic() < deadline, "dask workers still busy"
        time.sleep(0.05)
    return sum(c.run(lambda dask_worker: dask_worker.state.executed_count).values())


def kpi_row_bytes(result: sim.RunResult) -> dict[int, bytes]:
    """Each replication's KPI row as bytes: the names, their order and every value's IEEE-754 bits."""
    out = {}
    for rep, row in result.aggregate.kpi_rows.items():
        names = "\x1f".join(row).encode()
        out[rep] = names + b"\x1e" + np.asarray(list(row.values()), dtype="<f8").tobytes()
    return out


def as_json(doc: Any) -> str:
    """JSON text exactly as ``boligflyt run --json`` prints it (NaN spelled out, not dropped)."""
    return json.dumps(doc, ensure_ascii=False, default=lambda x: x.tolist() if hasattr(x, "tolist") else x)


# ---------------------------------------------------------------- run
def test_run_is_identical_sequentially_in_a_pool_and_on_dask(short, client):
    seq = run(short, replications=4, seed=7, workers=1)
    pool = run(short, replications=4, seed=7, workers=2)
    before = executed(client)
    on_dask = run(short, replications=4, seed=7, backend=DaskBackend(client=client))
    assert executed(client) - before == 4  # the four replications ran on the cluster's workers
    for other in (pool, on_dask):
        assert as_json(other.to_json_dict()) == as_json(seq.to_json_dict())
        assert kpi_row_bytes(other) == kpi_row_bytes(seq)
        assert other.aggregate.replications == [0, 1, 2, 3]
    # the comparison can fail: another seed gives other households and other numbers
    other_seed = run(short, replications=1, seed=8)
    assert kpi_row_bytes(other_seed)[0] != kpi_row_bytes(seq)[0]


def test_result_files_from_dask_equal_those_from_one_process(short, client, tmp_path):
    """The files are built from parts written in the order replications finish on the cluster."""
    run(short, replications=3, seed=3, out=tmp_path / "seq")
    run(short, replications=3, seed=3, out=tmp_path / "dask", backend=DaskBackend(client=client))
    for name in ("kpis_by_replication.csv", "summary_kpis.csv", "summary_yearly.csv", "summary.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "seq" / name).read_bytes(), name
    for name in ("yearly.parquet", "monthly.parquet"):
        import pandas as pd

        a = pd.read_parquet(tmp_path / "seq" / name)
        b = pd.read_parquet(tmp_path / "dask" / name)
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_iter_replications_yields_in_the_order_asked_on_every_backend(short, client):
    reps = [4, 0, 2]
    seq = [r.kpis for r in iter_replications(short, reps, seed=2)]
    for backend in (LocalBackend(2), DaskBackend(client=client)):
        got = list(iter_replications(short, reps, seed=2, backend=backend))
        assert [r.replication for r in got] == reps
        assert [r.kpis for r in got] == seq


def test_a_dask_generator_closed_early_cancels_the_rest_and_the_backend_goes_on(short, client):
    backend = DaskBackend(client=client)
    from sim.runner import _task

    gen = backend.as_completed(_task, [(short, 1, r, False) for r in range(6)])
    first = next(gen)
    gen.close()
    assert first.replication in range(6)
    # the client is the caller's: still open and usable after the generator and the backend close
    backend.close()
    assert [r.replication for r in backend.imap(_task, [(short, 1, 1, False)])] == [1]


# ---------------------------------------------------------------- an analysis
def test_sweep_and_compare_are_identical_on_every_backend(short, client):
    values = {"allocation.meeting_interval_days": [7, 56]}
    dask = DaskBackend(client=client)
    before = executed(client)
    mappers = (LocalBackend(1), LocalBackend(2), dask)
    sweeps = [sweep(short, values, replications=2, seed=4, mapper=m) for m in mappers]
    # two variants and the scenario as given (the reference for the differences), 2 replications each
    assert executed(client) - before == 6
    docs = [as_json(s.to_json_dict()) for s in sweeps]
    assert docs[1] == docs[0] and docs[2] == docs[0]
    assert sweeps[0].rows[0]["mean_wait_days"] != sweeps[0].rows[1]["mean_wait_days"]

    variant = sim.load_scenario(BASELINE, [*SHORT, "name=weekly", "allocation.meeting_interval_days=7"])
    seq = paired_compare([short, variant], replications=2, seed=4)
    on_dask = paired_compare([short, variant], replications=2, seed=4, backend=dask)
    assert as_json(on_dask.to_json_dict()) == as_json(seq.to_json_dict())


def test_the_command_line_starts_its_own_local_cluster(short, capsys):
    """``--backend dask`` without ``--scheduler``: a LocalCluster of ``--workers`` processes."""
    args = ["run", str(BASELINE), "--set", SHORT[0], "--reps", "2", "--seed", "5", "--json", "--no-progress"]
    assert main(args) == 0
    local = capsys.readouterr().out
    assert main([*args, "--backend", "dask", "--workers", "2"]) == 0
    assert capsys.readouterr().out == local
    assert json.loads(local)["replications"] == 2


# ---------------------------------------------------------------- options that cannot work
def test_backend_options_that_conflict_are_refused():
    with pytest.raises(BackendError, match="--backend dask"):
        get_backend("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(BackendError, match="unknown backend"):
        get_backend("spark")
    with pytest.raises(BackendError, match="at least 1 worker"):
        get_backend("dask", workers=0)
    assert isinstance(get_backend("local", workers=3), LocalBackend)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_exits_2_before_writing_anything(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT_S", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    out = tmp_path / "res"
    args = ["run", str(BASELINE), "--set", SHORT[0], "--reps", "2", "--no-progress"]
    code = main([*args, "--backend", "dask", "--scheduler", address, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--scheduler {address}: cannot reach a dask scheduler there" in err
    assert not out.exists()  # no partial folder that would then ask for --resume
    assert main(["run", str(BASELINE), "--scheduler", address]) == 2
    assert "--scheduler: needs --backend dask" in capsys.readouterr().err
    sweep_args = ["sweep", str(BASELINE), "--param", "allocation.meeting_interval_days", "--values", "7"]
    assert main([*sweep_args, "--scheduler", address]) == 2
    assert "boligflyt sweep: --scheduler: needs --backend dask" in capsys.readouterr().err


# ---------------------------------------------------------------- a real cluster on loopback
LOOPBACK = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]


def _stop(procs: list[subprocess.Popen]) -> None:
    """SIGTERM each started process group, then SIGKILL what is still there after 10 s."""
    for p in procs:
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


@pytest.mark.slow  # about 10 s: three dask processes and a boligflyt process start
def test_boligflyt_run_on_a_scheduler_and_two_workers_started_on_loopback(tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    commands = {
        "scheduler": [dask, "scheduler", "--port", str(port), *LOOPBACK, "--idle-timeout", "300s"],
        # workers exit by themselves a minute after losing the scheduler
        **{w: [dask, "worker", address, "--nthreads", "1", "--name", w, *LOOPBACK] for w in ("w0", "w1")},
    }
    procs: list[subprocess.Popen] = []
    try:
        for name, cmd in commands.items():
            with open(tmp_path / f"{name}.log", "w") as log:  # the child keeps its own copy
                procs.append(
                    subprocess.Popen(
                        [*cmd, "--death-timeout", "60s"] if name != "scheduler" else cmd,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        start_new_session=True,  # its own process group, so _stop reaches its children
                    )
                )
        with Client(address, timeout=30, set_as_default=False) as c:
            c.wait_for_workers(2, timeout=60)
            before = executed(c)
            cmd = [str(BIN / "boligflyt"), "run", str(BASELINE), "--set", SHORT[0], "--reps", "4"]
            cmd += ["--seed", "6", "--json", "--no-progress", "--backend", "dask", "--scheduler", address]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
            assert done.returncode == 0, done.stderr[-2000:]
            assert executed(c) - before == 4  # all four replications ran on the two workers
        local = run(sim.load_scenario(BASELINE, SHORT), replications=4, seed=6)
        assert done.stdout == as_json(local.to_json_dict()) + "\n"
    finally:
        _stop(procs)
    assert all(p.poll() is not None for p in procs)
