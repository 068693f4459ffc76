"""Pickling objects that hold compiled scorers: the source is sent, the closures are rebuilt.

A compiled row (`Indicator`, `CompiledIndicator`) keeps closures made by the compiler, which
pickle cannot send. `Recompiled` is the one mechanism: a class lists its compiled fields in
`_COMPILED` and says how to build them from its other fields in `_recompile`; pickling sends
the other fields only (the rule, the target, the weight, the options: plain frozen values), and
the first read of a compiled field after unpickling builds them all again, as the compiler
built them (a process that receives a project it never scores compiles nothing). `restore` is
the one function unpickling calls, for these classes and for results (`IndicatorResult`), whose
lazy parts are written before they are sent.

Two threads reading a compiled field of the same unpickled object at once may both build it;
each builds the same value, and either is kept.
"""

from __future__ import annotations

from decimal import localcontext
from typing import ClassVar

import attrs

__all__ = ["Recompiled", "restore"]


def restore(cls: type, state: dict):
    """An instance of the attrs class `cls` with the fields of `state` (unpickling)."""
    instance = object.__new__(cls)
    for name, value in state.items():
        object.__setattr__(instance, name, value)
    return instance


class Recompiled:
    """Mixin of a slotted attrs class whose `_COMPILED` fields are rebuilt, never pickled.

    The class defines `_recompile(self) -> dict`: the compiled fields, by name, built from the
    others (Indicator and CompiledIndicator each build theirs as their constructor does)."""

    __slots__ = ()
    _COMPILED: ClassVar[frozenset[str]] = frozenset()

    def __reduce__(self):
        cls = type(self)
        state = {
            field.name: getattr(self, field.name)
            for field in attrs.fields(cls)
            if field.name not in cls._COMPILED
        }
        return restore, (cls, state)

    def __getattr__(self, name: str):
        # Only called when ordinary lookup fails: a compiled field left empty by `restore`.
        if name not in type(self)._COMPILED:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        from .options import CONTEXT

        with localcontext(CONTEXT):
            built = self._recompile()
        for key, value in built.items():
            object.__setattr__(self, key, value)
        return object.__getattribute__(self, name)
