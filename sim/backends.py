"""Where replications run: this process, a local process pool, or a dask cluster.

A backend maps a module-level function over plain-data tasks (a scenario, a seed, a
replication number) whose answers are plain data too, so nothing of SimPy crosses a
process or a machine. Replication ``r`` of seed ``s`` draws from
``SeedSequence(s, spawn_key=(r, ...))`` wherever it runs, and the callers fold answers in
replication order, so every backend gives the same numbers, byte for byte.

- ``local`` (the default): sequential with ``workers <= 1``, else a
  :class:`concurrent.futures.ProcessPoolExecutor` of ``workers`` processes, started on first
  use and kept until the backend is closed.
- ``dask``: a :class:`dask.distributed.Client` connected to ``scheduler``
  (``tcp://HOST:PORT``, a cluster started with ``dask scheduler`` / ``dask worker``), or,
  without an address, to a :class:`dask.distributed.LocalCluster` of ``workers`` processes
  on the loopback interface. Needs the ``distributed`` extra
  (``pip install 'boligflyt[distributed]'``).

A :class:`Backend` is also a :data:`sim.analysis.common.Mapper`, so any analysis takes one as
its ``mapper``::

    from sim.backends import get_backend

    with get_backend("dask", scheduler="tcp://10.0.0.5:8786") as backend:
        result = sim.run(scenario, replications=1000, backend=backend)
        table = sweep(scenario, {"start_loans.budget_nok_per_year": [2e7, 4e7]}, mapper=backend)

A dask backend connects (or starts its cluster) on first use and is reused until
:meth:`Backend.close`; pass one object to many calls rather than a name to each.

Tasks are handed out as they are needed (at most a few per worker in flight), so a run of
ten million replications costs no more memory than a run of ten. Pool workers die with the
process that started them (:func:`pool_worker_init`): on Linux the kernel signals them when
it ends, and everywhere a watchdog thread notices that their parent is gone, so a
``kill -9`` of ``boligflyt run --workers N`` leaves no worker behind.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import ctypes
import ctypes.util
import itertools
import logging
import os
import signal
import socket
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sim.locks import close_inherited

#: names accepted by ``--backend``
BACKENDS: tuple[str, ...] = ("local", "dask")
#: seconds to wait for a dask scheduler to answer before giving up
CONNECT_TIMEOUT_S = 10.0
#: tasks in flight per worker (the rest are made when these finish)
TASKS_PER_WORKER = 2
#: seconds between a pool worker's checks that its parent is still alive
PARENT_POLL_S = 0.5

Task = Any
Fn = Callable[[Any], Any]


class BackendError(ValueError):
    """A backend that cannot be used as asked (bad options, dask missing, scheduler unreachable)."""


def pool_worker_init() -> None:
    """Pool workers leave Ctrl-C to the parent (which keeps the finished work), die on SIGTERM,
    and die with their parent: a ``kill -9`` of the run must not leave workers behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    close_inherited()  # the parent's lock on its output folder stays the parent's
    close_network_sockets()
    die_with_parent()


def close_network_sockets() -> None:
    """In a forked child: close the TCP sockets inherited from the parent.

    A server that forks its pool (the dashboard) would otherwise keep every browser
    connection open in its workers: when the server closes an idle keep-alive connection,
    the kernel sends no FIN while a worker still holds it, the browser sends its next
    request on that connection, and nobody ever reads it (a page's lazily loaded
    scripts hung for ever). The pool's own pipes are not sockets and stay open.
    """
    fds = "/proc/self/fd"
    if not os.path.isdir(fds):
        return
    for name in os.listdir(fds):
        with contextlib.suppress(OSError, ValueError):
            fd = int(name)
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            sock = socket.socket(fileno=fd)
            family = sock.family
            sock.detach()  # leave the descriptor to os.close below, or open
            if family in (socket.AF_INET, socket.AF_INET6):
                os.close(fd)


