"""Named random streams derived from one seed (never the global ``random``/``np.random``).

A stream is keyed by ``(seed, replication, name)`` through :class:`numpy.random.SeedSequence`;
keyed by a stable hash of the name rather than by position, so a new stream for a new policy
cannot shift the draws of the others.
"""

from __future__ import annotations

import zlib
from array import array

import numpy as np


def stream_key(name: str) -> int:
    """A stable 32-bit key for a stream name (the same on every machine and Python)."""
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, replication: int, name: str) -> np.random.Generator:
    """The generator for stream ``name`` of replication ``replication`` of run ``seed``."""
    ss = np.random.SeedSequence(entropy=int(seed), spawn_key=(int(replication), stream_key(name)))
    return np.random.Generator(np.random.PCG64(ss))


class FateBlocks:
    """Per-household "fate" uniforms for one group, drawn from the group's own stream.

    Household ``i`` of the group always gets row ``i``, whatever the policy: rows are drawn
    in chunks from one stream, and chunked draws equal one big draw (C order), so the
    assignment does not depend on how many households came before in other groups.

    A row is an ``array('d')`` (8 bytes a number) rather than a list of Python floats
    (32): a household keeps its row all its life, and at Oslo size the lists alone would
    fill the CPU caches several times over.
    """

    FIRST_CHUNK = 8
    MAX_CHUNK = 1024

    def __init__(self, gen: np.random.Generator, width: int):
        self._gen = gen
        self._width = width
        self._start = 0  # index of the first row of the current chunk
        self._n = 0  # rows in the current chunk
        self._chunk = self.FIRST_CHUNK
        # The current chunk lives in an array('d') that NumPy fills in place (through a view
        # of its buffer); a row is a slice of it. Drawing into fresh arrays and copying them
        # out as bytes cost three times as much per household (new memory is page-faulted in).
        self._store = array("d")
        self._view = np.empty(0)

    def row(self, index: int) -> array[float]:
        """The uniforms of household ``index`` (0-based, asked for in increasing order).

        Only the current chunk is kept, so memory does not grow with the horizon.
        """
        if index < self._start:
            raise IndexError(f"fate row {index} was already passed (rows are handed out in order)")
        w = self._width
        while index >= self._start + self._n:
            self._start += self._n
            n = self._chunk
            if len(self._view) < n * w:  # chunks grow geometrically: small groups draw little
                self._store = array("d", bytes(8 * n * w))
                self._view = np.frombuffer(self._store, dtype=np.float64)
            # the same numbers as gen.random((n, w)) in C order: chunking does not change them
            self._gen.random(out=self._view[: n * w])
            self._n = n
            self._chunk = min(n * 2, self.MAX_CHUNK)
        k = (index - self._start) * w
        return self._store[k : k + w]
