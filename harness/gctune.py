"""The cyclic garbage collector, tuned for runs that keep many small objects alive.

Extraction and verification both allocate millions of objects, most of them alive to the end (document
nodes, specs, checks, items, results). At CPython's default threshold (700 allocations) the collector ran
thousands of times a run, and each full pass walked every live object, the imported modules included.
`tune` freezes what is alive out of the passes and collects the young generation every `GC_THRESHOLD`
allocations; garbage is still collected, in fewer and larger passes.
"""

from __future__ import annotations

import gc

GC_THRESHOLD = 20_000
"""Allocations between collections of the youngest generation (CPython's default: 700)."""


def tune() -> tuple[int, int, int]:
    """Freeze what is alive now and raise the threshold; returns the thresholds to `restore`."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    return before


def restore(before: tuple[int, int, int]) -> None:
    gc.set_threshold(*before)
    gc.unfreeze()