def die_with_parent(parent: int | None = None) -> None:
    """End this process when ``parent`` (default: the current parent) ends.

    On Linux the kernel sends SIGTERM when the parent dies (``PR_SET_PDEATHSIG``); on any
    system a daemon thread checks every :data:`PARENT_POLL_S` seconds that the parent is
    still this process's parent, and exits at once if not (a worker blocked writing to a
    pipe nobody reads would otherwise live on, adopted by PID 1).
    """
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="boligflyt-parent-watch", daemon=True).start()


def _window(tasks: Iterable[Task], size: int) -> tuple[list[Task], Iterator[Task]]:
    """The first ``size`` tasks and an iterator over the rest (tasks are made lazily)."""
    it = iter(tasks)
    return list(itertools.islice(it, size)), it


def _leave_ctrl_c_to_the_client() -> None:
    """Run on a local cluster's workers: ignore SIGINT (no traceback from each on Ctrl-C)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class Backend:
    """Runs a function over tasks. Calling it, ``backend(fn, tasks)``, is the ordered map
    the analyses use as a ``mapper``; it is also a context manager that closes it."""

    name = "backend"

    def imap(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """Yield ``fn(task)`` for every task, in task order."""
        raise NotImplementedError

    def as_completed(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """Yield ``fn(task)`` for every task as soon as it finishes (any order).

        Closing the generator early (an exception, Ctrl-C) cancels the tasks not yet run.
        """
        raise NotImplementedError

    def __call__(self, fn: Fn, tasks: Iterable[Task]) -> list[Any]:
        """``fn`` over ``tasks``, the answers in task order (a ``Mapper``)."""
        return list(self.imap(fn, tasks))

    def describe(self) -> str:
        """One line for people: what runs the tasks."""
        return self.name

    def start(self) -> Backend:
        """Connect now (a dask backend otherwise connects on first use), so that a bad
        address fails before anything is written; returns the backend."""
        return self

    def close(self) -> None:
        """Release what the backend holds (a dask client and the cluster it started)."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_workers(work: int | None = None) -> int:
    """Processes to use by default: every core this process may run on, but no more than
    ``work`` items (a pool larger than the work only costs start-up time)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    cores = max(1, cores)
    return cores if work is None else max(1, min(cores, int(work)))


class LocalBackend(Backend):
    """This process (``workers <= 1``) or a pool of ``workers`` processes.

    The pool is started on the first task that needs it and kept until :meth:`close`, so an
    analysis that maps many small batches (a sizing tries dozens of plans, a budget verdict
    adds replications in rounds) pays for starting processes once, and the workers keep
    what they have cached (scenarios read, modules imported). A pool whose worker died is
    replaced on the next call. ``mp_context`` is a :mod:`multiprocessing` start method
    (default: the platform's); a long-lived multi-threaded server such as the dashboard uses
    ``"forkserver"``, since forking a process with threads running can deadlock.
    """

    name = "local"

    def __init__(self, workers: int | None = 1, mp_context: str | None = None):
        self.workers = int(workers or 1)
        self.mp_context = mp_context
        self._pool: cf.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def describe(self) -> str:
        """``local, 1 process`` or ``local, N processes``."""
        return f"local, {self.workers} process{'es' if self.workers > 1 else ''}"

    def _sequential(self, tasks: list[Task]) -> bool:
        return self.workers <= 1 or len(tasks) <= 1

    def pool(self) -> cf.ProcessPoolExecutor:
        """The backend's process pool (started now if it is not running)."""
        with self._lock:
            pool = self._pool
            if pool is None or getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False):
                import multiprocessing

                ctx = multiprocessing.get_context(self.mp_context) if self.mp_context else None
                pool = cf.ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=ctx, initializer=pool_worker_init
                )
                self._pool = pool
            return pool

    def imap(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """Ordered, in chunks of several tasks per message to the pool."""
        tasks = list(tasks)
        if self._sequential(tasks):
            for t in tasks:
                yield fn(t)
            return
        chunk = max(1, len(tasks) // (self.workers * 8))
        futures = [
            self.pool().submit(_run_chunk, fn, tasks[i : i + chunk]) for i in range(0, len(tasks), chunk)
        ]
        try:
            for f in futures:
                yield from f.result()
        finally:
            for f in futures:
                f.cancel()  # what has not started (an exception, a closed generator)

    def as_completed(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """A few tasks per worker in flight, the next made as one finishes; pool workers ignore
        Ctrl-C so the parent can keep finished work, and die with it."""
        first, rest = _window(tasks, max(2, self.workers * TASKS_PER_WORKER))
        if self._sequential(first):
            for t in itertools.chain(first, rest):
                yield fn(t)
            return
        pool = self.pool()
        pending = {pool.submit(fn, t) for t in first}
        try:
            while pending:
                finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for f in finished:
                    nxt = next(rest, None)
                    if nxt is not None:
                        pending.add(pool.submit(fn, nxt))
                    yield f.result()
        finally:
            for f in pending:
                f.cancel()

    def close(self) -> None:
        """Stop the pool's processes (tasks not started are cancelled)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _run_chunk(fn: Fn, tasks: list[Task]) -> list[Any]:
    """Several tasks in one message to a pool worker, answers in order."""
    return [fn(t) for t in tasks]


class DaskBackend(Backend):
    """Tasks on a dask.distributed cluster: the one at ``scheduler``, a ``client`` you made, or
    (neither given) a ``LocalCluster`` of ``workers`` single-threaded processes on 127.0.0.1.

    The client is made on first use; ``timeout`` is how long to wait for the scheduler
    (default :data:`CONNECT_TIMEOUT_S`). Functions travel by reference (module and name),
    so the ``sim`` package must be importable, in the same version, on every worker.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        client: Any = None,
        timeout: float | None = None,
    ):
        if workers is not None and workers < 1 and scheduler is None and client is None:
            raise BackendError(f"--workers: a local dask cluster needs at least 1 worker (got {workers})")
        self.scheduler = scheduler
        self.workers = workers
        self.timeout = timeout
        self._client = client
        self._owns_client = client is None
        self._cluster: Any = None

    def describe(self) -> str:
        """Where the tasks go: the scheduler's address or the local cluster's size."""
        if self.scheduler:
            return f"dask, scheduler {self.scheduler}"
        if self._client is not None and not self._owns_client:
            return "dask, the given client"
        return f"dask, local cluster of {self._local_workers()} processes"

    def _local_workers(self) -> int:
        return int(self.workers or os.cpu_count() or 1)

    @property
    def client(self) -> Any:
        """The :class:`dask.distributed.Client` (connecting, or starting the cluster, on first use)."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def start(self) -> DaskBackend:
        """Connect to the scheduler, or start the local cluster, now."""
        _ = self.client
        return self

    def _connect(self) -> Any:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise BackendError(
                "--backend dask needs dask.distributed: pip install 'boligflyt[distributed]'"
            ) from exc
        if self.scheduler:
            try:
                timeout = CONNECT_TIMEOUT_S if self.timeout is None else self.timeout
                return Client(self.scheduler, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                why = " ".join(str(exc).split()) or type(exc).__name__
                raise BackendError(
                    f"--scheduler {self.scheduler}: cannot reach a dask scheduler there ({why})"
                ) from exc
        self._cluster = LocalCluster(
            n_workers=self._local_workers(),
            threads_per_worker=1,  # the model is pure Python: processes, not threads, run in parallel
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # loopback, any free port (not 8787)
            # a task's error reaches the client as an exception; the cluster's own ERROR lines
            # (a heartbeat missed while it shuts down) only alarm: a run that exits 0 prints none
            silence_logs=logging.CRITICAL,
        )
        try:
            client = Client(self._cluster, set_as_default=False)
            # Ctrl-C reaches the whole process group; the client cancels and closes the cluster
            client.run(_leave_ctrl_c_to_the_client)
            return client
        except BaseException:
            self._cluster.close()
            self._cluster = None
            raise

    def imap(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """All tasks submitted at once; answers handed back (and released) in task order."""
        tasks = list(tasks)
        if not tasks:
            return
        client = self.client
        pending = deque(client.map(fn, tasks, pure=False))
        try:
            while pending:
                yield pending[0].result()
                pending.popleft()
        finally:
            if pending:
                client.cancel(list(pending))

    def as_completed(self, fn: Fn, tasks: Iterable[Task]) -> Iterator[Any]:
        """A few tasks per worker thread in flight, the next submitted as one finishes; each
        answer as soon as its worker sends it."""
        from dask.distributed import as_completed

        client = self.client
        threads = 1
        with contextlib.suppress(Exception):  # a cluster still starting reports no threads
            threads = sum(client.nthreads().values()) or 1
        first, rest = _window(tasks, max(2, TASKS_PER_WORKER * threads))
        if not first:
            return
        futures = client.map(fn, first, pure=False)
        pending = {f.key: f for f in futures}
        done = as_completed(futures, loop=client.loop)
        del futures
        try:
            for f in done:
                result = f.result()
                pending.pop(f.key, None)
                nxt = next(rest, None)
                if nxt is not None:
                    new = client.submit(fn, nxt, pure=False)
                    pending[new.key] = new
                    done.add(new)
                yield result
        finally:
            done.clear()
            if pending:
                client.cancel(list(pending.values()))

    def close(self) -> None:
        """Close the client and the local cluster, if this backend made them (quietly: the
        messages dask logs while a cluster shuts down are not problems of the run)."""
        client, cluster = self._client, self._cluster
        self._cluster = None
        with _quiet("distributed", "tornado", "asyncio"):
            if self._owns_client:
                self._client = None
                if client is not None:
                    with contextlib.suppress(Exception):
                        client.close()
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close()


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Raise the named loggers to CRITICAL for the block."""
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def get_backend(name: str = "local", workers: int | None = 1, scheduler: str | None = None) -> Backend:
    """The backend called ``name`` (``local`` or ``dask``) with ``workers`` and ``scheduler``.

    Raises :class:`BackendError` for an unknown name or a ``scheduler`` given to ``local``.
    Nothing is started yet: a dask backend connects on first use.
    """
    if name not in BACKENDS:
        raise BackendError(f"--backend: unknown backend {name!r} (choose {' or '.join(BACKENDS)})")
    if name == "local":
        if scheduler:
            raise BackendError("--scheduler: needs --backend dask (the local backend has no scheduler)")
        return LocalBackend(workers)
    return DaskBackend(scheduler=scheduler or None, workers=workers)


@contextlib.contextmanager
def using(
    backend: str | Backend | None = None, workers: int | None = 1, scheduler: str | None = None
) -> Iterator[Backend]:
    """A backend for the length of a ``with`` block.

    A :class:`Backend` object is used as it is and left open (its owner closes it); a name
    (``None`` means ``local``) makes one with ``workers`` and ``scheduler``, closed at the end.
    """
    if isinstance(backend, Backend):
        yield backend
        return
    made = get_backend(backend or "local", workers, scheduler)
    try:
        yield made
    finally:
        made.close()


# ---------------------------------------------------------------- command line
def _workers_type(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {n})")
    return n


def add_backend_args(p: argparse.ArgumentParser) -> None:
    """``--workers``, ``--backend`` and ``--scheduler`` (every command that runs many simulations)."""
    p.add_argument(
        "--workers",
        type=_workers_type,
        default=None,
        help="processes to use (default: the number of cores, or fewer when there is less work); "
        "with --backend dask and no --scheduler, the local cluster's worker processes; ignored with "
        "--scheduler",
    )
    p.add_argument(
        "--backend",
        choices=BACKENDS,
        default="local",
        help="local: this machine (a process pool with --workers); dask: a dask.distributed "
        "cluster (default local)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --backend dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)",
    )


def backend_from_args(args: argparse.Namespace, work: int | None = None) -> Backend:
    """The backend the options ask for (not started yet); :class:`BackendError` if they conflict.

    Without ``--workers`` a local backend uses every core (:func:`default_workers`), but no
    more processes than ``work`` items when the command knows how many it has.
    """
    workers = getattr(args, "workers", None)
    name = getattr(args, "backend", "local") or "local"
    if name == "local" and workers is None:
        workers = default_workers(work)
    return get_backend(name, workers, getattr(args, "scheduler", None))
