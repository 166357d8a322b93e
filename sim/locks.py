"""An exclusive lock on a result folder, so two runs never write into one folder (issue 19).

Two ``boligflyt run … --out X`` started together used to interleave their part files and
leave a folder that could be neither resumed nor restarted. A run now takes
``X/.boligflyt.lock`` before it reads or writes anything there: the lock is an advisory
``flock`` on that file (the kernel releases it when the process ends, however it ends, so
a lock is never stale), and the file holds the holder's PID, host, start time and command
so the refusal can say who has the folder. The file is removed, while still locked, when
the run ends; a later run that opened the old file before it was removed notices (its file
is no longer the one at the path) and tries again.

On a system without ``fcntl`` the lock is an ``O_EXCL`` file instead, taken over only when
the process named in it is gone from this host.

Forked worker processes inherit the lock's file descriptor; :func:`close_inherited` (run by
:func:`sim.backends.pool_worker_init`) closes it in them, so only the run itself holds the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shlex
import socket
import sys
import time
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".boligflyt.lock"

#: file descriptors of the locks this process holds (closed in forked workers)
_HELD: set[int] = set()


class FolderLockError(OSError):
    """The folder is locked by another run (``holder`` says which) or cannot be locked."""

    def __init__(self, message: str, holder: dict[str, Any] | None = None):
        super().__init__(message)
        self.holder = holder or {}


def close_inherited() -> None:
    """In a forked child: close the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


def _holder_info() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["boligflyt", *sys.argv[1:]]) if sys.argv and sys.argv[0] else "",
    }


def _read_holder(fd: int) -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
        if isinstance(doc, dict):
            return doc
    return {}


def _alive(pid: Any) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, TypeError, OverflowError):
        return True  # exists but is not ours, or unreadable: assume alive
    return True


def describe_holder(holder: dict[str, Any]) -> str:
    """``PID 123 on host h since 2025-01-01T10:00:00+00:00: boligflyt run …`` (what is known)."""
    parts = []
    if holder.get("pid"):
        parts.append(f"PID {holder['pid']}")
    if holder.get("host"):
        parts.append(f"on {holder['host']}")
    if holder.get("started_at"):
        parts.append(f"since {holder['started_at']}")
    text = " ".join(parts) or "a process that did not say who it is"
    return f"{text}: {holder['command']}" if holder.get("command") else text


class FolderLock:
    """``with FolderLock(folder):`` holds the folder's lock for the block (see the module doc).

    Raises :class:`FolderLockError` at once if another process holds it.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.fd: int | None = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> FolderLock:
        """Take the lock, or raise :class:`FolderLockError` naming its holder."""
        if self.fd is not None:
            return self
        for _ in range(100):  # another run may remove the file between our open and lock
            if fcntl is None:  # pragma: no cover - an O_EXCL file is the lock
                if self._exclusive_file():
                    return self
                continue
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _read_holder(fd)
                # the holder writes who it is just after taking the lock: a run started at
                # the same moment may look in between
                for _wait in range(50):
                    if holder:
                        break
                    time.sleep(0.01)
                    holder = _read_holder(fd)
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                    raise FolderLockError("locked", holder) from None
                raise
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._hold(fd)
                return self
            os.close(fd)
        raise FolderLockError("the lock file keeps changing")  # pragma: no cover

    def _exclusive_file(self) -> bool:  # pragma: no cover - systems without fcntl
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            fd = os.open(self.path, os.O_RDONLY)
            holder = _read_holder(fd)
            os.close(fd)
            if self.holder_alive(holder):
                raise FolderLockError("locked", holder) from None
            os.unlink(self.path)  # stale: its process is gone from this host
            return False
        self._hold(fd)
        return True

    def _hold(self, fd: int) -> None:
        data = json.dumps(_holder_info()).encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        self.fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        """Remove the lock file (while still holding it) and let go."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        _HELD.discard(fd)
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(fd)

    def holder_alive(self, holder: dict[str, Any]) -> bool:
        """Whether the process named in ``holder`` still runs (True when it is on another host)."""
        if holder.get("host") not in (None, socket.gethostname()):
            return True
        return _alive(holder.get("pid"))
