"""An error type for schema validators that know which field broke a rule.

A model validator sees the whole model, so pydantic reports its errors at the model's
location (``groups.youth.household_persons``). Raising :class:`FieldValueError` instead of
``ValueError`` lets the validator name the field inside the model
(``probabilities``), and :mod:`sim.loader` then points at that field's line in the file.
"""

from __future__ import annotations

from typing import Any

_UNSET: Any = object()
#: pass as ``value`` to show no ``(got ...)`` at all (the field is a whole section or table)
HIDDEN: Any = object()


class ResultFolderError(ValueError):
    """An output folder that cannot be started, resumed or written as asked (the message says
    why and what to do); :mod:`sim.runner` raises it, the command line exits with code 2."""


class FieldValueError(ValueError):
    """A validation rule broken by one field, named relative to the validated model.

    Parameters
    ----------
    message
        What is wrong, in plain words, without the field name.
    *path
        Keys from the validated model down to the offending field.
    value
        The value to show as ``(got ...)``; by default the value found at ``path``;
        :data:`HIDDEN` shows none.
    """

    def __init__(self, message: str, *path: str | int, value: Any = _UNSET):
        super().__init__(message)
        self.path: tuple[str | int, ...] = path
        self.value = value

    @property
    def has_value(self) -> bool:
        """Whether an explicit value to show was given."""
        return self.value is not _UNSET


#: characters a terminal may act on: C0 and C1 controls (ANSI escapes start with ESC, 0x1b)
#: and the bidirectional overrides that reorder what is shown
_UNSAFE = {c for c in range(0x20)} | {0x7F} | set(range(0x80, 0xA0)) | set(range(0x202A, 0x202F))
_UNSAFE |= set(range(0x2066, 0x206A))
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}


def printable(text: object) -> str:
    """``text`` safe to print on one line of a terminal: control characters (newlines, ANSI
    escape sequences, bidirectional overrides) are shown as ``\\x1b``-style escapes."""
    return str(text).translate(_ESCAPES)


class InvariantError(RuntimeError):
    """A model invariant broke; the message names the seed and replication to reproduce it."""


class EventLimitExceeded(RuntimeError):
    """A replication scheduled more events than :attr:`sim.clock.Clock.max_events` and was stopped."""
